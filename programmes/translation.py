from modeltranslation.translator import TranslationOptions, register

from programmes.models import AchievedResult, Objective, PlannedResult, Programme


@register(Programme)
class ProgrammeTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "summary",
        "introduction",
        "objectives_introduction",
        "bzk_portfolio_connection",
        "image_alt_text",
        "image_caption",
        "intended_effect",
        "responsible_unit",
    )
    required_languages = ("nl",)


@register(Objective)
class ObjectiveTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("nl",)


@register(PlannedResult)
class PlannedResultTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ("nl",)


@register(AchievedResult)
class AchievedResultTranslationOptions(TranslationOptions):
    fields = ("heading", "text")
    required_languages = ("nl",)
