import pytest
from django.core.management import call_command
from django.utils import translation

from programmes.models import Programme

SEED_SLUG = "risicos-en-verantwoordelijkheden"


@pytest.fixture(autouse=True)
def _dutch_by_default():
    """Code outside a request sees the site's default language, as management commands do."""
    with translation.override("nl"):
        yield


@pytest.fixture
def seed_programme(db) -> Programme:
    call_command("loaddata", "risicos-en-verantwoordelijkheden", verbosity=0)
    return Programme.objects.get(slug=SEED_SLUG)
