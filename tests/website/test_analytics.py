"""The analytics hook: anonymised addresses, a guarded endpoint, forwarding that never blocks."""

import time

import pytest
from django.test import Client

from tests.conftest import statistics_consent_cookie
from website import analytics
from website.analytics import anonymise_ip, client_ip

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}
PAGE = "http://testserver/programmas/risicos-en-verantwoordelijkheden/"


class TestAnonymisation:
    @pytest.mark.parametrize(
        ("address", "anonymised"),
        [
            ("203.0.113.77", "203.0.0.0"),
            ("10.1.2.3", "10.1.0.0"),
            (" 198.51.100.9 ", "198.51.0.0"),
            ("2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8:85a3::"),
            ("2001:db8:85a3:1234::1", "2001:db8:85a3::"),
            ("2001:db8::1", "2001:db8::"),
            ("::1", "::"),
            ("::ffff:192.0.2.128", "192.0.0.0"),
            ("::ffff:c000:280", "192.0.0.0"),
        ],
    )
    def test_valid_addresses(self, address, anonymised):
        assert anonymise_ip(address) == anonymised

    @pytest.mark.parametrize(
        "address", [None, "", "unknown", "999.1.1.1", "1.2.3", "1.2.3.4, 5.6.7.8", "2001:db8:::1"]
    )
    def test_missing_or_malformed_addresses_give_nothing(self, address):
        assert anonymise_ip(address) is None


class TestClientAddress:
    def request(self, rf, remote: str, forwarded: str | None = None):
        headers = {"X-Forwarded-For": forwarded} if forwarded else {}
        return rf.get("/", REMOTE_ADDR=remote, headers=headers)

    def test_without_a_proxy_the_connection_address_counts(self, rf, settings):
        settings.TRUSTED_PROXIES = []
        assert client_ip(self.request(rf, "203.0.113.5", "1.1.1.1")) == "203.0.113.5"

    def test_a_trusted_proxys_forwarded_address_counts(self, rf, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        assert client_ip(self.request(rf, "10.0.0.2", "203.0.113.5")) == "203.0.113.5"

    def test_forged_hops_before_the_real_client_are_ignored(self, rf, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        request = self.request(rf, "10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.9")
        assert client_ip(request) == "203.0.113.5"

    def test_an_untrusted_sender_cannot_claim_another_address(self, rf, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
        assert client_ip(self.request(rf, "198.51.100.1", "203.0.113.5")) == "198.51.100.1"

    def test_a_garbled_forwarded_header_falls_back_to_the_proxy(self, rf, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.2"]
        assert client_ip(self.request(rf, "10.0.0.2", " , ,")) == "10.0.0.2"


def consenting_client(**extra) -> Client:
    client = Client(**extra)
    client.cookies["cookie_consent"] = statistics_consent_cookie()
    return client


def post_hit(client: Client, body, headers=None, **extra):
    payload = body if isinstance(body, (str, bytes)) else __import__("json").dumps(body)
    return client.post(
        "/analytics/hit/",
        payload,
        content_type="application/json",
        headers={**SAME_ORIGIN, **(headers or {})},
        **extra,
    )


class TestEndpoint:
    def test_without_configuration_it_does_not_exist(self, settings):
        settings.MATOMO_URL = ""
        assert post_hit(consenting_client(), {"url": PAGE}).status_code == 404

    def test_without_consent_hits_are_refused(self, fake_matomo, client):
        assert post_hit(client, {"url": PAGE}).status_code == 403

    def test_after_declining_hits_are_refused(self, fake_matomo, client):
        client.cookies["cookie_consent"] = "statistics=-1"
        assert post_hit(client, {"url": PAGE}).status_code == 403

    @pytest.mark.parametrize("signal", [{"DNT": "1"}, {"Sec-GPC": "1"}])
    def test_do_not_track_and_gpc_are_refusals(self, fake_matomo, signal):
        assert post_hit(consenting_client(), {"url": PAGE}, headers=signal).status_code == 403

    @pytest.mark.parametrize(
        "headers",
        [
            {"Sec-Fetch-Site": "cross-site"},
            {"Sec-Fetch-Site": "same-site"},
            {"Sec-Fetch-Site": None, "Origin": "https://evil.example"},
            {"Sec-Fetch-Site": None, "Origin": None},
        ],
    )
    def test_hits_from_other_sites_are_refused(self, fake_matomo, headers):
        client = consenting_client()
        merged = {key: value for key, value in {**SAME_ORIGIN, **headers}.items() if value}
        response = client.post(
            "/analytics/hit/",
            f'{{"url": "{PAGE}"}}',
            content_type="application/json",
            headers=merged,
        )
        assert response.status_code == 403

    @pytest.mark.parametrize(
        "body",
        [
            {"url": "https://evil.example/"},
            {"url": "javascript:alert(1)"},
            {"url": PAGE, "download": "https://evil.example/x.pdf"},
            {"url": PAGE, "title": "x" * 501},
            {"url": PAGE, "extra": "field"},
            {"url": 42},
            {"title": "no url"},
            {"url": PAGE, "title": "nul\x00byte"},
            {"url": PAGE, "referrer": "javascript:alert(1)"},
            ["not", "an", "object"],
            "not json",
            b"\xff\xfe invalid utf-8",
            '{"url": "' + PAGE + '", "title": "' + "x" * 5000 + '"}',
        ],
    )
    def test_bad_input_is_refused_and_nothing_is_forwarded(self, fake_matomo, body):
        response = post_hit(consenting_client(), body)
        assert response.status_code == 400
        time.sleep(0.1)
        assert fake_matomo.hits == []

    def test_only_post_is_accepted(self, fake_matomo):
        assert consenting_client().get("/analytics/hit/").status_code == 405


class TestForwardingToMatomo:
    def test_matomo_receives_the_anonymised_address_never_the_real_one(self, fake_matomo):
        client = consenting_client(REMOTE_ADDR="203.0.113.77")
        response = post_hit(
            client,
            {
                "url": PAGE,
                "title": "Risico's | Het geheugen van BZK",
                "referrer": "https://www.rijksoverheid.nl/",
            },
            headers={"User-Agent": "TestBrowser/1.0", "Accept-Language": "nl-NL"},
        )
        assert response.status_code == 204
        (hit,) = fake_matomo.wait_for_hits(1)
        assert hit.path == "/matomo.php"
        assert hit.parameters["cip"] == "203.0.0.0"
        assert "203.0.113.77" not in hit.raw
        assert hit.parameters["url"] == PAGE
        assert hit.parameters["action_name"] == "Risico's | Het geheugen van BZK"
        assert hit.parameters["urlref"] == "https://www.rijksoverheid.nl/"
        assert hit.parameters["token_auth"] == "test-token-not-secret"
        assert hit.parameters["idsite"] == "7"
        assert (hit.parameters["rec"], hit.parameters["apiv"]) == ("1", "1")
        assert hit.parameters["ua"] == "TestBrowser/1.0"
        assert hit.parameters["lang"] == "nl-NL"
        assert len(hit.parameters["rand"]) == 16
        assert len(hit.parameters["_id"]) == 16

    def test_behind_a_trusted_proxy_the_visitors_address_is_anonymised(self, fake_matomo, settings):
        settings.TRUSTED_PROXIES = ["10.0.0.1"]
        client = consenting_client(REMOTE_ADDR="10.0.0.1")
        post_hit(client, {"url": PAGE}, headers={"X-Forwarded-For": "2001:db8:85a3:1::77"})
        (hit,) = fake_matomo.wait_for_hits(1)
        assert hit.parameters["cip"] == "2001:db8:85a3::"
        assert "1::77" not in hit.raw

    def test_a_download_is_reported_as_a_download(self, fake_matomo):
        download = "http://testserver/documenten/risicos/eindrapport/"
        post_hit(consenting_client(), {"url": PAGE, "download": download})
        (hit,) = fake_matomo.wait_for_hits(1)
        assert hit.parameters["download"] == download

    def test_a_visitor_keeps_one_random_id(self, fake_matomo):
        client = consenting_client()
        first = post_hit(client, {"url": PAGE})
        visitor = first.cookies[analytics.VISITOR_COOKIE]
        assert visitor["httponly"]
        assert visitor["samesite"] == "Lax"
        post_hit(client, {"url": PAGE})
        hits = fake_matomo.wait_for_hits(2)
        assert hits[0].parameters["_id"] == hits[1].parameters["_id"] == visitor.value

    def test_a_slow_matomo_does_not_slow_the_endpoint(self, fake_matomo):
        fake_matomo.delay_seconds = 5
        started = time.monotonic()
        response = post_hit(consenting_client(), {"url": PAGE})
        assert response.status_code == 204
        assert time.monotonic() - started < 1

    def test_an_unreachable_matomo_is_logged_not_raised(self, fake_matomo, caplog):
        fake_matomo.stop()
        started = time.monotonic()
        assert analytics.send_to_matomo({"url": PAGE}) is False
        assert time.monotonic() - started < 2
        assert "Matomo did not take a hit" in caplog.text

    def test_a_hanging_matomo_is_given_up_on_after_the_timeout(self, fake_matomo, caplog):
        fake_matomo.delay_seconds = 3
        started = time.monotonic()
        assert analytics.send_to_matomo({"url": PAGE}) is False
        assert time.monotonic() - started < 2

    def test_an_error_from_matomo_is_logged(self, fake_matomo, caplog):
        fake_matomo.status = 500
        assert analytics.send_to_matomo({"url": PAGE}) is False
        assert "Matomo did not take a hit" in caplog.text

    def test_pages_stay_fast_when_matomo_is_down(self, fake_matomo, seed_programme):
        fake_matomo.stop()
        client = consenting_client()
        started = time.monotonic()
        assert client.get("/programmas/risicos-en-verantwoordelijkheden/").status_code == 200
        assert post_hit(client, {"url": PAGE}).status_code == 204
        assert time.monotonic() - started < 1
