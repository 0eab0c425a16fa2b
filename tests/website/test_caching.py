"""Cached pages: right for every visitor, stale never, and answered conditionally."""

import gzip
import os
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes.models import Programme
from tests.conftest import statistics_consent_cookie
from tests.factories import ObjectiveFactory, ProgrammeFactory, ToolboxDocumentFactory, UserFactory
from tests.html import form_values, parse, text_of
from website.models import SiteSettings

pytestmark = pytest.mark.django_db

URL = "/programmas/gecached/"


@pytest.fixture
def programme():
    programme = ProgrammeFactory(published=True, slug="gecached", title_nl="Eerste titel")
    ObjectiveFactory(programme=programme, name_nl="Inzicht")
    return programme


def queries(client: Client, url: str, **extra) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    return len(captured), response


class TestThePageCache:
    def test_a_second_visit_is_served_from_the_cache(self, client, programme):
        first, response = queries(client, URL)
        second, again = queries(Client(), URL)
        assert second < first
        assert second == 1  # the programme's and the site texts' change times, read together
        assert again.content == response.content

    @pytest.mark.parametrize("language_url", [URL, "/en/programmes/gecached/"])
    def test_an_edit_in_the_admin_shows_on_the_request_after_its_publication(
        self, client, programme, language_url
    ):
        first = text_of(parse(client.get(language_url)).h1)

        def signed_in(role: str) -> Client:
            user = UserFactory(is_staff=True)
            user.groups.add(Group.objects.get(name=role))
            admin = Client()
            admin.force_login(user)
            return admin

        change = reverse("admin:programmes_programme_change", args=[programme.pk])
        editor = signed_in("Redacteur")
        values = form_values(parse(editor.get(change)), "programme_form")
        values.update(title_nl="Tweede titel", title_en="Second title")
        assert editor.post(change, values).status_code == 302
        # A draft: the cached page (and a fresh one) still shows the published title.
        assert text_of(parse(client.get(language_url)).h1) == first
        reviewer = signed_in("Eindredacteur")
        values = form_values(parse(reviewer.get(change)), "programme_form") | {"_publish": "1"}
        assert reviewer.post(change, values).status_code == 302
        assert text_of(parse(client.get(language_url)).h1) in {"Tweede titel", "Second title"}

    def test_a_changed_part_shows_on_the_next_request(self, client, programme):
        client.get(URL)
        objective = programme.objectives.get()
        objective.name_nl = "Nieuw doel"
        objective.save()
        assert "Nieuw doel" in text_of(parse(client.get(URL)).main)

    def test_a_new_document_shows_on_the_next_request(self, client, programme):
        client.get(URL)
        ToolboxDocumentFactory(programme=programme, title_nl="Verse handreiking")
        assert "Verse handreiking" in text_of(parse(client.get(URL)).main)

    def test_changed_site_texts_show_on_the_next_request(self, client, programme):
        client.get(URL)
        client.get("/")
        settings = SiteSettings.objects.current()
        settings.introduction_nl = "<p>Een nieuwe introductie.</p>"
        settings.save()
        assert "Een nieuwe introductie." in text_of(parse(client.get(URL)).main)
        assert "Een nieuwe introductie." in text_of(parse(client.get("/")).main)

    def test_the_index_and_home_follow_publishing(self, client, programme):
        assert "Eerste titel" in client.get("/programmas/").content.decode()
        other = ProgrammeFactory(title_nl="Net gepubliceerd")
        other.status, other.published_at = Programme.Status.PUBLISHED, programme.published_at
        other.save()
        assert "Net gepubliceerd" in client.get("/programmas/").content.decode()
        assert "Net gepubliceerd" in client.get("/").content.decode()
        other.delete()
        assert "Net gepubliceerd" not in client.get("/programmas/").content.decode()

    def test_the_index_follows_bulk_writes_that_send_no_signals(self, client, programme):
        assert "Eerste titel" in client.get("/programmas/").content.decode()
        Programme.objects.filter(pk=programme.pk).update(title_nl="Bijgewerkt in bulk")
        assert "Bijgewerkt in bulk" in client.get("/programmas/").content.decode()
        Programme.objects.bulk_create(
            [ProgrammeFactory.build(title_nl="In bulk toegevoegd", published=True)]
        )
        assert "In bulk toegevoegd" in client.get("/programmas/").content.decode()

    def test_a_scheduled_publication_appears_when_its_time_comes(self, client, programme):
        start = timezone.now()
        ProgrammeFactory(
            title_nl="Straks zichtbaar", published=True, published_at=start + timedelta(hours=1)
        )
        with time_machine.travel(start + timedelta(minutes=59), tick=False):
            assert "Straks zichtbaar" not in client.get("/programmas/").content.decode()
            assert "Straks zichtbaar" not in client.get("/").content.decode()
        # Nothing is written when the time comes; the pages notice by themselves.
        with time_machine.travel(start + timedelta(hours=1, minutes=1), tick=False):
            assert "Straks zichtbaar" in client.get("/programmas/").content.decode()
            assert "Straks zichtbaar" in client.get("/").content.decode()

    def test_a_change_that_is_rolled_back_leaves_the_cached_pages_valid(self, client, programme):
        client.get("/programmas/")

        def change_then_fail() -> None:
            with transaction.atomic():
                Programme.objects.filter(pk=programme.pk).update(title_nl="Nooit bewaard")
                raise RuntimeError

        with pytest.raises(RuntimeError):
            change_then_fail()
        queries_on_a_hit, response = queries(Client(), "/programmas/")
        # The index's change checks: the listings', and the themes' its theme facet names.
        assert queries_on_a_hit == 2
        assert "Nooit bewaard" not in response.content.decode()

    def test_a_withdrawn_programme_is_gone_at_once(self, client, programme):
        from publishing.services import withdraw

        client.get(URL)
        withdraw(item=programme)
        assert client.get(URL).status_code == 410


class TestEveryVisitorGetsTheirOwnPage:
    def test_the_consent_banner_follows_each_visitor(self, programme, fake_matomo):
        asking = Client()
        assert parse(asking.get(URL)).select_one("#consent-banner") is not None
        declined = Client()
        declined.cookies["cookie_consent"] = "statistics=-1"
        page = parse(declined.get(URL))
        assert page.select_one("#consent-banner") is None
        assert not page.select('script[src*="analytics"]')
        counting = Client()
        counting.cookies["cookie_consent"] = statistics_consent_cookie()
        assert parse(counting.get(URL)).select('script[src*="analytics"]')
        assert parse(Client().get(URL)).select_one("#consent-banner") is not None
        gpc = parse(Client().get(URL, headers={"Sec-GPC": "1"}))
        assert gpc.select_one("#consent-banner") is None

    def test_no_page_holds_a_token_or_nonce_that_could_be_passed_on(self, client, programme):
        for address in ("/", URL, "/programmas/", "/over/", "/cookies/"):
            first = client.get(address)
            second = Client().get(address)
            for response in (first, second):
                html = response.content.decode()
                assert "csrfmiddlewaretoken" not in html
                assert "nonce=" not in html
                assert "nonce-" not in response["Content-Security-Policy"]
                assert "csrftoken" not in response.cookies

    def test_signed_in_editors_keep_their_own_tokens(self, admin_client):
        other = Client()
        other.force_login(UserFactory(is_staff=True, is_superuser=True))
        first = parse(admin_client.get("/admin/programmes/programme/add/"))
        second = parse(other.get("/admin/programmes/programme/add/"))
        token = 'input[name="csrfmiddlewaretoken"]'
        assert first.select_one(token)["value"] != second.select_one(token)["value"]


class TestCompression:
    GZIP = {"Accept-Encoding": "gzip, deflate, br"}

    @pytest.mark.parametrize("address", ["/", URL, "/programmas/", "/programmas/?q=inzicht"])
    def test_browsers_that_accept_gzip_get_the_page_compressed(self, client, programme, address):
        plain = Client().get(address)
        first = client.get(address, headers=self.GZIP)  # from the cache, as compressed
        fresh = Client().get(address + ("&" if "?" in address else "?") + "x=1", headers=self.GZIP)
        for response in (first, fresh):
            assert response["Content-Encoding"] == "gzip"
            assert int(response["Content-Length"]) == len(response.content)
            assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(first.content) == plain.content
        assert len(first.content) < len(plain.content) / 2
        assert "Content-Encoding" not in plain
        assert "Accept-Encoding" in plain["Vary"]

    def test_each_form_of_a_page_has_its_own_etag(self, client, programme):
        plain = client.get(URL)
        compressed = client.get(URL, headers=self.GZIP)
        assert plain["ETag"] != compressed["ETag"]
        again = client.get(URL, headers={**self.GZIP, "If-None-Match": compressed["ETag"]})
        assert again.status_code == 304

    def test_error_pages_are_not_cached_or_compressed(self, client):
        response = client.get("/programmas/bestaat-niet/", headers=self.GZIP)
        assert response.status_code == 404
        assert "Content-Encoding" not in response


class TestConditionalRequests:
    def test_an_unchanged_page_answers_304(self, client, programme):
        response = client.get(URL)
        assert response["ETag"]
        assert response["Last-Modified"]
        again = client.get(URL, headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304
        since = client.get(URL, headers={"If-Modified-Since": response["Last-Modified"]})
        assert since.status_code == 304

    def test_a_changed_page_gets_a_new_etag(self, client, programme):
        etag = client.get(URL)["ETag"]
        programme.title_nl = "Anders"
        programme.save()
        response = client.get(URL, headers={"If-None-Match": etag})
        assert response.status_code == 200
        assert response["ETag"] != etag

    def test_the_etag_differs_between_consent_variants(self, programme):
        asking = Client().get(URL)["ETag"]
        declined = Client()
        declined.cookies["cookie_consent"] = "statistics=-1"
        assert declined.get(URL)["ETag"] != asking

    @pytest.mark.parametrize("address", ["/", "/programmas/", "/over/"])
    def test_other_pages_too(self, client, programme, address):
        etag = client.get(address)["ETag"]
        assert client.get(address, headers={"If-None-Match": etag}).status_code == 304


class TestDocumentDownloads:
    @pytest.fixture
    def document(self):
        return ToolboxDocumentFactory(programme__published=True, with_pdf=True)

    def body(self, response) -> bytes:
        return b"".join(response.streaming_content)

    def test_etag_is_the_files_checksum_and_304_when_unchanged(self, client, document):
        response = client.get(document.public_url)
        assert response["ETag"] == f'"{document.sha256}"'
        assert response["Accept-Ranges"] == "bytes"
        again = client.get(document.public_url, headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304

    def test_a_byte_range(self, client, document):
        with document.file.open("rb") as stream:
            whole = stream.read()
        response = client.get(document.public_url, headers={"Range": "bytes=10-19"})
        assert response.status_code == 206
        assert response["Content-Range"] == f"bytes 10-19/{len(whole)}"
        assert self.body(response) == whole[10:20]
        tail = client.get(document.public_url, headers={"Range": "bytes=-5"})
        assert self.body(tail) == whole[-5:]
        rest = client.get(document.public_url, headers={"Range": f"bytes={len(whole) - 3}-"})
        assert self.body(rest) == whole[-3:]

    def test_a_range_beyond_the_file_is_unsatisfiable(self, client, document):
        response = client.get(document.public_url, headers={"Range": "bytes=999999-"})
        assert response.status_code == 416
        assert response["Content-Range"] == f"bytes */{document.file_size}"

    @pytest.mark.parametrize("header", ["bytes=0-1,5-6", "bytes=abc", "items=0-5", "bytes=9-2"])
    def test_other_range_headers_get_the_whole_file(self, client, document, header):
        response = client.get(document.public_url, headers={"Range": header})
        assert response.status_code == 200
        assert len(self.body(response)) == document.file_size

    def test_a_range_for_another_version_gets_the_whole_file(self, client, document):
        response = client.get(
            document.public_url, headers={"Range": "bytes=0-9", "If-Range": '"other"'}
        )
        assert response.status_code == 200


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set")
class TestWithRedis:
    @pytest.fixture
    def redis_cache(self, settings):
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "website.cache.ResilientRedisCache",
                "LOCATION": os.environ["TEST_REDIS_URL"],
            },
        }
        cache.clear()
        yield cache
        cache.clear()

    def test_pages_are_cached_in_redis_and_invalidated(self, client, programme, redis_cache):
        first, _response = queries(client, URL)
        second, _response = queries(Client(), URL)
        assert second < first
        programme.title_nl = "Via Redis"
        programme.save()
        assert text_of(parse(client.get(URL)).h1) == "Via Redis"

    def test_without_redis_pages_still_work_uncached(self, client, programme, settings):
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "website.cache.ResilientRedisCache",
                "LOCATION": "redis://127.0.0.1:6399/0",
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            },
        }
        for address in (URL, "/", "/programmas/?q=titel"):
            assert client.get(address).status_code == 200
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["cache"].startswith("degraded: ")


@pytest.mark.django_db
@pytest.mark.parametrize("address", ["/over/", URL, "/"])
def test_a_host_with_another_port_cannot_poison_the_page_cache(address):
    ProgrammeFactory(published=True, slug="gecached")
    attacker = Client().get(address, HTTP_HOST="testserver:31337")
    assert attacker.status_code == 200
    assert b"testserver:31337" in attacker.content  # its own page, built from its own host
    visitor = Client().get(address)
    assert visitor.status_code == 200
    assert b":31337" not in visitor.content
    canonical = parse(visitor).find("link", rel="canonical")
    assert canonical is None or canonical["href"].startswith("http://testserver/")
