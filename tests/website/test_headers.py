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


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())


def assert_common_headers(response) -> None:
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


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
        BZKMEMORY_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["plain"] == [301, "https://geheugenvanbzk.nl/robots.txt"]
    assert answer["hsts"] == "max-age=31536000; includeSubDomains; preload"
