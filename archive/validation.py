"""The models' own validation of a bundle document's values, as problems at JSON paths: the
same rules an editor meets in the admin, for programmes, exhibitions and all their parts."""

import json
import operator
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import connections, router
from django.db.models import (
    BooleanField,
    CheckConstraint,
    F,
    Model,
    Q,
    UniqueConstraint,
    Value,
)
from django.db.models.functions import Coalesce
from modeltranslation.translator import NotRegistered, translator

from archive.problems import Problem, _, json_path
from website.richtext import RichTextField, sanitise_html


def validation_problems(
    instance: Model, document_path: str, prefix: list, **options
) -> list[Problem]:
    """``full_clean(**options)`` of an unsaved instance, as problems at JSON paths under
    ``prefix``. A model's untranslated field name (from ``clean()``) means its Dutch text."""
    try:
        full_clean(instance, **options)
    except ValidationError as error:
        translated = translated_fields(type(instance))
        problems = []
        for name, messages in error.message_dict.items():
            json_name = f"{name}_nl" if name in translated else name
            where = prefix if name == "__all__" else [*prefix, json_name]
            problems.extend(Problem(document_path, json_path(where), m) for m in messages)
        return problems
    return []


def full_clean(
    instance: Model, exclude=None, validate_unique: bool = True, validate_constraints: bool = True
) -> None:
    """``instance.full_clean()``, the same errors, with each check constraint evaluated on only
    the values it names. Django's own check hands the database every field of the instance, and
    building that query was most of an import's checking: 20 of 30 seconds per 1,000
    programmes."""
    errors: dict = {}
    exclude = set(exclude or ())
    try:
        instance.full_clean(
            exclude=exclude, validate_unique=validate_unique, validate_constraints=False
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if validate_constraints:
        # As Django does: only the fields that passed validation.
        exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
        try:
            _validate_constraints(instance, exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _validate_constraints(instance: Model, exclude: set[str]) -> None:
    """``Model.validate_constraints``, check constraints by ``_check``."""
    using = router.db_for_write(type(instance), instance=instance)
    errors: dict = {}
    for model, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                if isinstance(constraint, CheckConstraint):
                    _check(constraint, model, instance, exclude, using)
                elif isinstance(constraint, UniqueConstraint):
                    _unique(constraint, model, instance, exclude, using)
                else:
                    constraint.validate(model, instance, exclude=exclude, using=using)
            except ValidationError as error:
                fields = getattr(constraint, "fields", ())
                if getattr(error, "code", None) == "unique" and len(fields) == 1:
                    errors.setdefault(fields[0], []).append(error)
                else:
                    errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def _check(
    constraint: CheckConstraint, model: type[Model], instance: Model, exclude: set, using: str
) -> None:
    """``CheckConstraint.validate``: evaluated here where the condition is simple enough
    (``evaluate``), else by the database with only the fields the condition names."""
    condition = constraint.condition
    if exclude and constraint._expression_refs_exclude(model, condition, exclude):
        return
    try:
        # A check fails only when false: SQL's unknown (a null) passes.
        holds = evaluate(condition, model, instance) is not False
    except Unsupported:
        pass
    else:
        if not holds:
            raise ValidationError(
                constraint.get_violation_error_message(), code=constraint.violation_error_code
            )
        return
    against = {}
    for name in {reference[0] for reference in model._get_expr_references(condition)}:
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is None or not field.concrete or field.generated:
            # Not a plain column: Django's own way, with every field.
            constraint.validate(model, instance, exclude=exclude, using=using)
            return
        value = getattr(instance, field.attname)
        if not value or not hasattr(value, "resolve_expression"):
            value = Value(value, field)
        against[name] = value
    if connections[using].features.supports_comparing_boolean_expr:
        # Check constraints do not fail when they evaluate to UNKNOWN.
        condition = Coalesce(condition, True, output_field=BooleanField())
    if not Q(condition).check(against, using=using):
        raise ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )


def _unique(
    constraint: UniqueConstraint, model: type[Model], instance: Model, exclude: set, using: str
) -> None:
    """``UniqueConstraint.validate`` for a constraint on plain fields with a condition (such as
    "unique among published items"): the condition evaluated here (``evaluate``), so that the
    database is asked one plain question; Django's own way otherwise."""
    if not constraint.fields or constraint.condition is None:
        constraint.validate(model, instance, exclude=exclude, using=using)
        return
    fields = [model._meta.get_field(name) for name in constraint.fields]
    if any(field.generated for field in fields):
        constraint.validate(model, instance, exclude=exclude, using=using)
        return
    if exclude and any(field.name in exclude for field in fields):
        return
    values = {}
    for field in fields:
        value = getattr(instance, field.attname)
        empty_is_null = connections[using].features.interprets_empty_strings_as_nulls
        if (constraint.nulls_distinct is not False and value is None) or (
            value == "" and empty_is_null
        ):
            return  # NULL is never equal to NULL in SQL: no violation possible
        values[field.name] = value
    if exclude and constraint._expression_refs_exclude(model, constraint.condition, exclude):
        return
    try:
        applies = evaluate(constraint.condition, model, instance)
    except Unsupported:
        constraint.validate(model, instance, exclude=exclude, using=using)
        return
    if applies is not True:
        return
    others = model._default_manager.using(using).filter(**values).filter(constraint.condition)
    if not instance._state.adding and instance._is_pk_set(model._meta):
        others = others.exclude(pk=instance._get_pk_val(model._meta))
    if others.exists():
        raise ValidationError(
            constraint.get_violation_error_message(), code=constraint.violation_error_code
        )


class Unsupported(Exception):
    """A condition ``evaluate`` leaves to the database."""


_COMPARISONS = {
    "exact": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def evaluate(condition: Q, model: type[Model], instance: Model) -> bool | None:
    """A constraint's condition on the instance's values as SQL would evaluate it: True, False
    or None (unknown, where a null is compared). Only the plain lookups on the model's own
    columns (exact, in, isnull and comparisons of numbers and dates, against values or other
    columns, joined with AND, OR and NOT); anything else raises ``Unsupported``."""
    if not isinstance(condition, Q):
        raise Unsupported
    results = []
    for child in condition.children:
        if isinstance(child, Q):
            results.append(evaluate(child, model, instance))
        elif isinstance(child, tuple):
            results.append(_lookup(*child, model=model, instance=instance))
        else:
            raise Unsupported
    if condition.connector == Q.AND:
        value = False if False in results else (None if None in results else True)
    elif condition.connector == Q.OR:
        value = True if True in results else (None if None in results else False)
    else:
        raise Unsupported
    return (None if value is None else not value) if condition.negated else value


def _lookup(lookup: str, right, *, model: type[Model], instance: Model) -> bool | None:
    name, _separator, kind = lookup.partition("__")
    kind = kind or "exact"
    left = _column(model, instance, name)
    if kind == "isnull":
        if not isinstance(right, bool):
            raise Unsupported
        return (left is None) == right
    if isinstance(right, F):
        right = _column(model, instance, right.name)
    elif hasattr(right, "resolve_expression") or isinstance(right, Model):
        raise Unsupported
    if kind == "in":
        choices = list(right)
        if left is None:
            return None
        known = [choice for choice in choices if choice is not None]
        if any(not _comparable(left, choice) for choice in known):
            raise Unsupported
        if left in known:
            return True
        return None if len(known) < len(choices) else False
    if kind not in _COMPARISONS:
        raise Unsupported
    if left is None or right is None:
        return None
    if kind != "exact" and isinstance(left, str | bytes):
        # Text order is the database's collation, not Python's.
        raise Unsupported
    if not _comparable(left, right):
        raise Unsupported
    try:
        return _COMPARISONS[kind](left, right)
    except TypeError:  # such as a naive and an aware time
        raise Unsupported from None


def _comparable(left, right) -> bool:
    numbers = int | float | Decimal
    both_numbers = isinstance(left, numbers) and isinstance(right, numbers)
    return type(left) is type(right) or (both_numbers and not isinstance(left, bool))


def _column(model: type[Model], instance: Model, name: str):
    """The value of one of the model's own columns on the instance."""
    if "__" in name:
        raise Unsupported
    try:
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    except FieldDoesNotExist:
        raise Unsupported from None
    if not field.concrete or field.generated:
        raise Unsupported
    value = getattr(instance, field.attname)
    if hasattr(value, "resolve_expression"):
        raise Unsupported
    return value


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
