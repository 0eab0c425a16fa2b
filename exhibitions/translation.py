import reversion
from modeltranslation.translator import TranslationOptions, register

from exhibitions.models import Curator, Exhibition, TimelineItem


@register(Curator)
class CuratorTranslationOptions(TranslationOptions):
    fields = ("role",)


@register(Exhibition)
class ExhibitionTranslationOptions(TranslationOptions):
    fields = ("title", "subtitle", "teaser", "curator_introduction", "reading_guide")
    required_languages = ("nl",)


@register(TimelineItem)
class TimelineItemTranslationOptions(TranslationOptions):
    fields = ("title", "text", "image_alt_text", "image_caption", "captions", "transcript")
    required_languages = ("nl",)


reversion.register(Curator)
reversion.register(TimelineItem)
reversion.register(Exhibition, follow=["items"])
