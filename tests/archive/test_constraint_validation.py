"""The import checks every model constraint the way Django does, only faster
(archive/validation.py): for chance values of the fields each constraint names, its verdict
and message are Django's own, on SQLite and PostgreSQL."""

import datetime
import random

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models

from archive import validation
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

APPS = ("programmes", "toolbox", "exhibitions", "themes")
NOW = datetime.datetime(2026, 12, 4, 12, tzinfo=datetime.UTC)


def _constraints():
    for app in APPS:
        for model in apps.get_app_config(app).get_models():
            for constraint in model._meta.constraints:
                if isinstance(constraint, models.CheckConstraint | models.UniqueConstraint):
                    yield pytest.param(model, constraint, id=f"{model.__name__}-{constraint.name}")


def chance_value(field: models.Field, chance: random.Random):
    """A value for the field from the edges its constraints are about (and null)."""
    if chance.random() < 0.15:
        return None
    if field.choices:
        return chance.choice([*(value for value, _label in field.choices), "unknown", ""])
    if isinstance(field, models.BooleanField):
        return chance.choice([True, False])
    if isinstance(field, models.IntegerField | models.ForeignKey):
        return chance.choice([0, 1, 2, 64, 1797, 1798, 1990, 2000, 2200, 2201, -1])
    if isinstance(field, models.DateTimeField):
        return NOW + datetime.timedelta(days=chance.choice([-1, 0, 1]))
    if isinstance(field, models.DateField):
        return datetime.date(chance.choice([1797, 1990, 2020]), 1, 1)
    if isinstance(field, models.FileField):
        return chance.choice(["", "documents/rapport.pdf"])
    return chance.choice(["", "a", "x" * 64, "risicos-en-verantwoordelijkheden"])


def verdict(check, *arguments):
    try:
        check(*arguments)
    except ValidationError as error:
        return [str(message) for message in error.messages]
    return []


@pytest.mark.parametrize(("model", "constraint"), list(_constraints()))
def test_each_constraint_gives_djangos_verdict(model, constraint):
    # A published programme with the seed's address, for the unique constraints to meet.
    ProgrammeFactory(published=True, slug="risicos-en-verantwoordelijkheden")
    chance = random.Random(constraint.name)  # noqa: S311 - a fixed series, not a secret
    named = {reference[0] for reference in model._get_expr_references(constraint.condition)}
    named |= set(getattr(constraint, "fields", ()))
    fields = [model._meta.get_field(name) for name in named if name != "pk"]
    fast = validation._check if isinstance(constraint, models.CheckConstraint) else None
    fast = fast or validation._unique
    differences = []
    for _ in range(60):
        instance = model()
        for field in fields:
            setattr(instance, field.attname, chance_value(field, chance))
        arguments = (model, instance, set(), DEFAULT_DB_ALIAS)
        expected = verdict(constraint.validate, model, instance, set(), DEFAULT_DB_ALIAS)
        found = verdict(fast, constraint, *arguments)
        if found != expected:
            values = {field.attname: getattr(instance, field.attname) for field in fields}
            differences.append((values, expected, found))
    assert differences == []


class TestEvaluate:
    """The SQL meaning of a condition, including its unknown (a null compared)."""

    def programme(self, **values):
        return apps.get_model("programmes", "Programme")(**values)

    @pytest.mark.parametrize(
        ("condition", "values", "expected"),
        [
            (models.Q(start_year__lte=models.F("end_year")), {"start_year": 1, "end_year": 2}, True),
            (models.Q(start_year__lte=models.F("end_year")), {"start_year": 3, "end_year": 2}, False),
            (models.Q(start_year__lte=models.F("end_year")), {"start_year": None, "end_year": 2}, None),
            (~models.Q(start_year__lte=models.F("end_year")), {"start_year": None}, None),
            (models.Q(status__in=["draft", None]), {"status": "published"}, None),
            (models.Q(status__in=["draft", None]), {"status": "draft"}, True),
            (models.Q(draft_of__isnull=True), {"draft_of_id": None}, True),
            (models.Q(start_year=1) | models.Q(end_year=None), {"start_year": 1}, True),
            (models.Q(start_year=1) & models.Q(end_year=2), {"start_year": 1, "end_year": None}, None),
        ],
    )  # fmt: skip
    def test_three_valued(self, condition, values, expected):
        programme = self.programme(**values)
        assert validation.evaluate(condition, type(programme), programme) is expected

    @pytest.mark.parametrize(
        "condition",
        [
            models.Q(slug__gte="a"),  # text order is the database's collation
            models.Q(title__icontains="a"),
            models.Q(draft_of__slug="a"),
            models.Q(models.lookups.Exact(models.functions.Length("slug"), 3)),
            models.Q(start_year="1990"),
        ],
    )
    def test_what_it_leaves_to_the_database(self, condition):
        programme = self.programme(slug="b", title="a", start_year=1990)
        with pytest.raises(validation.Unsupported):
            validation.evaluate(condition, type(programme), programme)
