"""What search engines, harvesters and security researchers read: sitemap, robots, security.txt,
canonical links, Open Graph and schema.org JSON-LD."""

import json
import re
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest

from publishing.services import withdraw
from tests.factories import ProgrammeFactory, ToolboxDocumentFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

SEED = "risicos-en-verantwoordelijkheden"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class TestSitemap:
    def entries(self, client) -> dict[str, dict[str, str]]:
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)  # noqa: S314 - our own response
        return {
            url.find(f"{SITEMAP}loc").text: {
                link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
            }
            for url in root.findall(f"{SITEMAP}url")
        }

    def test_it_lists_each_public_page_in_both_languages_with_alternates(
        self, client, seed_programme
    ):
        entries = self.entries(client)
        dutch = f"http://testserver/programmas/{SEED}/"
        english = f"http://testserver/en/programmes/{SEED}/"
        assert (
            entries[dutch] == entries[english] == {"nl": dutch, "en": english, "x-default": dutch}
        )
        for path in ("/", "/en/", "/programmas/", "/over/", "/en/accessibility/"):
            assert f"http://testserver{path}" in entries

    def test_drafts_and_withdrawn_programmes_are_left_out(self, client):
        ProgrammeFactory(slug="concept")
        withdraw(item=ProgrammeFactory(published=True, slug="weg"))
        addresses = " ".join(self.entries(client))
        assert "concept" not in addresses
        assert "weg" not in addresses


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_security_txt_follows_rfc_9116(client, settings):
    settings.SECURITY_TXT_CONTACTS = ["mailto:security@example.org"]
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:security@example.org"
    assert fields["Canonical"] == "http://testserver/.well-known/security.txt"
    expires = datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert timedelta(days=30) < expires - datetime.now(UTC) < timedelta(days=365)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fields["Expires"])


class TestProgrammePage:
    def test_it_has_a_canonical_link_per_language(self, client, seed_programme):
        for address in (f"/programmas/{SEED}/", f"/en/programmes/{SEED}/"):
            page = parse(client.get(address))
            assert page.select_one('link[rel="canonical"]')["href"] == f"http://testserver{address}"

    def test_open_graph_describes_it(self, client, seed_programme):
        page = parse(client.get(f"/en/programmes/{SEED}/"))
        meta = {tag["property"]: tag["content"] for tag in page.select("meta[property]")}
        assert meta["og:title"] == "Risks and responsibilities"
        assert meta["og:type"] == "article"
        assert meta["og:locale"] == "en_GB"
        assert meta["og:url"] == f"http://testserver/en/programmes/{SEED}/"
        assert meta["og:description"].startswith("The Risks and Responsibilities programme")
        assert "og:image" not in meta

    def json_ld(self, client, address: str) -> dict:
        scripts = parse(client.get(address)).select('script[type="application/ld+json"]')
        assert len(scripts) == 1
        return json.loads(scripts[0].string)

    def test_json_ld_presents_it_as_an_archive_component_held_by_bzk(self, client, seed_programme):
        data = self.json_ld(client, f"/programmas/{SEED}/")
        assert data["@context"] == "https://schema.org"
        assert "ArchiveComponent" in data["@type"]
        assert data["name"] == "Risico's en verantwoordelijkheden"
        assert data["inLanguage"] == "nl"
        assert data["temporalCoverage"] == "2011/2015"
        assert "ArchiveOrganization" in data["holdingArchive"]["@type"]
        assert data["holdingArchive"]["name"] == (
            "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"
        )
        # Records of documents without a file are named, without an invented address.
        assert [part["@type"] for part in data["hasPart"]] == ["CreativeWork"] * 3
        assert all("url" not in part for part in data["hasPart"])

    def test_documents_with_a_file_are_digital_documents(self, client):
        document = ToolboxDocumentFactory(programme__published=True, with_pdf=True)
        data = self.json_ld(client, document.programme.get_absolute_url())
        (part,) = data["hasPart"]
        assert part["@type"] == "DigitalDocument"
        assert part["url"] == f"http://testserver{document.public_url}"
        assert part["encodingFormat"] == "application/pdf"
        assert part["sha256"] == document.sha256

    def test_json_ld_cannot_be_broken_out_of(self, client):
        programme = ProgrammeFactory(published=True, title_nl="</script><script>alert(1)</script>")
        html = client.get(programme.get_absolute_url()).content.decode()
        assert "</script><script>alert(1)" not in html
        data = self.json_ld(client, programme.get_absolute_url())
        assert data["name"] == "</script><script>alert(1)</script>"


def test_print_has_its_own_stylesheet(client, seed_programme):
    page = parse(client.get(f"/programmas/{SEED}/"))
    print_css = page.select_one('link[rel="stylesheet"][media="print"]')
    assert print_css["href"].endswith("print.css")
    response = client.get(print_css["href"])
    css = b"".join(response.streaming_content).decode()
    assert ".breadcrumb" in css
    assert "display: none" in css
    assert "attr(href)" in css
