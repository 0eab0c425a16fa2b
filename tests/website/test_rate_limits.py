"""Limits for scripts (issue 15): one network may record 30 consent choices and send 30
statistics hits a minute; beyond that the answer is 429 with Retry-After, and nothing is logged
or forwarded. A network is the client's address, read only through trusted proxies, shortened to
its /24 (IPv4) or /48 (IPv6). The counts live in the cache, and a cache that is away lets every
request through. An address that fails to sign in for many user names is locked out for all."""

import datetime
import os
import time

import pytest
import redis
import time_machine
from cookie_consent.models import LogItem
from django.core.cache import caches
from django.test import Client

from tests.factories import UserFactory
from tests.website.test_analytics import PAGE, consenting_client, post_hit
from tests.website.test_consent import SAME_ORIGIN, choose
from website import analytics

pytestmark = pytest.mark.django_db

ADDRESS = "198.51.100.7"
START = datetime.datetime(2026, 3, 2, 10, 0, 0, tzinfo=datetime.UTC)
# Same network as ADDRESS, then another one, for each kind of address.
SAME_NETWORK = [
    (ADDRESS, "198.51.100.250"),
    ("2001:db8:1:1::7", "2001:db8:1:ffff::9"),
    (ADDRESS, "::ffff:198.51.100.9"),
]
OTHER_NETWORK = [(ADDRESS, "198.51.101.7"), ("2001:db8:1::7", "2001:db8:2::7")]


@pytest.fixture(autouse=True)
def frozen_clock():
    """The minute the limits count in does not turn over halfway through a test."""
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def choose_from(address: str, **extra):
    return choose(Client(REMOTE_ADDR=address), "accept", **extra)


def hit_from(address: str):
    return post_hit(consenting_client(REMOTE_ADDR=address), {"url": PAGE})


class TestConsentChoices:
    def test_the_31st_choice_in_a_minute_is_refused_with_429_and_not_logged(self):
        statuses = [choose_from(ADDRESS).status_code for _attempt in range(35)]
        assert statuses == [303] * 30 + [429] * 5
        assert LogItem.objects.count() == 30

    def test_the_refusal_says_when_to_try_again(self, frozen_clock):
        for _attempt in range(30):
            choose_from(ADDRESS)
        refused = choose_from(ADDRESS)
        assert refused["Content-Type"] == "text/plain; charset=utf-8"
        assert "Cache-Control" in refused  # never stored by a proxy
        assert refused.content
        retry_after = int(refused["Retry-After"])
        assert 1 <= retry_after <= 60
        frozen_clock.shift(retry_after - 1)
        assert choose_from(ADDRESS).status_code == 429
        frozen_clock.shift(1)
        assert choose_from(ADDRESS).status_code == 303

    def test_the_banners_script_is_refused_too(self):
        for _attempt in range(30):
            choose_from(ADDRESS)
        response = Client(REMOTE_ADDR=ADDRESS).post(
            "/cookies/", {"choice": "accept"}, headers={**SAME_ORIGIN, "Accept": "application/json"}
        )
        assert response.status_code == 429
        assert "cookie_consent" not in response.cookies

    @pytest.mark.parametrize(("first", "neighbour"), SAME_NETWORK)
    def test_addresses_of_one_network_share_the_limit(self, first, neighbour):
        for _attempt in range(30):
            assert choose_from(first).status_code == 303
        assert choose_from(neighbour).status_code == 429

    @pytest.mark.parametrize(("first", "other"), OTHER_NETWORK)
    def test_another_network_has_a_limit_of_its_own(self, first, other):
        for _attempt in range(31):
            choose_from(first)
        assert choose_from(other).status_code == 303

    def test_a_forged_forwarded_address_does_not_escape_the_limit(self, settings):
        settings.TRUSTED_PROXIES = []
        statuses = [
            choose_from(
                ADDRESS, headers={**SAME_ORIGIN, "X-Forwarded-For": f"203.0.{n}.1"}
            ).status_code
            for n in range(31)
        ]
        assert statuses[-1] == 429

    def test_behind_a_trusted_proxy_each_visitors_network_counts(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.1"]
        for _attempt in range(30):
            choose_from("10.0.0.1", headers={**SAME_ORIGIN, "X-Forwarded-For": ADDRESS})
        forwarded = {**SAME_ORIGIN, "X-Forwarded-For": "198.51.100.99"}
        assert choose_from("10.0.0.1", headers=forwarded).status_code == 429
        elsewhere = {**SAME_ORIGIN, "X-Forwarded-For": "203.0.113.5"}
        assert choose_from("10.0.0.1", headers=elsewhere).status_code == 303

    def test_refused_posts_from_other_sites_do_not_use_up_the_limit(self):
        forged = {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}
        for _attempt in range(40):
            assert choose_from(ADDRESS, headers=forged).status_code == 403
        assert choose_from(ADDRESS).status_code == 303

    def test_the_settings_page_itself_is_not_limited(self):
        client = Client(REMOTE_ADDR=ADDRESS)
        assert {client.get("/cookies/").status_code for _attempt in range(40)} == {200}

    def test_the_limit_is_a_setting(self, settings):
        settings.CONSENT_POSTS_PER_MINUTE = 3
        assert [choose_from(ADDRESS).status_code for _attempt in range(4)] == [303] * 3 + [429]

    def test_a_limit_of_0_is_no_limit(self, settings):
        settings.CONSENT_POSTS_PER_MINUTE = 0
        assert {choose_from(ADDRESS).status_code for _attempt in range(40)} == {303}


class TestStatisticsHits:
    def test_the_31st_hit_in_a_minute_is_refused_with_429_and_not_forwarded(self, fake_matomo):
        statuses = [hit_from(ADDRESS).status_code for _attempt in range(33)]
        assert statuses == [204] * 30 + [429] * 3
        fake_matomo.wait_for_hits(30)
        time.sleep(0.2)
        assert len(fake_matomo.hits) == 30

    def test_the_refusal_says_when_to_try_again(self, fake_matomo):
        for _attempt in range(30):
            hit_from(ADDRESS)
        refused = hit_from(ADDRESS)
        assert 1 <= int(refused["Retry-After"]) <= 60
        assert analytics.VISITOR_COOKIE not in refused.cookies

    @pytest.mark.parametrize(("first", "neighbour"), SAME_NETWORK)
    def test_addresses_of_one_network_share_the_limit(self, fake_matomo, first, neighbour):
        for _attempt in range(30):
            assert hit_from(first).status_code == 204
        assert hit_from(neighbour).status_code == 429

    @pytest.mark.parametrize(("first", "other"), OTHER_NETWORK)
    def test_another_network_has_a_limit_of_its_own(self, fake_matomo, first, other):
        for _attempt in range(31):
            hit_from(first)
        assert hit_from(other).status_code == 204

    def test_hits_refused_anyway_do_not_use_up_the_limit(self, fake_matomo):
        without_consent = Client(REMOTE_ADDR=ADDRESS)
        for _attempt in range(40):
            assert post_hit(without_consent, {"url": PAGE}).status_code == 403
            assert post_hit(consenting_client(REMOTE_ADDR=ADDRESS), "not json").status_code == 400
        assert hit_from(ADDRESS).status_code == 204

    def test_the_limit_is_a_setting(self, fake_matomo, settings):
        settings.ANALYTICS_HITS_PER_MINUTE = 3
        assert [hit_from(ADDRESS).status_code for _attempt in range(4)] == [204] * 3 + [429]

    def test_consent_choices_and_hits_are_counted_apart(self, fake_matomo):
        for _attempt in range(30):
            choose_from(ADDRESS)
        assert hit_from(ADDRESS).status_code == 204


class TestWhenTheCacheIsAway:
    @pytest.fixture
    def unreachable_redis(self, settings):
        """Both caches on a Redis nobody listens for (a closed port), as in production."""
        redis = {
            "BACKEND": "website.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
        settings.CACHES = {"default": redis, "shared": {**redis}}
        settings.CONSENT_POSTS_PER_MINUTE = 3
        settings.ANALYTICS_HITS_PER_MINUTE = 3

    def test_consent_choices_are_let_through(self, unreachable_redis):
        assert {choose_from(ADDRESS).status_code for _attempt in range(6)} == {303}
        assert LogItem.objects.count() == 6

    def test_hits_are_let_through(self, unreachable_redis, fake_matomo):
        assert {hit_from(ADDRESS).status_code for _attempt in range(6)} == {204}
        assert len(fake_matomo.wait_for_hits(6)) == 6


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set")
def test_with_redis_the_limit_is_counted_there(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "website.cache.ResilientRedisCache",
            "LOCATION": os.environ["TEST_REDIS_URL"],
        },
    }
    settings.CONSENT_POSTS_PER_MINUTE = 3
    caches["default"].clear()
    try:
        assert [choose_from(ADDRESS).status_code for _attempt in range(4)] == [303] * 3 + [429]
        # The count is Redis's, which every worker asks.
        (key,) = redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).keys(":1:rl:*")
        assert redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).get(key) == b"4"
    finally:
        caches["default"].clear()


class TestPasswordSpraying:
    """Through the admin's sign-in page, as a person (or a script) uses it."""

    LOGIN = "/admin/login/"
    PASSWORD = "correct horse battery staple"

    @pytest.fixture
    def editor(self):
        return UserFactory(username="redacteur", is_staff=True, is_superuser=True)

    def sign_in(self, username: str, password: str, address: str = ADDRESS):
        return Client().post(
            self.LOGIN,
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
        )

    def spray(self, failures: int, address: str = ADDRESS) -> list[int]:
        """Wrong passwords for ten user names in turn, each tried fewer than five times."""
        names = [f"medewerker{number}" for number in range(10)]
        return [
            self.sign_in(names[attempt % 10], "Welkom01!", address).status_code
            for attempt in range(failures)
        ]

    def test_twenty_failures_across_ten_names_lock_the_address_for_every_name(self, editor):
        assert self.spray(20) == [200] * 19 + [429]
        refused = self.sign_in("redacteur", self.PASSWORD)
        assert refused.status_code == 429
        assert "Te vaak mislukt aangemeld" in refused.content.decode()
        assert not refused.wsgi_request.user.is_authenticated

    def test_another_address_can_still_sign_in(self, editor):
        self.spray(20)
        assert self.sign_in("redacteur", self.PASSWORD, "203.0.113.9").status_code == 302

    def test_below_the_address_limit_the_person_gets_in(self, editor):
        self.spray(19)
        assert self.sign_in("redacteur", self.PASSWORD).status_code == 302

    def test_a_successful_sign_in_does_not_clear_the_addresss_other_failures(self, editor):
        self.spray(19)
        assert self.sign_in("redacteur", self.PASSWORD).status_code == 302
        assert self.sign_in("medewerker0", "Welkom01!").status_code == 429
        assert self.sign_in("redacteur", self.PASSWORD).status_code == 429

    def test_five_failures_for_one_name_still_lock_that_name_alone(self, editor, settings):
        for _attempt in range(settings.AXES_FAILURE_LIMIT):
            self.sign_in("redacteur", "wrong")
        assert self.sign_in("redacteur", self.PASSWORD).status_code == 429
        assert self.sign_in("medewerker0", "Welkom01!").status_code == 200

    def test_the_address_lockout_ends_after_the_cool_off(self, editor, settings, frozen_clock):
        self.spray(20)
        frozen_clock.shift(settings.AXES_COOLOFF_TIME + datetime.timedelta(seconds=1))
        assert self.sign_in("redacteur", self.PASSWORD).status_code == 302

    def test_the_address_limit_is_a_setting(self, editor, settings):
        settings.AXES_ADDRESS_FAILURE_LIMIT = 6
        assert self.spray(6) == [200] * 5 + [429]
        settings.AXES_ADDRESS_FAILURE_LIMIT = 0
        assert self.sign_in("redacteur", self.PASSWORD).status_code == 302
