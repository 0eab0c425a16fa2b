"""The admin speaks Dutch to Dutch editors: every text a page passes through gettext while it is
rendered has a Dutch translation (ours in bzkmemory/locale, or Django's and the apps' own), no
English is left in what the page shows, and the admin's scripts have Dutch texts too.

To cover another admin page, add its address to ``ADMIN_PAGES`` (a function of the seed
programme and the seed exhibition's ids, when it needs them).
"""

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import django
import polib
import pytest
import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Version

from programmes.models import Objective, Programme
from tests.factories import ExhibitionFactory
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db

SEED = "risicos-en-verantwoordelijkheden"


def _compare(ids: dict) -> str:
    versions = ids["versions"]
    return (
        f"/admin/programmes/programme/{ids['programme']}/history/compare/"
        f"?version_id1={versions[-1]}&version_id2={versions[0]}"
    )


# The admin pages editors work on. Each is an address, or a function of the ids of the seed
# programme (``programme``, its versions newest first: ``versions``) and of an exhibition
# (``exhibition``) that gives one.
ADMIN_PAGES: list[str | Callable[[dict], str]] = [
    "/admin/",
    "/admin/programmes/programme/",
    "/admin/programmes/programme/add/",
    lambda ids: f"/admin/programmes/programme/{ids['programme']}/change/",
    lambda ids: f"/admin/programmes/programme/{ids['programme']}/history/",
    _compare,
    lambda ids: f"/admin/programmes/programme/{ids['programme']}/history/{ids['versions'][-1]}/",
    "/admin/exhibitions/exhibition/",
    lambda ids: f"/admin/exhibitions/exhibition/{ids['exhibition']}/change/",
    lambda ids: f"/admin/exhibitions/exhibition/{ids['exhibition']}/history/",
    lambda ids: reverse("admin-review-list"),
    # The seed exhibition's draft (below): its form with the publication bar, and what it changes.
    lambda ids: f"/admin/exhibitions/exhibition/{ids['exhibition']}/changes/",
    lambda ids: reverse("admin:two_factor"),
    "/admin/themes/theme/",
    "/admin/themes/theme/add/",
]

# Texts that are the same in Dutch: those our catalogue translates as themselves ("Home",
# "status", "document"), and format strings and punctuation.
SAME_IN_DUTCH = {
    entry.msgid
    for entry in polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / "nl/LC_MESSAGES/django.po"))
    if entry.msgstr == entry.msgid
} | {"", ":", ":?.!", "%(truncated_text)s…", "NL", "EN", "Filter"}

# Words that give away English in what the page shows (not in what editors wrote).
ENGLISH = re.compile(
    r"\b(Select an option|Revert|None|Compare|History|Save|Delete|Change|Add|search text|"
    r"hours? (ahead|behind)|successfully|Loaded_version|Date/time|User|Comment|"
    r"Log out|View site|Welcome|Password|Username|Recent actions|Filter by|Search)\b"
)


@contextmanager
def untranslated_texts(language: str = "nl") -> Iterator[set[str]]:
    """Collects every message id that gettext (and its plural and context variants) returns
    unchanged while ``language`` is active, wherever the call comes from: our code, templates,
    Django's admin or a third-party app."""
    from django.utils.translation import _trans

    found: set[str] = set()
    names = ["gettext", "ngettext", "pgettext", "npgettext"]
    originals = {name: getattr(_trans, name) for name in names}

    def watched(name: str, original: Callable) -> Callable:
        def call(*args):
            result = original(*args)
            if translation.get_language() == language:
                # (context,) singular, (plural, number): the singular is the message id.
                singular = args[1] if name.startswith(("pgettext", "npgettext")) else args[0]
                if result in (singular, *args[1:2]) and str(singular) not in SAME_IN_DUTCH:
                    found.add(str(singular))
            return result

        return call

    for name, original in originals.items():
        setattr(_trans, name, watched(name, original))
    try:
        yield found
    finally:
        for name, original in originals.items():
            setattr(_trans, name, original)


def visible_text(page) -> str:
    """What the page shows as its own text: not what editors wrote into the fields."""
    for element in page.select("script, style, textarea, .rich-text-editor, .history-diff"):
        element.decompose()
    for element in page.select("select option"):
        if element.get("value") not in ("",):
            element.decompose()
    return text_of(page.body)


def change_an_objective(programme: Programme, words: str = " Nieuwe zin.") -> Objective:
    """A change to an objective's text, kept as a version of the programme (as publishing the
    change does)."""
    objective = programme.objectives.order_by("position").first()
    with reversion.create_revision():
        reversion.set_comment("Doelstelling aangescherpt")
        objective.description_nl += words
        objective.save()
        reversion.add_to_revision(programme)
    return objective


@pytest.fixture
def ids() -> dict:
    call_command("load_seed", verbosity=0)
    programme = Programme.objects.get(slug=SEED)
    change_an_objective(programme)
    editor = get_user_model().objects.create_superuser("beheerder", "b@example.org", "x" * 20)
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(editor)
    versions = list(
        Version.objects.get_for_object(programme).order_by("-pk").values_list("pk", flat=True)
    )
    return {
        "client": client,
        "programme": programme.pk,
        "versions": versions,
        "exhibition": _exhibition_with_a_submitted_draft(editor).pk,
    }


def _exhibition_with_a_submitted_draft(author):
    from publishing import drafts, review

    exhibition = ExhibitionFactory(published=True, title_en="")
    draft, _parts = drafts.start_draft(exhibition)
    draft.title_nl = "Een nieuwe titel"
    draft.save()
    review.record_edit(draft, author)
    review.submit(work=draft, user=author, note="Titel aangepast.")
    return exhibition


def address(page: str | Callable[[dict], str], ids: dict) -> str:
    return page if isinstance(page, str) else page(ids)


@pytest.mark.parametrize("page", range(len(ADMIN_PAGES)))
def test_every_admin_text_has_a_dutch_translation(ids, page):
    url = address(ADMIN_PAGES[page], ids)
    with untranslated_texts() as missing:
        response = ids["client"].get(url)
    assert response.status_code == 200, url
    assert not missing, f"{url}: without a Dutch translation: {sorted(missing)}"
    shown = visible_text(parse(response))
    assert not ENGLISH.findall(shown), f"{url}: English on the page: {ENGLISH.findall(shown)}"


def test_the_sign_in_page_is_dutch(client):
    with untranslated_texts() as missing:
        response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert not missing
    assert not ENGLISH.findall(visible_text(parse(response)))


def test_the_admin_scripts_have_dutch_texts(admin_client):
    """The admin's scripts (calendar, clock, time-zone note, filters) read their texts from the
    JavaScript catalogue: every text of Django's admin scripts is in it in Dutch."""
    response = admin_client.get("/admin/jsi18n/", HTTP_ACCEPT_LANGUAGE="nl")
    catalog = json.loads(
        re.search(r"const newcatalog = (\{.*?\});\n", response.content.decode(), re.S).group(1)
    )
    source = Path(django.__file__).parent / "contrib/admin/locale/nl/LC_MESSAGES/djangojs.po"
    entries = polib.pofile(str(source))
    # The catalogue keys a text with a context as "context\x04text".
    keys = [f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt else e.msgid for e in entries]
    missing = [key for key in keys if not catalog.get(key)]
    assert not missing
