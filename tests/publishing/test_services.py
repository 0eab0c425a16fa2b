import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programmes.models import Programme
from publishing.services import publish, unpublish
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_publishing_makes_a_programme_public_now():
    programme = publish(item=ProgrammeFactory())
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PUBLISHED
    assert programme.published_at <= timezone.now()
    assert Programme.objects.published().get() == programme


def test_publishing_again_keeps_the_first_publication_time():
    programme = publish(item=ProgrammeFactory())
    first = programme.published_at
    publish(item=programme)
    programme.refresh_from_db()
    assert programme.published_at == first


def test_publishing_with_a_future_time_schedules_it():
    later = timezone.now() + timezone.timedelta(days=1)
    programme = publish(item=ProgrammeFactory(), at=later)
    assert not Programme.objects.published().exists()
    assert Programme.objects.published(at=later).get() == programme


def test_unpublishing_takes_it_off_the_site():
    programme = ProgrammeFactory(published=True)
    unpublish(item=programme)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.DRAFT
    assert programme.published_at is None
    assert not Programme.objects.published().exists()


def test_an_invalid_programme_is_not_published():
    programme = ProgrammeFactory()
    Programme.objects.filter(pk=programme.pk).update(summary_nl="")
    programme.refresh_from_db()
    with pytest.raises(ValidationError):
        publish(item=programme)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.DRAFT
