import reversion
from cookie_consent.models import Cookie, CookieGroup
from modeltranslation.translator import TranslationOptions, register

from website.models import SitePage, SiteSettings


@register(SiteSettings)
class SiteSettingsTranslationOptions(TranslationOptions):
    fields = ("introduction",)


@register(SitePage)
class SitePageTranslationOptions(TranslationOptions):
    fields = ("title", "body")
    required_languages = ("nl",)


@register(CookieGroup)
class CookieGroupTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("nl",)


@register(Cookie)
class CookieTranslationOptions(TranslationOptions):
    fields = ("description",)


# See programmes/translation.py: history is registered after the translations.
reversion.register(SiteSettings)
reversion.register(SitePage)
