"""Consent: nothing before the visitor's choice, a choice only from our own pages, and a
record of it that can be changed or withdrawn at any time."""

import os
import threading
from datetime import timedelta
from io import StringIO
from pathlib import Path

import cookie_consent
import pytest
from cookie_consent.cache import CACHE_KEY, all_cookie_groups
from cookie_consent.models import Cookie, CookieGroup, LogItem
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from tests.conftest import statistics_consent_cookie
from tests.html import parse, text_of
from website import cookie_consent_migrations

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}
PUBLIC_PAGES = [
    "/",
    "/en/",
    "/programmas/",
    "/programmas/?q=risico",
    "/programmas/risicos-en-verantwoordelijkheden/",
    "/en/programmes/risicos-en-verantwoordelijkheden/",
    "/over/",
    "/privacy/",
    "/toegankelijkheid/",
    "/cookies/",
    "/en/cookies/",
    "/bestaat-niet/",
]


def choose(client, choice: str, *, next_page: str = "/programmas/", headers=None, **data):
    return client.post(
        "/cookies/",
        {"choice": choice, "next": next_page, **data},
        headers=SAME_ORIGIN if headers is None else headers,
    )


class TestCookieGroups:
    def test_the_groups_exist_in_dutch_and_english(self):
        necessary = CookieGroup.objects.get(varname="necessary")
        statistics = CookieGroup.objects.get(varname="statistics")
        assert (necessary.name_nl, necessary.name_en) == ("Noodzakelijk", "Necessary")
        assert (statistics.name_nl, statistics.name_en) == ("Statistieken", "Statistics")
        assert necessary.is_required
        assert not statistics.is_required
        assert statistics.is_deletable
        assert not necessary.is_deletable
        assert set(necessary.cookie_set.values_list("name", flat=True)) == {
            "cookie_consent",
            "csrftoken",
            "sessionid",
        }
        assert list(statistics.cookie_set.values_list("name", flat=True)) == ["bzk_stats_id"]
        assert all(cookie.description_en for cookie in Cookie.objects.all())

    def test_every_migration_of_the_package_is_here(self):
        package = {
            p.stem for p in (Path(cookie_consent.__file__).parent / "migrations").glob("0*.py")
        }
        ours = {p.stem for p in Path(cookie_consent_migrations.__file__).parent.glob("0*.py")}
        assert package <= ours


class TestBeforeAChoice:
    @pytest.mark.parametrize("address", PUBLIC_PAGES)
    def test_no_cookie_of_any_kind_is_set(self, client, seed_programme, address):
        response = client.get(address)
        assert response.status_code in {200, 404}
        assert not response.cookies
        assert "Set-Cookie" not in response.headers

    def test_the_banner_asks_with_two_equal_buttons_and_links_to_privacy(
        self, client, seed_programme
    ):
        page = parse(client.get("/programmas/risicos-en-verantwoordelijkheden/"))
        banner = page.select_one("#consent-banner")
        buttons = banner.select("button")
        assert [text_of(button) for button in buttons] == ["Accepteren", "Weigeren"]
        assert len({(b.name, b.get("type"), tuple(b.get("class") or [])) for b in buttons}) == 1
        assert banner.select_one('a[href="/privacy/"]') is not None
        form = banner.find("form")
        assert (form["method"], form["action"]) == ("post", "/cookies/")
        assert form.select_one('input[name="next"]')["value"] == (
            "/programmas/risicos-en-verantwoordelijkheden/"
        )
        assert form.select_one('input[name="csrfmiddlewaretoken"]') is None

    def test_the_content_is_all_there_with_the_banner(self, client, seed_programme):
        page = parse(client.get("/programmas/risicos-en-verantwoordelijkheden/"))
        assert text_of(page.h1) == "Risico's en verantwoordelijkheden"
        assert len(page.select("main li")) > 20

    def test_the_skip_link_stays_first(self, client, seed_programme):
        page = parse(client.get("/"))
        assert "skip-link" in page.body.find("a")["class"]

    def test_the_english_banner_is_in_english(self, client):
        banner = parse(client.get("/en/")).select_one("#consent-banner")
        assert [text_of(b) for b in banner.select("button")] == ["Accept", "Decline"]
        assert banner.select_one('a[href="/en/privacy/"]') is not None


class TestMakingAChoice:
    def test_accepting_goes_back_to_the_page_and_the_banner_does_not_return(self, client):
        response = choose(client, "accept")
        assert (response.status_code, response["Location"]) == (303, "/programmas/")
        assert response.cookies["cookie_consent"].value.startswith("statistics=")
        page = parse(client.get("/programmas/"))
        assert page.select_one("#consent-banner") is None

    def test_declining_too(self, client):
        response = choose(client, "decline")
        assert response.cookies["cookie_consent"].value == "statistics=-1"
        assert parse(client.get("/")).select_one("#consent-banner") is None

    def test_each_choice_is_logged(self, client):
        choose(client, "accept")
        choose(client, "decline")
        actions = list(LogItem.objects.order_by("pk").values_list("action", flat=True))
        assert actions == [1, -1]

    def test_with_javascript_the_answer_is_json(self, client, fake_matomo):
        response = client.post(
            "/cookies/",
            {"choice": "accept"},
            headers={**SAME_ORIGIN, "Accept": "application/json"},
        )
        assert response.json() == {"analytics": True}
        assert "cookie_consent" in response.cookies

    @pytest.mark.parametrize(
        "headers",
        [
            {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
            {"Sec-Fetch-Site": "same-site", "Origin": "https://sub.testserver"},
            {"Origin": "https://evil.example"},
            {"Origin": "null"},
            {},
        ],
    )
    def test_a_post_from_another_site_is_refused_and_changes_nothing(self, client, headers):
        response = choose(client, "accept", headers=headers)
        assert response.status_code == 403
        assert not response.cookies
        assert not LogItem.objects.exists()

    @pytest.mark.parametrize(
        "data",
        [
            {"choice": "maybe"},
            {"choice": ""},
            {"choice": "accept", "group": "necessary"},
            {"choice": "accept", "group": "unknown"},
        ],
    )
    def test_a_choice_that_makes_no_sense_is_refused(self, client, data):
        response = client.post("/cookies/", data, headers=SAME_ORIGIN)
        assert response.status_code == 400
        assert not response.cookies

    @pytest.mark.parametrize(
        "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
    )
    def test_next_never_leads_to_another_site(self, client, target):
        response = choose(client, "decline", next_page=target)
        assert response["Location"] == "/"


class TestDoNotTrack:
    @pytest.mark.parametrize("signal", [{"DNT": "1"}, {"Sec-GPC": "1"}])
    def test_the_banner_is_not_shown_and_statistics_are_off(self, client, fake_matomo, signal):
        client.cookies["cookie_consent"] = statistics_consent_cookie()
        page = parse(client.get("/", headers=signal))
        assert page.select_one("#consent-banner") is None
        assert "analytics.js" not in str(page)

    def test_accepting_with_gpc_is_recorded_as_declining(self, client):
        response = choose(client, "accept", headers={**SAME_ORIGIN, "Sec-GPC": "1"})
        assert response.cookies["cookie_consent"].value == "statistics=-1"

    def test_the_settings_page_explains_it(self, client):
        page = parse(client.get("/cookies/", headers={"DNT": "1"}))
        assert "Do Not Track" in text_of(page.select_one(".notice"))
        assert page.select_one('button[value="accept"]') is None


class TestTheAnalyticsScript:
    def test_it_is_absent_before_consent(self, client, fake_matomo):
        html = client.get("/").content.decode()
        assert "analytics.js" in html  # only as the banner's note for after accepting
        assert parse(client.get("/")).select('script[src*="analytics"]') == []

    def test_it_is_loaded_after_consent(self, client, fake_matomo):
        client.cookies["cookie_consent"] = statistics_consent_cookie()
        (script,) = parse(client.get("/")).select('script[src*="analytics"]')
        assert script["data-endpoint"] == "/analytics/hit/"

    def test_it_is_absent_after_declining(self, client, fake_matomo):
        client.cookies["cookie_consent"] = "statistics=-1"
        assert "analytics" not in client.get("/").content.decode()

    def test_without_matomo_configured_there_is_no_analytics_code_anywhere(self, client, settings):
        settings.MATOMO_URL = ""
        client.cookies["cookie_consent"] = statistics_consent_cookie()
        for address in ("/", "/programmas/", "/cookies/"):
            assert "analytics" not in client.get(address).content.decode()
        client.cookies.clear()
        assert "analytics" not in client.get("/").content.decode()


class TestCookieSettingsPage:
    def test_it_shows_every_group_with_its_purpose_and_cookies(self, client):
        page = parse(client.get("/cookies/"))
        assert text_of(page.h1) == "Cookie-instellingen"
        groups = {text_of(s.h2): s for s in page.select("section.cookie-group")}
        assert set(groups) == {"Noodzakelijk", "Statistieken"}
        assert "Matomo" in text_of(groups["Statistieken"])
        assert "bzk_stats_id" in text_of(groups["Statistieken"].table)
        assert groups["Noodzakelijk"].find("form") is None

    def test_it_is_linked_from_every_footer(self, client):
        for address in ("/", "/over/", "/bestaat-niet/"):
            footer = parse(client.get(address)).find("footer")
            assert footer.select_one('a[href="/cookies/"]') is not None
        assert parse(client.get("/en/")).find("footer").select_one('a[href="/en/cookies/"]')

    def test_it_shows_the_current_choice_and_offers_to_withdraw_it(self, client):
        client.cookies["cookie_consent"] = statistics_consent_cookie()
        page = parse(client.get("/cookies/"))
        assert "Uw keuze: geaccepteerd." in text_of(page)
        assert text_of(page.select_one('button[value="decline"]')) == (
            "Toestemming voor statistieken intrekken"
        )

    def test_withdrawing_deletes_the_analytics_cookie(self, client):
        client.cookies["cookie_consent"] = statistics_consent_cookie()
        client.cookies["bzk_stats_id"] = "0123456789abcdef"
        response = choose(client, "decline", group="statistics", next_page="/cookies/")
        assert response["Location"] == "/cookies/"
        deleted = response.cookies["bzk_stats_id"]
        assert deleted.value == ""
        assert deleted["max-age"] == 0
        assert "bzk_stats_id" not in client.cookies or client.cookies["bzk_stats_id"].value == ""
        assert "Uw keuze: geweigerd." in text_of(parse(client.get("/cookies/")))

    def test_the_packages_own_unguarded_addresses_are_not_exposed(self, client):
        for address in ("/cookies/accept/", "/cookies/decline/", "/cookies/status/"):
            assert client.post(address, headers=SAME_ORIGIN).status_code == 404


SHARED_CACHES = {
    "files": lambda tmp_path: {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path),
    },
    "redis": lambda tmp_path: {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["TEST_REDIS_URL"],
    },
}


@pytest.mark.parametrize("backend", SHARED_CACHES)
def test_an_edited_cookie_group_is_seen_by_every_worker(settings, tmp_path, backend):
    if backend == "redis" and not os.environ.get("TEST_REDIS_URL"):
        pytest.skip("TEST_REDIS_URL is not set (.ci/run sets it to the local Redis)")
    settings.CACHES = {**settings.CACHES, "shared": SHARED_CACHES[backend](tmp_path)}
    caches["shared"].clear()

    def cached_name_in_another_worker() -> str | None:
        # Each thread has cache connections of its own, as each worker process has.
        seen = {}

        def worker():
            groups = caches["shared"].get(CACHE_KEY)
            seen["name"] = None if groups is None else groups["statistics"].name_nl
            caches.close_all()

        thread = threading.Thread(target=worker)
        thread.start()
        thread.join()
        return seen["name"]

    all_cookie_groups()
    assert cached_name_in_another_worker() == "Statistieken"
    group = CookieGroup.objects.get(varname="statistics")
    group.name_nl = "Bezoekersstatistieken"
    group.save()
    assert cached_name_in_another_worker() is None
    all_cookie_groups()
    assert cached_name_in_another_worker() == "Bezoekersstatistieken"
    caches["shared"].clear()


class TestRetention:
    def test_exactly_the_records_older_than_six_months_are_deleted(self):
        group = CookieGroup.objects.get(varname="statistics")
        now = timezone.now()
        ages = {"old": 200, "just_over": 184, "just_under": 182, "new": 1}
        for name, days in ages.items():
            item = LogItem.objects.create(action=1, cookiegroup=group, version=name)
            LogItem.objects.filter(pk=item.pk).update(created=now - timedelta(days=days))
        out = StringIO()
        call_command("delete_old_consent_records", stdout=out)
        assert set(LogItem.objects.values_list("version", flat=True)) == {"just_under", "new"}
        assert "Deleted 2 consent records" in out.getvalue()

    def test_a_dry_run_deletes_nothing(self):
        group = CookieGroup.objects.get(varname="statistics")
        item = LogItem.objects.create(action=1, cookiegroup=group, version="x")
        LogItem.objects.filter(pk=item.pk).update(created=timezone.now() - timedelta(days=400))
        out = StringIO()
        call_command("delete_old_consent_records", dry_run=True, stdout=out)
        assert LogItem.objects.count() == 1
        assert "1 consent records are older" in out.getvalue()


@pytest.mark.parametrize("consented", [False, True])
def test_the_content_security_policy_is_the_same_before_and_after_consent(
    client, fake_matomo, seed_programme, consented
):
    if consented:
        client.cookies["cookie_consent"] = statistics_consent_cookie()
    policy = client.get("/programmas/risicos-en-verantwoordelijkheden/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    # No public page needs inline script, so none carries a nonce (and pages can be cached).
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
