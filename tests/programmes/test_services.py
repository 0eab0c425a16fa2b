import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programmes.models import Programme
from programmes.services import programme_publish, programme_unpublish
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_publishing_makes_a_programme_public_now():
    programme = programme_publish(programme=ProgrammeFactory())
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PUBLISHED
    assert programme.published_at <= timezone.now()
    assert Programme.objects.published().get() == programme


def test_publishing_again_keeps_the_first_publication_time():
    programme = programme_publish(programme=ProgrammeFactory())
    first = programme.published_at
    programme_publish(programme=programme)
    programme.refresh_from_db()
    assert programme.published_at == first


def test_publishing_with_a_future_time_schedules_it():
    later = timezone.now() + timezone.timedelta(days=1)
    programme = programme_publish(programme=ProgrammeFactory(), at=later)
    assert not Programme.objects.published().exists()
    assert Programme.objects.published(at=later).get() == programme


def test_unpublishing_takes_it_off_the_site():
    programme = ProgrammeFactory(published=True)
    programme_unpublish(programme=programme)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.DRAFT
    assert programme.published_at is None
    assert not Programme.objects.published().exists()


def test_an_invalid_programme_is_not_published():
    programme = ProgrammeFactory()
    Programme.objects.filter(pk=programme.pk).update(summary_nl="")
    programme.refresh_from_db()
    with pytest.raises(ValidationError):
        programme_publish(programme=programme)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.DRAFT
