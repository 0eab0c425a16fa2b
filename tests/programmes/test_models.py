"""The database refuses what the models forbid, whether or not a form is in between."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from programmes.models import Programme
from tests.factories import (
    AchievedResultFactory,
    ObjectiveFactory,
    PlannedResultFactory,
    ProgrammeFactory,
    png_upload,
)

pytestmark = pytest.mark.django_db


def assert_refused_by_database(save) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        save()


class TestProgrammeConstraints:
    def test_slugs_are_unique(self):
        ProgrammeFactory(slug="risico")
        assert_refused_by_database(lambda: ProgrammeFactory(slug="risico"))

    def test_a_period_cannot_end_before_it_starts(self):
        assert_refused_by_database(lambda: ProgrammeFactory(start_year=2016, end_year=2015))

    def test_a_period_can_start_and_end_in_one_year(self):
        programme = ProgrammeFactory(start_year=2015, end_year=2015)
        assert programme.period == "2015"

    def test_no_programme_starts_before_the_ministry_existed(self):
        assert_refused_by_database(lambda: ProgrammeFactory(start_year=1797, end_year=1800))

    def test_a_published_programme_has_a_publication_time(self):
        assert_refused_by_database(
            lambda: ProgrammeFactory(status=Programme.Status.PUBLISHED, published_at=None)
        )

    def test_the_status_must_be_known(self):
        assert_refused_by_database(lambda: ProgrammeFactory(status="archived"))

    def test_the_slug_cannot_be_empty(self):
        assert_refused_by_database(lambda: ProgrammeFactory(slug=""))

    def test_full_clean_names_the_field_of_a_reversed_period(self):
        programme = ProgrammeFactory.build(start_year=2016, end_year=2015)
        with pytest.raises(ValidationError) as error:
            programme.full_clean()
        assert "end_year" in error.value.message_dict

    def test_full_clean_refuses_a_slug_that_is_not_a_slug(self):
        programme = ProgrammeFactory.build(slug="risico's en zo")
        with pytest.raises(ValidationError) as error:
            programme.full_clean()
        assert "slug" in error.value.message_dict

    def test_full_clean_requires_the_dutch_title(self):
        programme = ProgrammeFactory.build(title_nl="", title_en="Risks")
        with pytest.raises(ValidationError) as error:
            programme.full_clean()
        assert "title_nl" in error.value.message_dict

    def test_an_image_needs_alternative_text(self):
        programme = ProgrammeFactory.build(image=png_upload(), image_alt_text_nl="")
        with pytest.raises(ValidationError) as error:
            programme.full_clean()
        assert "image_alt_text_nl" in error.value.message_dict


class TestPublication:
    def test_a_draft_is_not_public(self):
        ProgrammeFactory()
        assert not Programme.objects.published().exists()

    def test_a_published_programme_is_public(self):
        programme = ProgrammeFactory(published=True)
        assert list(Programme.objects.published()) == [programme]
        assert programme.is_public

    def test_a_programme_scheduled_for_later_is_not_public_yet(self):
        later = timezone.now() + timezone.timedelta(hours=1)
        programme = ProgrammeFactory(status=Programme.Status.PUBLISHED, published_at=later)
        assert not Programme.objects.published().exists()
        assert Programme.objects.published(at=later).get() == programme


@pytest.mark.parametrize("factory", [ObjectiveFactory, PlannedResultFactory, AchievedResultFactory])
class TestOrderedChildren:
    def test_a_position_is_used_once_per_programme(self, factory):
        first = factory(position=1)
        assert_refused_by_database(lambda: factory(programme=first.programme, position=1))

    def test_other_programmes_may_use_the_same_position(self, factory):
        factory(position=1)
        factory(position=1)

    def test_positions_start_at_one(self, factory):
        assert_refused_by_database(lambda: factory(position=0))

    def test_children_come_in_the_order_of_their_positions(self, factory):
        programme = ProgrammeFactory()
        third, first, second = (factory(programme=programme, position=p) for p in (3, 1, 2))
        related = factory._meta.model._meta.get_field("programme").remote_field.related_name
        assert list(getattr(programme, related).all()) == [first, second, third]

    def test_each_child_has_a_readable_name(self, factory):
        assert str(factory()).strip()

    def test_children_go_with_their_programme(self, factory):
        child = factory()
        child.programme.delete()
        assert not factory._meta.model.objects.exists()


def test_programme_reads_as_its_title_and_links_to_its_page():
    programme = ProgrammeFactory.build(title_nl="Risico's", slug="risicos")
    assert str(programme) == "Risico's"
    assert programme.get_absolute_url() == "/programmas/risicos/"
