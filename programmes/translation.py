import reversion
from modeltranslation.translator import TranslationOptions, register

from programmes.models import AchievedResult, FormerSlug, Objective, PlannedResult, Programme


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
        "provenance",
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


# History (django-reversion) is registered here, after the translations, so that versions hold
# every language's fields. A programme's version includes its parts, so that restoring it
# restores (and removes) objectives, results, documents and former addresses with it.
reversion.register(Objective)
reversion.register(PlannedResult)
reversion.register(AchievedResult)
reversion.register(FormerSlug)
reversion.register(
    Programme,
    follow=["objectives", "planned_results", "achieved_results", "documents", "former_slugs"],
)
