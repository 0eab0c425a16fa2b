"""One mechanism keeps what is derived from published items in step, the same for every app:
the apps register their published models, and the rebuild command works from that register."""

from io import StringIO

import pytest
from django.core.management import call_command

from exhibitions.models import Exhibition
from programmes.models import Programme
from publishing.changes import tracked_models
from tests.factories import ExhibitionFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_programmes_and_exhibitions_are_registered_by_their_apps():
    assert tracked_models() == [Exhibition, Programme]


def test_rebuilding_the_search_index_restores_every_registered_model():
    ProgrammeFactory(title_nl="Waterschappen")
    ExhibitionFactory(title_nl="Lokale democratie")
    Programme.objects.update(search_text="", search_vector=None)
    Exhibition.objects.update(search_text="", search_vector=None)
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert Programme.objects.matching("waterschap").count() == 1
    assert Exhibition.objects.matching("democratie").count() == 1
    assert out.getvalue().strip() == "Search index rebuilt for 1 programmes and 1 exhibitions."
