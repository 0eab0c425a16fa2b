"""Security headers on every kind of response, and production's HTTPS rules."""

import json

import pytest

from tests.factories import ToolboxDocumentFactory
from tests.website.test_settings import STRONG_KEY, run_django

pytestmark = pytest.mark.django_db

SITE_POLICY = {
    "default-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "connect-src": "'self'",
    "form-action": "'self'",
}


# What the site never uses; passkeys are refused too, except on the admin's pages.
REFUSED_EVERYWHERE = [
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "browsing-topics",
]
PASSKEYS = ["publickey-credentials-get", "publickey-credentials-create"]


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def assert_common_headers(response) -> None:
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    features = permissions(response)
    for feature in REFUSED_EVERYWHERE:
        assert features[feature] == "()", feature


def permissions(response) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))


@pytest.mark.parametrize(
    "address", ["/", "/programmas/", "/en/about/", "/cookies/", "/admin/login/", "/bestaat-niet/"]
)
def test_pages_have_the_sites_policy(client, address):
    response = client.get(address)
    assert_common_headers(response)
    policy = directives(response["Content-Security-Policy"])
    for directive, value in SITE_POLICY.items():
        assert policy[directive] == value, directive
    assert policy["script-src"].startswith("'self'")
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


def test_the_admin_pages_too(admin_client):
    response = admin_client.get("/admin/programmes/programme/add/")
    assert_common_headers(response)
    assert directives(response["Content-Security-Policy"])["frame-ancestors"] == "'none'"


def test_a_document_may_run_nothing(client):
    document = ToolboxDocumentFactory(programme__published=True, with_pdf=True)
    response = client.get(document.public_url)
    assert_common_headers(response)
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_production_forces_https_with_hsts(tmp_path):
    code = (
        "import json; from django.test import Client; c = Client();"
        "plain = c.get('/robots.txt', HTTP_HOST='geheugenvanbzk.nl');"
        "secure = c.get('/robots.txt', HTTP_HOST='geheugenvanbzk.nl', secure=True);"
        "print(json.dumps({'plain': [plain.status_code, plain.get('Location')],"
        " 'hsts': secure.get('Strict-Transport-Security')}))"
    )
    result = run_django(
        code,
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="geheugenvanbzk.nl",
        PUBLIC_BASE_URL="https://geheugenvanbzk.nl",
        BZKMEMORY_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["plain"] == [301, "https://geheugenvanbzk.nl/robots.txt"]
    assert answer["hsts"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.parametrize("address", ["/", "/en/about/", "/bestaat-niet/", "/robots.txt"])
def test_public_addresses_refuse_passkeys_too(client, address):
    response = client.get(address)
    assert_common_headers(response)
    features = permissions(response)
    assert [features[name] for name in PASSKEYS] == ["()", "()"]


@pytest.mark.parametrize("address", ["/admin/login/", "/admin/"])
def test_the_admin_may_ask_for_passkeys_of_this_site_only(client, address):
    response = client.get(address)
    assert_common_headers(response)
    features = permissions(response)
    assert [features[name] for name in PASSKEYS] == ["(self)", "(self)"]


def test_a_signed_in_editors_admin_pages_too(admin_client):
    response = admin_client.get("/admin/programmes/programme/")
    assert permissions(response)["publickey-credentials-create"] == "(self)"


@pytest.mark.parametrize("address", ["/static/css/site.css", "/favicon.ico"])
def test_static_files_from_whitenoise(client, address):
    response = client.get(address)
    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    features = permissions(response)
    names = [*REFUSED_EVERYWHERE, *PASSKEYS]
    assert [features[name] for name in names] == ["()"] * len(names)


def test_static_files_for_a_cdn_on_another_host_may_be_used_there(client, settings):
    settings.STATIC_URL = "https://static.example.nl/static/"
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert client.get("/")["Cross-Origin-Resource-Policy"] == "same-origin"


def test_open_data_and_not_modified_answers(client):
    assert_common_headers(client.get("/open-data/programmas.csv"))
    first = client.get("/")
    again = client.get("/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Cross-Origin-Resource-Policy"] == "same-origin"
