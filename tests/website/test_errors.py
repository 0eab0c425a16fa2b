"""Error pages in the site's style and the visitor's language; never a traceback."""

import pytest
from django.urls import path

from bzkmemory import urls as site_urls
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("secret detail from deep inside")


# The site's own addresses, plus one that fails.
urlpatterns = [path("kapot/", broken_view), *site_urls.urlpatterns]
handler500 = site_urls.handler500


@pytest.mark.parametrize(
    ("address", "heading"),
    [("/bestaat-niet/", "Pagina niet gevonden"), ("/en/does-not-exist/", "Page not found")],
)
def test_not_found_has_the_header_search_and_a_way_home(client, address, heading):
    response = client.get(address)
    assert response.status_code == 404
    page = parse(response)
    assert text_of(page.h1) == heading
    assert page.select_one("form[role=search] input[name=q]") is not None
    assert page.select_one('main a[href="/"], main a[href="/en/"]') is not None
    assert page.select_one('link[rel="canonical"]') is None


def test_a_server_error_shows_the_sites_page_without_details(client, settings):
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "secret detail" not in html
    assert "Traceback" not in html
    page = parse(response)
    assert text_of(page.h1) == "Er ging iets mis"
    assert page.select_one(".site-header") is not None


def test_debug_is_off(settings):
    from django.conf import settings as live

    assert live.DEBUG is False
