import reversion
from modeltranslation.translator import TranslationOptions, register

from themes.models import Theme


@register(Theme)
class ThemeTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("nl",)


# See programmes/translation.py: history is registered after the translations.
reversion.register(Theme)
