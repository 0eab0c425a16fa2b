"""What visitors may see is one rule (publishing.models.public_q): the querysets, an item in hand
(``is_public``), the harvesters' list and the cached pages' freshness check all follow it."""

import datetime

import pytest
from django.db.models import Q
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from exhibitions.models import Exhibition
from programmes.models import Programme
from publishing import freshness
from publishing.models import PublicationStatus, listed_q, public_q, satisfies
from tests.factories import ExhibitionFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
MOMENTS = st.sampled_from(
    [
        None,
        NOW - datetime.timedelta(days=400),
        NOW - datetime.timedelta(seconds=1),
        NOW + datetime.timedelta(seconds=1),
        NOW + datetime.timedelta(days=3),
    ]
)
STATES = st.tuples(st.sampled_from(PublicationStatus.values), MOMENTS)


def stored(factory, status: str, published_at):
    """An item stored with this status and publication time, as far as the database allows
    (a published item always has a publication time)."""
    if status == PublicationStatus.PUBLISHED and published_at is None:
        published_at = NOW
    extra = {"withdrawn_at": NOW} if status == PublicationStatus.WITHDRAWN else {}
    return factory(status=status, published_at=published_at, **extra)


@settings(max_examples=40, deadline=None)
@given(state=STATES, kind=st.sampled_from([ProgrammeFactory, ExhibitionFactory]))
def test_an_item_in_hand_is_public_exactly_when_the_database_says_so(state, kind):
    item = stored(kind, *state)
    model = type(item)
    try:
        in_database = model.objects.published(at=NOW).filter(pk=item.pk).exists()
        listed = model.objects.listed(at=NOW).filter(pk=item.pk).exists()
        values = {"status": item.status, "published_at": item.published_at}
        assert satisfies(values, public_q(at=NOW)) is in_database
        assert satisfies(values, listed_q(at=NOW)) is listed
        assert listed is (in_database or item.status == PublicationStatus.WITHDRAWN)
    finally:
        item.delete()


def test_is_public_reads_the_rule_at_this_moment():
    soon = ProgrammeFactory(
        status="published", published_at=timezone.now() + datetime.timedelta(hours=1)
    )
    assert not soon.is_public
    assert ProgrammeFactory(published=True).is_public
    assert not ProgrammeFactory().is_public


@pytest.mark.parametrize(
    ("model", "factory"), [(Programme, ProgrammeFactory), (Exhibition, ExhibitionFactory)]
)
def test_the_freshness_check_finds_what_the_queryset_finds(model, factory):
    """The cached pages' one query is compiled from the same rule as the querysets."""
    public = factory(published=True)
    draft = factory()
    scheduled = factory(
        status="published", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    withdrawn = factory(status="withdrawn", published_at=NOW, withdrawn_at=NOW)
    for item in (public, draft, scheduled, withdrawn):
        found = freshness.item_page(model, item.slug)
        assert (found is not None) is model.objects.published().filter(pk=item.pk).exists()
    assert freshness.item_page(model, public.slug)[0] == public.pk


def test_a_rule_with_a_lookup_python_cannot_evaluate_is_refused_not_guessed():
    with pytest.raises(ValueError, match="published_at__gt"):
        satisfies(
            {"status": "published", "published_at": NOW}, public_q() & Q(published_at__gt=NOW)
        )
