"""Every text visitors and editors read exists in Dutch and in English."""

import gettext
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUES = Path(settings.LOCALE_PATHS[0])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_message_is_translated(language):
    catalogue = polib.pofile(str(CATALOGUES / language / "LC_MESSAGES" / "django.po"))
    assert catalogue.percent_translated() == 100, [
        e.msgid for e in catalogue.untranslated_entries()
    ]
    assert not catalogue.fuzzy_entries()


def test_the_english_catalogue_keeps_english_texts():
    # With Dutch as the default language, a missing English entry would show Dutch on English
    # pages; so every English entry is filled in, normally with its English message id.
    catalogue = polib.pofile(str(CATALOGUES / "en" / "LC_MESSAGES" / "django.po"))
    for entry in catalogue:
        if entry.msgid_plural:
            assert entry.msgstr_plural == {0: entry.msgid, 1: entry.msgid_plural}
        else:
            assert entry.msgstr == entry.msgid


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_compiled_catalogues_match_their_sources(language, tmp_path):
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext's msgfmt is not installed")
    folder = CATALOGUES / language / "LC_MESSAGES"
    compiled = tmp_path / "django.mo"
    subprocess.run([msgfmt, "-o", str(compiled), str(folder / "django.po")], check=True)
    with compiled.open("rb") as fresh, (folder / "django.mo").open("rb") as committed:
        assert (
            gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog
        )
