"""Issue 15: every address of the site answers hostile input with a 4xx (or the OAI-PMH error
the protocol names), never a 5xx, and never echoes what it was sent as markup.

The walk is not a hand-written list of addresses: it takes every URL pattern from the root
URLconf (both languages of the i18n patterns), fills each path parameter with hostile values and
with real ones from a populated archive (so that views get past their 404 and read their
query), and sends the query parameters, form fields, bodies and headers the views read. Three
tables keep it complete, each checked by a test that fails when the code moves on without them:

- ``ENDPOINTS``: every public pattern, with what its view reads (a new pattern fails the walk);
- ``REAL``: real path values for every pattern with parameters (so a new one cannot go unfilled);
- ``READS``: every parameter, header and cookie the apps' code reads from a request, found by
  scanning the source (a new ``request.GET.get("...")`` fails until the walk sends it).

Run with ``-s`` to see the tally of hostile requests by endpoint and status (tests/hostile.py).
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_from_bytes

import pytest
from django.apps import apps as django_apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from django.utils import translation
from django.utils.regex_helper import normalize
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bzkmemory.forms import ProgrammeIndexForm
from openmetadata.oai import VERBS
from tests.factories import (
    MINIMAL_PDF,
    ExhibitionFactory,
    ProgrammeFactory,
    ThemeFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
    UserFactory,
    png_upload,
)
from tests.hostile import record, tally  # noqa: F401 - the module's tally fixture
from toolbox.forms import DocumentIndexForm

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tally")]

ROOT = Path(__file__).resolve().parent.parent
MARKER = '"><x-hostile>'
RAW_MARKER = b"<x-hostile>"

# --------------------------------------------------------------------------------------------
# Every URL pattern, from the root URLconf


@dataclass(frozen=True)
class Route:
    """One URL pattern as the resolver sees it in one language."""

    text: str  # the pattern as written, prefixes joined: "programmas/<slug:slug>/"
    key: str  # the namespaced URL name, or the pattern's text for an unnamed one
    language: str
    address: str  # a %-format string with a slot per parameter (Django's own normalize)
    parameters: tuple[str, ...]
    converters: dict = field(hash=False, compare=False)

    def fill(self, values: dict[str, bytes]) -> str:
        """The path with each parameter's value percent-encoded (so any byte can be sent)."""
        return "/" + self.address % {
            name: quote_from_bytes(values[name], safe="") for name in self.parameters
        }


def _regex_text(pattern) -> str:
    return pattern.regex.pattern.removeprefix("^").removesuffix(r"\Z").removesuffix("$")


def _walk(resolver: URLResolver, texts=(), regexes=(), converters=None, namespace=""):
    for entry in resolver.url_patterns:
        here_texts = (*texts, str(entry.pattern))
        here_regexes = (*regexes, _regex_text(entry.pattern))
        here_converters = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, here_texts, here_regexes, here_converters, inner)
        elif isinstance(entry, URLPattern):
            yield here_texts, "".join(here_regexes), here_converters, entry, namespace


def url_routes() -> list[Route]:
    routes = {}
    for language in ("nl", "en"):
        with translation.override(language):
            for texts, regex, converters, entry, namespace in _walk(get_resolver()):
                text = "".join(texts)
                address, parameters = normalize(regex)[0]
                key = f"{namespace}{entry.name}" if entry.name else text
                route = Route(text, key, language, address, tuple(parameters), converters)
                routes.setdefault(text, route)
    return list(routes.values())


ROUTES = url_routes()


# --------------------------------------------------------------------------------------------
# What each public endpoint reads


@dataclass(frozen=True)
class Endpoint:
    query: tuple[str, ...] = ()  # query parameters (and, for POST, form fields) it reads
    methods: tuple[str, ...] = ("GET", "HEAD")
    body: str | None = None  # "form" or "json": what a POST to it carries


OAI_ARGUMENTS = ("verb", *sorted({name for req, opt, _ in VERBS.values() for name in req | opt}))
OAI_ARGUMENTS += ("resumptionToken",)
INDEX_FORM = (*ProgrammeIndexForm.base_fields, "page")
DOCUMENTS_FORM = (*DocumentIndexForm.base_fields, "page")
PAGE = Endpoint()
FILE = Endpoint()  # reads Range, If-Range, If-None-Match, If-Modified-Since (HEADERS)

ENDPOINTS: dict[str, Endpoint] = {
    "home": PAGE,
    "programmes:index": Endpoint(query=INDEX_FORM),
    "programmes:detail": PAGE,
    "programmes:image": FILE,
    "programmes:mdto": PAGE,
    "toolbox:download": FILE,
    "documents:index": Endpoint(query=DOCUMENTS_FORM),
    "documents:detail": PAGE,
    "themes:index": PAGE,
    "themes:detail": PAGE,
    "exhibitions:index": PAGE,
    "exhibitions:detail": PAGE,
    "exhibitions:introduction": PAGE,
    "exhibitions:item": PAGE,
    "exhibitions:video": FILE,
    "exhibitions:image": FILE,
    "exhibitions:captions": FILE,
    "exhibitions:mdto": PAGE,
    "pages:about": PAGE,
    "pages:privacy": PAGE,
    "pages:accessibility": PAGE,
    "cookie_settings": Endpoint(
        query=("choice", "group", "next"), methods=("GET", "POST"), body="form"
    ),
    "open_data_json": PAGE,
    "open_data_csv": PAGE,
    "open_data_exhibitions_json": PAGE,
    "open_data_exhibitions_csv": PAGE,
    "oai_pmh": Endpoint(query=OAI_ARGUMENTS, methods=("GET", "POST"), body="form"),
    "healthz": PAGE,
    "readyz": PAGE,
    # Django's sitemap view reads ?p= (its page).
    "sitemap": Endpoint(query=("p",)),
    "robots_txt": PAGE,
    "security_txt": PAGE,
    "analytics_hit": Endpoint(methods=("POST",), body="json"),
    "het-geheugen-van-bzk/": PAGE,
    "het-geheugen-van-bzk/<slug:slug>/": PAGE,
    # The admin's addresses anyone can reach: signing in (with a password, then perhaps a
    # code or a passkey), signing out, the moved addresses' redirects, and the catch-all that
    # sends a stranger to the sign-in page.
    "admin:login": Endpoint(
        query=("next", "username", "password", "otp_device", "otp_token", "otp_challenge"),
        methods=("GET", "POST"),
        body="form",
    ),
    "admin:logout": Endpoint(query=("next",), methods=("POST",), body="form"),
    "admin:passkey_sign_in_begin": Endpoint(methods=("POST",), body="json"),
    "admin:passkey_sign_in_complete": Endpoint(query=("next",), methods=("POST",), body="json"),
    "admin:passkey_register_begin": Endpoint(methods=("POST",), body="json"),
    "admin:passkey_register_complete": Endpoint(methods=("POST",), body="json"),
    "admin:passkey_jsi18n": PAGE,
    r"^admin/bzkmemory/(?P<rest>(sitesettings|sitepage|auditevent)/.*)$": PAGE,
    r"^admin/programmes/(?P<rest>archiveimport/.*)$": PAGE,
    "admin/(?P<url>.*)$": PAGE,
}


def is_admin_internal(route: Route) -> bool:
    """Admin pages for signed-in staff only. A stranger is sent to the sign-in page before any
    of their code runs (``test_admin_internals_are_closed_to_strangers`` checks that), so the
    anonymous walk leaves them out; ``test_signed_in_admin_walk`` sends hostile queries to
    every changelist and hostile ids to every change page as a superuser instead."""
    return route.text.startswith("admin/") and route.key not in ENDPOINTS


PUBLIC = [route for route in ROUTES if not is_admin_internal(route)]
ADMIN_INTERNAL = [route for route in ROUTES if is_admin_internal(route)]

# What the apps' code reads from a request, module by module: exactly what
# ``test_the_table_names_every_parameter_the_code_reads`` finds in the source. "*" is code that
# reads the whole QueryDict (OAI-PMH takes every argument; the walk sends any name to it).
READS: dict[str, set[str]] = {
    "archive/admin.py": {"POST:token", "POST:confirm", "form:BundleUploadForm", "POST:*"},
    "bzkmemory/link_targets.py": {"GET:q", "GET:lang"},
    "bzkmemory/views.py": {"GET:page", "GET:q", "form:ProgrammeIndexForm", "GET:*"},
    "openmetadata/views.py": {"GET:*", "POST:*"},
    "publishing/admin.py": {
        "GET:version",
        "GET:lang",
        "POST:_continue",
        "POST:_discard_draft",
        "POST:_publish",
        "POST:_submit_for_review",
        "POST:_send_back",
        "POST:_unpublish",
        "POST:*",
    },
    "toolbox/document_views.py": {"GET:page", "form:DocumentIndexForm", "GET:*"},
    "toolbox/views.py": {"headers:If-None-Match", "headers:If-Modified-Since"},
    "website/analytics.py": {
        "META:REMOTE_ADDR",
        "headers:X-Forwarded-For",
        "COOKIES:VISITOR_COOKIE",
        "headers:User-Agent",
        "headers:Accept-Language",
        "body",
    },
    "website/consent.py": {
        "headers:DNT",
        "headers:Sec-GPC",
        "headers:Sec-Fetch-Site",
        "headers:Origin",
    },
    "website/consent_views.py": {"POST:choice", "POST:group", "POST:next", "headers:Accept"},
    "website/db_router.py": {"COOKIES:SESSION_COOKIE_NAME", "COOKIES:*"},
    "website/file_responses.py": {"headers:Range", "headers:If-Range"},
    "website/page_cache.py": {"headers:Accept-Encoding", "GET:*"},  # whether there is a query
    "website/two_factor.py": {
        "form:AddAuthenticatorForm",
        "form:FirstCodeForm",
        "form:AddPasskeyForm",
        "form:RemovePasskeyForm",
        "form:PasswordAgainForm",
        "POST:*",
    },
}
# Reads only signed-in staff can reach; the signed-in walk sends the GET ones (SIGNED_IN_QUERY).
# The POST buttons and forms of the admin's change pages are covered by the apps' admin tests.
STAFF_ONLY_MODULES = {
    "archive/admin.py",
    "bzkmemory/link_targets.py",
    "publishing/admin.py",
    "website/two_factor.py",
}
# Every app of ours (a new one is scanned too), and the project package with its views.
APPS = sorted(
    {Path(config.path).name for config in django_apps.get_app_configs()}
    & {path.name for path in ROOT.iterdir()}
)

_SOURCE = "request.(GET|POST|COOKIES|headers|META|FILES)"
_NAME = r"[\"']([\w.-]+)[\"']|([A-Z][A-Z_]+|settings\.[A-Z_]+)"
SCANS = [
    re.compile(rf"{_SOURCE}\.get\(\s*(?:{_NAME})"),
    re.compile(rf"{_SOURCE}\[\s*(?:{_NAME})\s*\]"),
    re.compile(rf"(?:{_NAME})\s+(?:not\s+)?in\s+{_SOURCE}\b(?!\.)"),
]
FORMS = re.compile(r"(\w+Form)\(\s*request\.(?:GET|POST)")
KINDS = {"GET", "POST", "COOKIES", "headers", "META", "FILES"}
BARE = re.compile(rf"{_SOURCE}\b(?!\.get\(|\[|\.copy\(\)|\.lists\(\))")


def reads_in_source() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for app in APPS:
        for module in sorted((ROOT / app).rglob("*.py")):
            if {"migrations", "settings", "tests"} & set(module.parts):
                continue
            source = module.read_text()
            reads = set()
            for scan in SCANS:
                for match in scan.finditer(source):
                    groups = [group for group in match.groups() if group]
                    kind = next(group for group in groups if group in KINDS)
                    name = next(g for g in groups if g != kind)
                    reads.add(f"{kind}:{name.removeprefix('settings.')}")
            reads |= {f"form:{name}" for name in FORMS.findall(source)}
            for match in BARE.finditer(source):
                if match.group(1) in {"GET", "POST", "COOKIES"}:
                    reads.add(f"{match.group(1)}:*")
            if re.search(r"request\.body\b", source):
                reads.add("body")
            if reads:
                found[str(module.relative_to(ROOT))] = reads
    return found


# Every header the code reads (READS) and the ones Django itself reads on every request.
HEADERS = {
    "Range",
    "If-Range",
    "If-None-Match",
    "If-Modified-Since",
    "If-Match",
    "If-Unmodified-Since",
    "Accept",
    "Accept-Encoding",
    "Accept-Language",
    "Cookie",
    "Origin",
    "Referer",
    "Sec-Fetch-Site",
    "DNT",
    "Sec-GPC",
    "User-Agent",
    "X-Forwarded-For",
    "Content-Length",
    "Host",
}
# Reads that are not parameters the walk has to send by name.
NOT_SENT_BY_NAME = {
    "META:REMOTE_ADDR",  # the connection's own address
    "body",  # every POST endpoint gets hostile bodies
    "COOKIES:VISITOR_COOKIE",  # cookies come in the hostile Cookie header, names and all
    "COOKIES:SESSION_COOKIE_NAME",
    "COOKIES:*",
}
SIGNED_IN_QUERY = ("version", "lang", "q")


# --------------------------------------------------------------------------------------------
# Hostile values


def utf8(text: str) -> bytes:
    """As sent: a lone surrogate becomes the bytes no decoder accepts (invalid UTF-8)."""
    return text.encode("utf-8", "surrogatepass")


HUGE = "9" * 5000  # past Python's 4,300-digit limit for int()
FIXED = [
    "",
    " ",
    "\x00",
    "\x01",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ufffe",
    "\uffff",
    "\ud800",
    "\udfff",
    "\u202e",
    "𝕏",
    "１２３",
    MARKER,
    f"a{MARKER}b",
    "-1",
    "-0",
    "0",
    "00000000000000000000001",
    HUGE,
    "-" + HUGE,
    "9223372036854775808",
    "-9223372036854775809",
    "2147483648",
    "1e309",
    "NaN",
    "-inf",
    "0000-01-01",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59Z",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "-0001-01-01",
    "x" * 10_000,
    "y" * 5_000,
    "%",
    "%%",
    "%ff",
    "../../etc/passwd",
    "\\",
    "'",
    '"',
    "{}",
    "[]",
    "\r\nSet-Cookie: x=1",
]
INVALID_UTF8 = [
    b"\xff",
    b"\xc3\x28",
    b"\xed\xa0\x80",
    b"\xc0\xaf",
    b"\xf8\x88\x80\x80\x80",
    b"\x80",
]
TEXT = st.text(st.characters(codec="utf-8"), max_size=30)
HOSTILE = st.one_of(
    st.sampled_from(FIXED).map(utf8),
    st.sampled_from(INVALID_UTF8),
    TEXT.map(utf8),
    st.builds("{}{}{}".format, TEXT, st.just(MARKER), TEXT).map(utf8),
    st.binary(max_size=20),
    st.integers(-(10**30), 10**30).map(lambda number: str(number).encode()),
)
# Values a path converter accepts, so that they reach the view rather than the resolver's 404.
HOSTILE_BY_CONVERTER = {
    SlugConverter: st.one_of(
        st.from_regex(r"\A[-a-zA-Z0-9_]{1,40}\Z").map(str.encode),
        st.sampled_from([b"-", b"_", b"--", b"x" * 5000]),
    ),
    IntConverter: st.one_of(
        st.sampled_from([b"0", b"00", HUGE.encode(), b"9" * 4300, b"9223372036854775808"]),
        st.integers(0, 10**40).map(lambda number: str(number).encode()),
    ),
    StringConverter: HOSTILE.filter(lambda value: value and b"/" not in value),
    PathConverter: HOSTILE.filter(bool),
    UUIDConverter: st.uuids().map(lambda uuid: str(uuid).encode()),
}

HEADER_VALUES = {
    "Range": [
        "bytes=999999999999999999999-",
        f"bytes={HUGE}-",
        "bytes=-0",
        "bytes=0-0,1-1",
        "bytes=5-1",
        "items=0-1",
    ],
    "If-Range": ["Tue, 31 Dec 99999 23:59:59 GMT", "Mon, 30 Feb 2026 00:00:00 GMT", "*", 'W/"'],
    "If-None-Match": ['"', 'W/"\x00"', '*, "a"', "," * 1000, '"' + "a" * 5000 + '"', "W/W/"],
    "If-Modified-Since": ["Mon, 01 Jan 0000 00:00:00 GMT", "Fri, 31 Dec 99999 23:59:59 GMT"],
    "Accept-Language": ["x" * 10_000, "*;q=NaN", "en;q=99999999999", "zz-ZZZZZZZZ", "\xff\xfe"],
    "Cookie": [
        "=;;;=",
        "django_language=\xff",
        "django_language=" + "x" * 5000,
        "sessionid=" + "a" * 5000,
        'csrftoken="><x-hostile>',
        "cookie_consent=statistics=\x00",
        "cookie_consent=statistics=" + HUGE,
        "cookie_consent=" + "|" * 1000,
        "a=" * 1000,
    ],
    "Origin": ["null", "http://testserver:99999", "http://[::1", "\x00"],
    "Sec-Fetch-Site": ["same-origin", "none", "\x00"],
    "Accept": ["application/json", "*/*;q=" + HUGE, ""],
    "X-Forwarded-For": ["1.2.3.4, " * 1000, "::::::", "999.999.999.999"],
    "Host": ["testserver:99999", "testserver.", "[::1", "x" * 300],
    "Content-Length": ["-1", HUGE, "abc"],
}
HEADER = st.one_of(
    st.sampled_from(sorted(HEADERS)).flatmap(
        lambda name: st.tuples(
            st.just(name),
            st.one_of(
                st.sampled_from(HEADER_VALUES.get(name, ["x"])),
                HOSTILE.map(lambda value: value.decode("latin-1")),
            ),
        )
    ),
)
HEADER_SETS = st.lists(HEADER, max_size=4).map(dict)

CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/json",
    "multipart/form-data; boundary=x",
    "multipart/form-data",
    "multipart/form-data; boundary=" + "x" * 5000,
    # Not NUL: Django's request asks codecs.lookup about the charset and catches only
    # LookupError, so "charset=\x00" (ValueError) would fail before any of our code runs.
    # gunicorn refuses every control character in a header with 400 (RFC 9110 5.5), so it
    # never gets that far; test_gunicorn_refuses_control_characters_in_headers shows it.
    "text/plain; charset=\x01",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=nonsense",
]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)
JSON_BODY = st.one_of(
    JSON.map(lambda value: json.dumps(value).encode()),
    st.integers(1, 5000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.integers(1, 3000).map(lambda depth: b'{"a":' * depth + b"1" + b"}" * depth),
    st.just(b"1" * 5000),
    st.binary(max_size=100),
    st.sampled_from([utf8("\ud800"), b"\xff\xfe", b'{"credential": "\xff"}']),
)


def query_string(pairs: list[tuple[bytes, bytes]]) -> str:
    return "&".join(
        f"{quote_from_bytes(name, safe='')}={quote_from_bytes(value, safe='')}"
        for name, value in pairs
    )


def parameters(names: tuple[str, ...], real: dict[str, list[str]]):
    """Pairs of name and value: the endpoint's own names (often repeated), real values and
    hostile ones, and names it does not know."""
    name = st.one_of(
        st.sampled_from(names).map(str.encode) if names else st.nothing(),
        HOSTILE,
    )

    def value_for(chosen: bytes):
        known = real.get(chosen.decode("latin-1"), [])
        return st.one_of(st.sampled_from(known).map(str.encode), HOSTILE) if known else HOSTILE

    pair = name.flatmap(lambda chosen: st.tuples(st.just(chosen), value_for(chosen)))
    return st.lists(pair, max_size=6) | st.lists(pair, max_size=1).map(lambda pairs: pairs * 300)


# Real values of query parameters, so that a search or an OAI-PMH request gets somewhere.
REAL_QUERY = {
    "q": ["risico", "verantwoordelijkheden", "risico OR", '"x', "*"],
    "decade": ["2010", "2000", "1950"],
    "year_from": ["2011", "1900", "2100"],
    "year_to": ["2015", "2011"],
    "sort": ["relevance", "title", "newest", "oldest"],
    "page": ["1", "2", "last", "0", "-1"],
    "p": ["1", "2", "0"],
    "verb": sorted(VERBS),
    "metadataPrefix": ["oai_dc", "mdto"],
    "set": ["programmes", "documents", "exhibitions", "programmes:x"],
    "identifier": [
        "oai:geheugenvanbzk.nl:programme/risicos-en-verantwoordelijkheden",
        "oai:geheugenvanbzk.nl:programme/" + "x" * 5000,
    ],
    "from": ["0001-01-01", "2011-01-01T00:00:00Z", "9999-12-31"],
    "until": ["9999-12-31", "9999-12-31T23:59:59Z", "10000-01-01"],
    "resumptionToken": ["x", "a:b:c"],
    "choice": ["accept", "decline"],
    "group": ["statistics", "necessary"],
    "next": ["/", "//evil.example/", "/programmas/", "javascript:alert(1)"],
    "username": ["admin", "x" * 5000],
    "version": ["live", "draft"],
    # The index's facets and the documents index's filters.
    "theme": ["risicobeleid", "onbekend"],
    "unit": ["Directie Bestuur", "onbekend"],
    "kind": ["plan_of_approach", "parliamentary_letter", "guide", "onbekend"],
    "digital": ["on", "1", "no"],
    "available": ["yes", "no"],
    "programme": ["risicos-en-verantwoordelijkheden", "onbekend"],
    "year": ["2011", "2015", "0"],
    "lang": ["nl", "en"],
}


# --------------------------------------------------------------------------------------------
# A populated archive, and the real path values that lead into it


@pytest.fixture
def archive(seed_programme):
    """A published programme with documents (the seed), one with an image and a stored PDF, a
    withdrawn one, a moved one, a draft, and a published exhibition with a text, video and
    image item; the real path values of each endpoint."""
    from programmes.models import Programme
    from publishing.services import withdraw

    pictured = ProgrammeFactory(
        published=True,
        slug="met-afbeelding",
        image=png_upload(size=(1600, 900)),
        image_alt_text_nl="Een blauw vlak",
        image_alt_text_en="A blue area",
    )
    stored = ToolboxDocumentFactory(programme=pictured, with_pdf=True)
    withdraw(item=ProgrammeFactory(published=True, slug="weg"))
    moved = ProgrammeFactory(published=True, slug="oud")
    moved.slug = "nieuw"
    moved.save()
    ProgrammeFactory(slug="concept")
    exhibition = ExhibitionFactory(published=True, slug="verhalen")
    TimelineItemFactory(exhibition=exhibition, slug="tekst")
    TimelineItemFactory(
        exhibition=exhibition,
        slug="film",
        kind="film",
        video=SimpleUploadedFile("film.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64),
        captions_nl=SimpleUploadedFile("film.vtt", b"WEBVTT\n", "text/vtt"),
        captions_en=SimpleUploadedFile("film-en.vtt", b"WEBVTT\n", "text/vtt"),
        transcript_nl="<p>Tekst.</p>",
    )
    TimelineItemFactory(
        exhibition=exhibition,
        slug="foto",
        kind="photo",
        image=png_upload(),
        image_alt_text_nl="Een foto",
        image_alt_text_en="A photo",
    )
    ExhibitionFactory(slug="concept-tentoonstelling")
    ThemeFactory(slug="risicobeleid").programmes.add(seed_programme, pictured)
    ThemeFactory(slug="zonder-openbaar-werk")
    programmes = [seed_programme.slug, "met-afbeelding", "weg", "oud", "nieuw", "concept"]
    published = {seed_programme.slug, "met-afbeelding", "nieuw"}
    # The seed's documents have no file (a 404); the pictured programme's has a PDF.
    documents = [(d.programme.slug, d.key) for d in seed_programme.documents.all()[:1]]
    documents.append((stored.programme.slug, stored.key))
    assert Programme.objects.filter(slug="nieuw").exists()
    items = ["tekst", "film", "foto"]
    return {
        "programmes:detail": [{"slug": slug} for slug in programmes],
        "programmes:image": [{"slug": "met-afbeelding", "width": w} for w in ("480", "960")],
        "programmes:mdto": [{"slug": slug} for slug in programmes if slug in published],
        "toolbox:download": [{"programme_slug": p, "key": k} for p, k in documents],
        "documents:detail": [{"programme_slug": p, "key": k} for p, k in documents],
        "themes:detail": [{"slug": "risicobeleid"}, {"slug": "zonder-openbaar-werk"}],
        "exhibitions:detail": [{"slug": "verhalen"}, {"slug": "concept-tentoonstelling"}],
        "exhibitions:introduction": [{"slug": "verhalen"}],
        "exhibitions:mdto": [{"slug": "verhalen"}],
        "exhibitions:item": [{"slug": "verhalen", "item": item} for item in items],
        "exhibitions:video": [{"slug": "verhalen", "item": "film"}],
        "exhibitions:image": [{"slug": "verhalen", "item": "foto"}],
        "exhibitions:captions": [
            {"slug": "verhalen", "item": "film", "language": language} for language in ("nl", "en")
        ],
        "het-geheugen-van-bzk/<slug:slug>/": [{"slug": slug} for slug in programmes],
        r"^admin/bzkmemory/(?P<rest>(sitesettings|sitepage|auditevent)/.*)$": [
            {"rest": "sitepage/"},
            {"rest": "auditevent/1/change/"},
        ],
        r"^admin/programmes/(?P<rest>archiveimport/.*)$": [{"rest": "archiveimport/"}],
        "admin/(?P<url>.*)$": [{"url": "nergens"}, {"url": "programmes/programme"}],
    }


# Where the real values lead: past the 404 to the page, its notice or its redirect; drafts and
# a document without a file are real values that are not found.
REACHED = {200, 206, 301, 302, 410}
NOT_FOUND = {
    "concept",
    "concept-tentoonstelling",
    "plan-van-aanpak-april-2011",
    "zonder-openbaar-werk",
}
# A document without a file has nothing to download, but its own page describes the record.
WITHOUT_FILE = "plan-van-aanpak-april-2011"


def path_values(route: Route, real: list[dict[str, str]]):
    """Values for the route's parameters: real ones, real ones with one made hostile, and
    hostile ones the converter accepts or refuses."""

    def hostile_for(name: str):
        converter = route.converters.get(name)
        accepted = HOSTILE_BY_CONVERTER[type(converter)] if converter else st.nothing()
        return st.one_of(accepted, HOSTILE.filter(bool))

    hostile = st.fixed_dictionaries({name: hostile_for(name) for name in route.parameters})
    if not real:
        return hostile
    known = st.sampled_from(real).map(lambda values: {k: v.encode() for k, v in values.items()})
    mixed = st.tuples(known, hostile, st.sampled_from(route.parameters)).map(
        lambda three: {**three[0], three[2]: three[1][three[2]]}
    )
    return st.one_of(known, mixed, hostile)


def body_for(endpoint: Endpoint, real_query):
    form = parameters(endpoint.query, real_query).map(query_string).map(str.encode)
    chosen = JSON_BODY if endpoint.body == "json" else form
    return st.tuples(
        st.one_of(chosen, JSON_BODY, st.binary(max_size=200)),
        st.sampled_from(CONTENT_TYPES)
        if endpoint.body != "json"
        else st.sampled_from(["application/json", *CONTENT_TYPES]),
    )


def environ_of(headers: dict[str, str]) -> dict[str, str]:
    return {
        ("CONTENT_LENGTH" if name == "Content-Length" else f"HTTP_{name.upper()}").replace(
            "-", "_"
        ): value
        for name, value in headers.items()
    }


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def assert_no_unescaped_echo(response, endpoint: str) -> None:
    content = body_of(response)
    kind = response.get("Content-Type", "")
    if any(text in kind for text in ("html", "xml", "text/")):
        assert RAW_MARKER not in content, (endpoint, kind)


def send(client: Client, method: str, path: str, pairs, body=b"", content_type="", headers=None):
    address = path + ("?" + query_string(pairs) if pairs else "")
    extra = environ_of(headers or {})
    if "CONTENT_LENGTH" in extra and method not in ("POST", "PUT"):
        extra.pop("CONTENT_LENGTH")  # the test client needs a true length to read a body
    if method in ("POST", "PUT"):
        extra.pop("CONTENT_LENGTH", None)
        return client.generic(method, address, body, content_type=content_type, **extra)
    return client.generic(method, address, **extra)


# --------------------------------------------------------------------------------------------
# The walk stays complete


def test_the_walk_covers_every_url_pattern():
    """A new pattern outside the admin fails here until ENDPOINTS says what its view reads."""
    missing = sorted({route.text for route in PUBLIC if route.key not in ENDPOINTS})
    assert missing == []
    stale = set(ENDPOINTS) - {route.key for route in ROUTES}
    assert stale == set()
    assert len(PUBLIC) >= 50  # both languages of the i18n patterns


def test_every_path_converter_has_hostile_values():
    """A custom converter (register_converter) would need its own hostile values."""
    used = {type(converter) for route in ROUTES for converter in route.converters.values()}
    assert used <= set(HOSTILE_BY_CONVERTER)


def test_every_pattern_with_parameters_has_real_values(archive):
    """A pattern the walk cannot fill with real values only ever reaches its 404."""
    unfilled = sorted({route.key for route in PUBLIC if route.parameters} - set(archive))
    assert unfilled == []
    for route in PUBLIC:
        for values in archive.get(route.key, []):
            assert set(values) == set(route.parameters), route.key


def test_the_table_names_every_parameter_the_code_reads():
    """A view that reads a parameter, header or cookie not in READS fails here: add it to
    READS, and to the ENDPOINTS entry or HEADERS that makes the walk send it."""
    assert reads_in_source() == READS


def test_the_walk_sends_every_parameter_the_code_reads():
    sent = {name for endpoint in ENDPOINTS.values() for name in endpoint.query}
    for module, reads in READS.items():
        for read in reads - NOT_SENT_BY_NAME:
            kind, _, name = read.partition(":")
            if name == "*" or (module in STAFF_ONLY_MODULES and kind != "GET"):
                continue
            if kind == "form":
                if module in STAFF_ONLY_MODULES:
                    continue
                form = {
                    "ProgrammeIndexForm": ProgrammeIndexForm,
                    "DocumentIndexForm": DocumentIndexForm,
                }[name]
                assert set(form.base_fields) <= sent, read
            elif kind == "headers":
                assert name in HEADERS, read
            elif module in STAFF_ONLY_MODULES:
                assert name in SIGNED_IN_QUERY, read
            else:
                assert name in sent, (module, read)


def test_the_real_values_reach_past_the_404(client, archive):
    """Each real value leads to the page (or its 410 notice, or a redirect): hostile queries
    and headers sent with them reach the code that reads them."""
    for route in PUBLIC:
        for values in archive.get(route.key, []):
            with translation.override(route.language):
                address = route.fill({name: value.encode() for name, value in values.items()})
                endpoint = ENDPOINTS[route.key]
                response = client.generic(endpoint.methods[0], address)
            if route.text.startswith("admin/"):
                continue  # the admin's redirects and catch-all: 301, or 302 to sign in
            not_found = NOT_FOUND - {WITHOUT_FILE} if route.key == "documents:detail" else NOT_FOUND
            if set(values.values()) & not_found:
                assert response.status_code == 404, address
            else:
                assert response.status_code in REACHED, (address, response.status_code)


# --------------------------------------------------------------------------------------------
# The walk


def endpoint_name(route: Route) -> str:
    return route.key if route.text.startswith(("admin/", "^admin/")) else f"/{route.text}"


@pytest.mark.parametrize("route", PUBLIC, ids=lambda route: f"{route.language}:{route.text}")
@hypothesis_settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_input_never_reaches_a_500_nor_comes_back_as_markup(archive, route, data):
    endpoint = ENDPOINTS[route.key]
    values = data.draw(path_values(route, archive.get(route.key, [])), label="path")
    method = data.draw(
        st.sampled_from(endpoint.methods) | st.sampled_from(["HEAD", "PUT", "DELETE", "OPTIONS"]),
        label="method",
    )
    pairs = data.draw(parameters(endpoint.query, REAL_QUERY), label="query")
    headers = data.draw(HEADER_SETS, label="headers")
    body, content_type = b"", ""
    if method in ("POST", "PUT"):
        body, content_type = data.draw(body_for(endpoint, REAL_QUERY), label="body")
    with translation.override(route.language):
        path = route.fill(values)
    response = send(Client(), method, path, pairs, body, content_type, headers)
    record(endpoint_name(route), response)
    assert_no_unescaped_echo(response, route.key)


@pytest.mark.parametrize("route", ADMIN_INTERNAL, ids=lambda route: route.text)
def test_admin_internals_are_closed_to_strangers(client, route):
    """Why the anonymous walk may leave these out: a stranger never reaches their code."""
    with translation.override(route.language):
        path = route.fill(dict.fromkeys(route.parameters, b"1"))
    response = record("admin (signed out)", client.get(path))
    assert response.status_code in {302, 403, 404, 405}, path
    if response.status_code == 302:
        assert response["Location"].startswith("/admin/login/")


# --------------------------------------------------------------------------------------------
# Signed in: the admin's changelists and change pages


def changelist_parameters(model_admin) -> list[str]:
    """What a changelist reads: ordering, page, search, the error flag, and its filters."""
    names = ["o", "p", "q", "e", "all", "_to_field", "_popup", "_changelist_filters"]
    for entry in model_admin.list_filter:
        if isinstance(entry, str | tuple):
            name = entry[0] if isinstance(entry, tuple) else entry
            names += [name, *(f"{name}__{lookup}" for lookup in ("exact", "isnull", "in"))]
            names += [f"{name}__id__exact", f"{name}__gte", f"{name}__lt"]
        else:
            names.append(getattr(entry, "parameter_name", None) or "x")
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return names


MODEL_ADMINS = sorted(
    admin.site._registry.items(), key=lambda pair: pair[0]._meta.label
)  # every model the admin manages


@pytest.fixture
def superuser_client(archive):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    ("model", "model_admin"), MODEL_ADMINS, ids=[model._meta.label for model, _ in MODEL_ADMINS]
)
@hypothesis_settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_signed_in_admin_walk(superuser_client, model, model_admin, data):
    """A 5xx on a hostile changelist query or object id matters too: editors follow links."""
    opts = model._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    names = tuple(changelist_parameters(model_admin)) + SIGNED_IN_QUERY
    object_id = data.draw(
        st.one_of(st.just(b"1"), HOSTILE_BY_CONVERTER[PathConverter]), label="object id"
    )
    quoted = quote_from_bytes(object_id, safe="")
    path = data.draw(
        st.sampled_from(
            [
                base,
                f"{base}{quoted}/change/",
                f"{base}{quoted}/history/",
                f"{base}{quoted}/history/compare/",
                f"{base}{quoted}/history/1/",
                f"{base}{quoted}/delete/",
            ]
        ),
        label="page",
    )
    pairs = data.draw(parameters(names, REAL_QUERY | {"o": ["1", "-1", "1.2", "99"]}))
    response = send(superuser_client, "GET", path, pairs)
    record(f"admin {opts.label_lower}", response)
    assert_no_unescaped_echo(response, path)


@hypothesis_settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_signed_in_admin_pages_that_read_the_query(superuser_client, data):
    """The preview and comparison of a publication, the editor's link search and the review
    list: the other admin views that read the query."""
    from exhibitions.models import Exhibition
    from programmes.models import Programme

    programme = Programme.objects.get(slug="met-afbeelding").pk
    exhibition = Exhibition.objects.get(slug="verhalen").pk
    path = data.draw(
        st.sampled_from(
            [
                f"/admin/programmes/programme/{programme}/preview/",
                f"/admin/programmes/programme/{programme}/changes/",
                f"/admin/exhibitions/exhibition/{exhibition}/preview/",
                "/admin/link-targets/",
                "/admin/ter-beoordeling/",
            ]
        )
    )
    pairs = data.draw(parameters((*SIGNED_IN_QUERY, "o", "p"), REAL_QUERY))
    response = send(superuser_client, "GET", path, pairs)
    record(f"admin {path.split('/')[2]}", response)
    assert_no_unescaped_echo(response, path)


# --------------------------------------------------------------------------------------------
# Fixed cases: what the walk found, and the sizes a random walk rarely reaches


@pytest.mark.parametrize(
    "path",
    [
        "/programmas/%ff/",
        "/programmas/%c3%28/",
        "/%ed%a0%80/",
        "/tentoonstellingen/verhalen/tijdlijn/film/ondertiteling/%ff.vtt",
        "/documenten/" + "x" * 5000 + "/y/",
        "/" + "a/" * 2500,
        "/programmas/risicos-en-verantwoordelijkheden/afbeelding/" + HUGE + "/",
        "/en/programmes/%00/",
    ],
)
def test_odd_paths_are_not_found(client, archive, path):
    response = record("odd paths", client.get(path))
    assert response.status_code in {301, 404}


def test_a_query_string_of_a_hundred_thousand_characters_is_answered(client, archive):
    response = record("/programmas/", client.get("/programmas/?q=" + "x" * 100_000))
    assert response.status_code == 200


def test_too_many_fields_are_refused(client, archive):
    query = "&".join(f"f{n}=1" for n in range(2000))
    response = record("/programmas/", client.get(f"/programmas/?{query}"))
    assert response.status_code == 400


def test_an_oversized_body_is_refused(client, archive):
    body = b"verb=Identify&x=" + b"x" * 3_000_000
    response = client.post("/oai/", body, content_type="application/x-www-form-urlencoded")
    assert record("/oai/", response).status_code == 400


def test_a_pdf_is_served_in_part_whole_or_416_to_odd_ranges(client, archive):
    from toolbox.models import ToolboxDocument

    document = ToolboxDocument.objects.get(programme__slug="met-afbeelding")
    address = f"/documenten/met-afbeelding/{document.key}/"
    endpoint = "/documenten/<slug:programme_slug>/<slug:key>/"
    response = client.get(address, HTTP_RANGE="bytes=999999999999999999999-")
    assert record(endpoint, response).status_code == 416
    whole = record(endpoint, client.get(address, HTTP_RANGE="bytes=5-1"))
    assert body_of(whole) == MINIMAL_PDF


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 5000 + b"]" * 5000,  # past the JSON parser's recursion limit
        b'{"a":' * 3000 + b"1" + b"}" * 3000,
        b"1" * 5000,  # a number of thousands of digits
        b'{"credential": "\xff"}',  # not UTF-8
        "\ud800".encode("utf-8", "surrogatepass"),
    ],
)
@pytest.mark.parametrize("ceremony", ["sign-in/begin", "sign-in/complete", "register/begin"])
def test_a_passkey_ceremony_refuses_a_body_it_cannot_parse(client, ceremony, body):
    """Found by the walk: the package turned only a JSONDecodeError into its 400, so these
    reached the 500 page (website/passkeys.py, JsonBody)."""
    response = client.post(f"/admin/passkey/{ceremony}/", body, content_type="application/json")
    assert record(f"admin:passkey {ceremony}", response).status_code == 400
    assert response.json()["code"] == "malformed_request"


@pytest.mark.parametrize("model", ["programmes/programme", "exhibitions/exhibition"])
@pytest.mark.parametrize("object_id", ["%20", "abc", "1.5", HUGE, "%ff"])
def test_a_change_page_for_an_id_that_is_no_number_says_it_does_not_exist(
    superuser_client, model, object_id
):
    """Found by the walk: the publication's admin asked the database whether such an id was
    published and got a ValueError (publishing/admin.py, create_revision)."""
    response = superuser_client.get(f"/admin/{model}/{object_id}/change/")
    assert record(f"admin {model.replace('/', '.')}", response).status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("header", ["Content-Type: text/plain; charset=\x00", "Range: bytes=\x01-"])
def test_gunicorn_refuses_control_characters_in_headers(header):
    """Why the walk sends no NUL in a Content-Type's charset: Django itself would fail on it
    before any of our code runs, but gunicorn answers such a request with 400 (RFC 9110 5.5)
    and never passes it on."""
    from gunicorn.config import Config
    from gunicorn.http.errors import InvalidHeader
    from gunicorn.http.parser import RequestParser

    raw = f"POST /oai/ HTTP/1.1\r\nHost: x\r\n{header}\r\nContent-Length: 0\r\n\r\n".encode()
    with pytest.raises(InvalidHeader):
        next(RequestParser(Config(), [raw], ("127.0.0.1", 1)))


@pytest.mark.parametrize("page", ["history/", "history/compare/", "history/1/"])
@pytest.mark.parametrize("model", ["website/sitepage", "programmes/programme"])
@pytest.mark.parametrize("object_id", ["%00", "x%00", "abc"])
def test_a_history_page_for_an_id_that_names_nothing_says_it_does_not_exist(
    superuser_client, model, object_id, page
):
    """Found by the walk on PostgreSQL: django-reversion-compare looked a NUL byte up among the
    versions' texts, and PostgreSQL refused it (website/history.py, HistoryAdmin._unknown)."""
    response = superuser_client.get(f"/admin/{model}/{object_id}/{page}")
    assert record(f"admin {model.replace('/', '.')}", response).status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.parametrize("query", ["decade=2010", "year_from=1900", "year_to=2100&sort=newest"])
def test_the_english_index_filtered_by_period_lists_the_exhibitions(client, archive, query):
    """Found by the walk, and not hostile at all: in English, a period filter with a published
    exhibition was a 500 (bzkmemory/forms.py, the title's Coalesce needs its output_field)."""
    response = record("/en/programmes/", client.get(f"/en/programmes/?{query}"))
    assert response.status_code == 200
    if query == "year_from=1900":  # every exhibition's timeline overlaps it
        assert b"Exhibition" in response.content
