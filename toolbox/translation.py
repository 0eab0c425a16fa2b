import reversion
from modeltranslation.translator import TranslationOptions, register

from toolbox.models import ToolboxDocument


@register(ToolboxDocument)
class ToolboxDocumentTranslationOptions(TranslationOptions):
    fields = ("title", "description")
    required_languages = ("nl",)


# See programmes/translation.py: history is registered after the translations.
reversion.register(ToolboxDocument)
