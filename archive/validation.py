"""The models' own validation of a bundle document's values, as problems at JSON paths: the
same rules an editor meets in the admin, for programmes, exhibitions and all their parts."""

import json

from django.core.exceptions import ValidationError
from django.db.models import Model
from modeltranslation.translator import NotRegistered, translator

from archive.problems import Problem, _, json_path
from website.richtext import RichTextField, sanitise_html


def validation_problems(
    instance: Model, document_path: str, prefix: list, **options
) -> list[Problem]:
    """``full_clean(**options)`` of an unsaved instance, as problems at JSON paths under
    ``prefix``. A model's untranslated field name (from ``clean()``) means its Dutch text."""
    try:
        instance.full_clean(**options)
    except ValidationError as error:
        translated = translated_fields(type(instance))
        problems = []
        for name, messages in error.message_dict.items():
            json_name = f"{name}_nl" if name in translated else name
            where = prefix if name == "__all__" else [*prefix, json_name]
            problems.extend(Problem(document_path, json_path(where), m) for m in messages)
        return problems
    return []


def rich_text_problems(
    values: dict, prefix: list, fields: list[str], document_path: str
) -> list[Problem]:
    """Rich text must arrive as the site stores it: sanitised HTML (website/richtext.py). A field
    the document leaves out (an optional one, such as a bundle made before it existed) is not
    checked: the import leaves it as it is."""
    problems = []
    for name in fields:
        if name not in values:
            continue
        stored = sanitise_html(values[name])
        if stored != values[name]:
            problems.append(
                Problem(
                    document_path,
                    json_path([*prefix, name]),
                    _(
                        "This HTML is not in the form the site stores (only simple, safe HTML "
                        "is kept); it would be stored as: %(stored)s",
                        stored=json.dumps(stored, ensure_ascii=False),
                    ),
                )
            )
    return problems


def rich_text_fields(model: type[Model]) -> list[str]:
    """The per-language rich-text fields of a model, as a document names them."""
    return [
        field.name
        for field in model._meta.get_fields()
        if isinstance(field, RichTextField) and field.name.endswith(("_nl", "_en"))
    ]


def translated_fields(model: type[Model]) -> frozenset[str]:
    """The fields modeltranslation keeps per language (``title`` for ``title_nl``)."""
    try:
        return frozenset(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return frozenset()


def open_draft_problems(model: type[Model], slug: str, document_path: str) -> list[Problem]:
    """An item that editors are changing in a draft (publishing/drafts.py) is not imported over:
    the import would change the published version under the draft, and publishing the draft
    later would undo the import. The archivist asks the editors to publish or discard it."""
    draft = model.with_drafts.filter(draft_of__slug=slug)
    if not draft.exists():
        return []
    return [
        Problem(
            document_path,
            json_path(["slug"]),
            _(
                "%(slug)s has a draft with changes in the admin. Ask an Eindredacteur to publish "
                "or discard it, then import again.",
                slug=slug,
            ),
        )
    ]
