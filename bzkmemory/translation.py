from modeltranslation.translator import TranslationOptions, register

from bzkmemory.models import SiteSettings


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("introduction",)
