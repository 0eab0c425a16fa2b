"""Whatever editors paste or type, nothing reaches a page in a form a browser would run."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from publishing.services import publish
from tests.factories import (
    AchievedResultFactory,
    ObjectiveFactory,
    PlannedResultFactory,
    ProgrammeFactory,
    ToolboxDocumentFactory,
    UserFactory,
)
from tests.html import form_values, parse

pytestmark = pytest.mark.django_db

CORPUS = [
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "</title><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">klik</a>',
    '<a href="JaVaScRiPt:alert(1)">klik</a>',
    '<a href="&#106;avascript:alert(1)">klik</a>',
    '<a href=" javascript:alert(1)">klik</a>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<object data="javascript:alert(1)"></object>',
    "<embed src=javascript:alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<p onmouseover="alert(1)">tekst</p>',
    '<p style="background:url(javascript:alert(1))">tekst</p>',
    "<style>*{display:none}</style>",
    '<base href="//evil.example/">',
    '<form action="//evil.example"><input name=x></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<a href='data:text/html,<script>alert(1)</script>'>x</a>",
]
RICH_FIELDS = ["introduction", "bzk_portfolio_connection", "intended_effect"]
PLAIN_FIELDS = ["title", "summary", "objectives_introduction", "image_caption", "responsible_unit"]


def assert_nothing_runs(html: str) -> None:
    page = parse_html(html)
    for script in page.find_all("script"):
        assert script.get("type") == "application/ld+json" or script.get("src", "").startswith(
            "/static/"
        ), script
        assert (
            "alert(1)" not in (script.string or "") or script.get("type") == "application/ld+json"
        )
    for tag in page.find_all(True):
        for attribute, value in tag.attrs.items():
            assert not attribute.lower().startswith("on"), tag
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute in {"href", "src", "action", "data", "formaction", "xlink:href"}:
                assert not text.strip().lower().startswith(("javascript:", "data:text/html")), tag
        assert tag.name not in {"iframe", "object", "embed", "svg", "math", "base", "form"} or (
            tag.name == "form" and tag.get("action", "").startswith("/")
        ), tag
    assert page.find("style") is None
    assert not page.main.select("[style]")


def parse_html(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


@pytest.mark.parametrize("payload", CORPUS)
def test_a_payload_in_every_text_of_a_programme_never_runs(client, payload):
    programme = ProgrammeFactory(
        published=True,
        slug="aanval",
        **{f"{field}_nl": payload for field in RICH_FIELDS + PLAIN_FIELDS},
        **{f"{field}_en": payload for field in RICH_FIELDS + PLAIN_FIELDS},
    )
    ObjectiveFactory(programme=programme, name_nl=payload, description_nl=payload, name_en=payload)
    PlannedResultFactory(programme=programme, text_nl=payload, text_en=payload)
    AchievedResultFactory(programme=programme, heading_nl=payload, text_nl=payload)
    ToolboxDocumentFactory(
        programme=programme, title_nl=payload, description_nl=payload, title_en=payload
    )
    for address in ("/programmas/aanval/", "/en/programmes/aanval/", "/", "/programmas/?q=aanval"):
        response = client.get(address)
        assert response.status_code == 200
        assert_nothing_runs(response.content.decode())


def test_a_payload_typed_into_the_admin_is_stored_clean_and_shown_safe(client):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Redacteur"))
    client.force_login(editor)
    programme = ProgrammeFactory(slug="via-beheer")
    url = reverse("admin:programmes_programme_change", args=[programme.pk])
    values = form_values(parse(client.get(url)), "programme_form")
    payload = "".join(CORPUS)
    for field in RICH_FIELDS:
        values[f"{field}_nl"] = f"<p>Gewone tekst</p>{payload}"
    values["title_nl"] = payload[:200]
    assert client.post(url, values).status_code == 302
    programme.refresh_from_db()
    for field in RICH_FIELDS:
        stored = getattr(programme, f"{field}_nl")
        assert "<p>Gewone tekst</p>" in stored
        for forbidden in (
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "<svg",
            "<style",
            "style=",
        ):
            assert forbidden not in stored.lower()
    publish(item=programme)
    client.logout()
    assert_nothing_runs(client.get("/programmas/via-beheer/").content.decode())


def test_template_code_in_data_stays_text(client):
    ProgrammeFactory(published=True, slug="sjabloon", title_nl="{{ 7|add:7 }} {% now 'Y' %}")
    title = parse(client.get("/programmas/sjabloon/")).h1.get_text()
    assert title == "{{ 7|add:7 }} {% now 'Y' %}"
