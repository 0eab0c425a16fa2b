"""Absolute addresses come from PUBLIC_BASE_URL, never from the Host header a client sends.

Django's host check ignores the port and takes "example.org." for "example.org", so a request
may carry a host that passes the check and is still not the site's. With PUBLIC_BASE_URL set
(production requires it), no page, feed, metadata record or e-mail repeats that host.
"""

import gzip
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import (
    ExhibitionFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
)
from tests.html import parse
from tests.publishing.test_drafts_and_review import member_of, press

pytestmark = pytest.mark.django_db

BASE = "https://geheugen.example"
# Hosts that Django's check lets through for ALLOWED_HOSTS = ["testserver"].
FORGED_HOSTS = ["testserver:31337", "testserver."]
ABSOLUTE = re.compile(r"https?://[^\s\"'<>]+")


@pytest.fixture
def public_site(settings, seed_programme):
    settings.PUBLIC_BASE_URL = BASE
    settings.ALLOWED_HOSTS = ["testserver"]
    ToolboxDocumentFactory(programme=seed_programme, with_pdf=True, key="met-bestand", position=99)
    exhibition = ExhibitionFactory(published=True, slug="lokale-democratie")
    TimelineItemFactory(exhibition=exhibition, slug="eerste-raad")
    return seed_programme


ADDRESSES = [
    "/",
    "/en/",
    "/over/",
    "/programmas/",
    "/programmas/risicos-en-verantwoordelijkheden/",
    "/en/programmes/risicos-en-verantwoordelijkheden/",
    "/programmas/risicos-en-verantwoordelijkheden/mdto.xml",
    "/tentoonstellingen/lokale-democratie/",
    "/tentoonstellingen/lokale-democratie/tijdlijn/eerste-raad/",
    "/tentoonstellingen/lokale-democratie/mdto.xml",
    "/sitemap.xml",
    "/robots.txt",
    "/.well-known/security.txt",
    "/oai/?verb=Identify",
    "/oai/?verb=ListRecords&metadataPrefix=oai_dc",
    "/oai/?verb=ListRecords&metadataPrefix=mdto",
]


def body_of(response) -> str:
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content).decode()
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def open_data_addresses() -> list[str]:
    return [
        reverse(name)
        for name in (
            "open_data_json",
            "open_data_csv",
            "open_data_exhibitions_json",
            "open_data_exhibitions_csv",
        )
    ]


@pytest.mark.parametrize("host", FORGED_HOSTS)
def test_no_page_feed_or_record_repeats_a_forged_host(public_site, host):
    addresses = ADDRESSES + open_data_addresses()
    seen_absolute = 0
    for address in addresses:
        response = Client().get(address, HTTP_HOST=host)
        assert response.status_code == 200, address
        body = body_of(response)
        links = ABSOLUTE.findall(body)
        ours = [link for link in links if "testserver" in link]
        assert ours == [], (address, ours[:3])
        seen_absolute += sum(link.startswith(BASE + "/") for link in links)
    # The addresses are there, on the configured base: the check above is not vacuous.
    assert seen_absolute > 50


@pytest.mark.parametrize("host", FORGED_HOSTS)
def test_a_programme_page_names_itself_on_the_configured_base(public_site, host):
    page = parse(Client().get("/programmas/risicos-en-verantwoordelijkheden/", HTTP_HOST=host))
    assert page.find("link", rel="canonical")["href"] == (
        f"{BASE}/programmas/risicos-en-verantwoordelijkheden/"
    )
    alternates = {link["hreflang"]: link["href"] for link in page.find_all("link", hreflang=True)}
    assert alternates["en"] == f"{BASE}/en/programmes/risicos-en-verantwoordelijkheden/"
    assert page.find("meta", property="og:url")["content"].startswith(BASE + "/")


def test_the_sitemap_and_robots_txt_use_the_configured_base(public_site):
    sitemap = body_of(Client().get("/sitemap.xml", HTTP_HOST="testserver:31337"))
    assert f"<loc>{BASE}/programmas/risicos-en-verantwoordelijkheden/</loc>" in sitemap
    robots = body_of(Client().get("/robots.txt", HTTP_HOST="testserver:31337"))
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_the_page_a_forged_host_saw_first_is_the_page_every_visitor_gets(public_site):
    address = "/programmas/risicos-en-verantwoordelijkheden/"
    forged = Client().get(address, HTTP_HOST="testserver:31337", HTTP_ACCEPT_ENCODING="gzip")
    plain = Client().get(address, HTTP_ACCEPT_ENCODING="gzip")
    assert body_of(forged) == body_of(plain)


def test_the_review_mail_links_to_the_configured_base(
    public_site, settings, django_capture_on_commit_callbacks
):
    redacteur = member_of("Redacteur", "rosa")
    redacteur.defaults["HTTP_HOST"] = "testserver:31337"
    member_of("Eindredacteur", "erik")
    press(redacteur, public_site, "_continue", summary_nl="Een verbeterde samenvatting.")
    with django_capture_on_commit_callbacks(execute=True):
        press(redacteur, public_site, "_submit_for_review", review_message="Graag bekijken.")
    assert len(mail.outbox) == 1
    links = ABSOLUTE.findall(mail.outbox[0].body)
    assert links
    assert all(link.startswith(BASE + "/admin/") for link in links), links


def test_forged_ports_share_one_cached_copy_and_cannot_fill_the_cache(public_site):
    from django.core.cache import cache

    def page_entries() -> int:
        return sum(":page:" in key for key in cache._cache)

    address = "/programmas/risicos-en-verantwoordelijkheden/"
    Client().get(address)
    cached = page_entries()
    for port in range(31337, 31357):
        assert Client().get(address, HTTP_HOST=f"testserver:{port}").status_code == 200
    assert page_entries() == cached
