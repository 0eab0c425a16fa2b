import os

import pytest
from django.core.management import call_command
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from programmes.models import Programme

SEED_SLUG = "risicos-en-verantwoordelijkheden"


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts without pages cached by another (which may have had other settings),
    and without the index's listing of another test's archive (a rolled-back write may give
    the next test's archive the same stamp)."""
    from django.core.cache import caches

    from bzkmemory import listing

    for alias in ("default", "shared"):
        caches[alias].clear()
    listing.forget()


@pytest.fixture(autouse=True)
def _dutch_by_default():
    """Code outside a request sees the site's default language, as management commands do."""
    with translation.override("nl"):
        yield


@pytest.fixture
def seed_programme(db) -> Programme:
    call_command("loaddata", "risicos-en-verantwoordelijkheden", verbosity=0)
    return Programme.objects.get(slug=SEED_SLUG)


@pytest.fixture
def fake_matomo(settings):
    """A recording Matomo on 127.0.0.1, with the site configured to send to it."""
    from tests.fake_matomo import FakeMatomo

    fake = FakeMatomo().start()
    settings.MATOMO_URL = fake.url + "/"
    settings.MATOMO_SITE_ID = "7"
    settings.MATOMO_TOKEN_AUTH = "test-token-not-secret"
    settings.MATOMO_TIMEOUT_SECONDS = 0.5
    yield fake
    fake.stop()


def statistics_consent_cookie() -> str:
    """The consent cookie value of a visitor who accepted statistics."""
    from cookie_consent.cache import get_cookie_group

    return f"statistics={get_cookie_group('statistics').get_version()}"


# Hypothesis explores new examples on every local run; in CI it is repeatable.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
