"""Rich text keeps the few tags editors need and nothing that could run or restyle a page."""

import pytest

from tests.factories import ProgrammeFactory
from website.models import SiteSettings
from website.richtext import sanitise_html


@pytest.mark.parametrize(
    "html",
    [
        "<p>Tekst met <strong>nadruk</strong>, <em>cursief</em> en een lijst:</p>"
        "<ul><li>een</li></ul><ol><li>twee</li></ol>",
        '<p><a href="https://www.rijksoverheid.nl/" rel="noopener noreferrer">link</a></p>',
        "<h3>Kop</h3><p>alinea<br>regel</p>",
    ],
)
def test_what_editors_write_is_kept(html):
    assert sanitise_html(html) == html


@pytest.mark.parametrize(
    ("html", "forbidden"),
    [
        ("<p>a</p><script>alert(1)</script>", "<script"),
        ('<p onclick="alert(1)">a</p>', "onclick"),
        ('<a href="javascript:alert(1)">a</a>', "javascript:"),
        ('<p style="color:red">a</p>', "style"),
        ("<style>body{display:none}</style><p>a</p>", "<style"),
        ('<iframe src="https://example.org"></iframe>', "<iframe"),
        ('<img src="x" onerror="alert(1)">', "<img"),
        ("<svg><script>alert(1)</script></svg>", "<svg"),
        ('<form action="https://example.org"><input></form>', "<form"),
    ],
)
def test_anything_else_is_removed(html, forbidden):
    assert forbidden not in sanitise_html(html)


@pytest.mark.django_db
def test_rich_text_is_sanitised_when_saved():
    programme = ProgrammeFactory(introduction_nl="<p>Inleiding</p><script>alert(1)</script>")
    programme.refresh_from_db()
    assert programme.introduction_nl == "<p>Inleiding</p>"


@pytest.mark.django_db
def test_rich_text_written_without_save_is_sanitised_on_the_page(client):
    programme = ProgrammeFactory(published=True)
    type(programme).objects.filter(pk=programme.pk).update(
        introduction_nl='<p>Inleiding</p><script>alert(1)</script><a href="javascript:x()">a</a>'
    )
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "alert(1)" not in html
    assert "javascript:" not in html
    assert "<p>Inleiding</p>" in html


@pytest.mark.django_db
def test_the_site_introduction_is_sanitised_too():
    settings = SiteSettings.objects.current()
    settings.introduction_en = "<p>Hello</p><script>x</script>"
    settings.save()
    settings.refresh_from_db()
    assert settings.introduction_en == "<p>Hello</p>"
