import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.factories import ToolboxDocumentFactory

pytestmark = pytest.mark.django_db


def run() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("verify_fixity", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_all_files_present_and_unchanged():
    ToolboxDocumentFactory.create_batch(3, with_pdf=True)
    ToolboxDocumentFactory()  # a record without a file is not checked
    out, _err = run()
    assert "All 3 stored files are present and unchanged." in out


def test_a_missing_file_is_reported_with_a_failing_exit():
    kept = ToolboxDocumentFactory(with_pdf=True)
    lost = ToolboxDocumentFactory(with_pdf=True)
    lost.file.storage.delete(lost.file.name)
    err = StringIO()
    with pytest.raises(CommandError, match="1 of 2 stored files failed the check"):
        call_command("verify_fixity", stdout=StringIO(), stderr=err)
    assert f"MISSING   {lost.programme.slug}/{lost.key}" in err.getvalue()
    assert kept.key not in err.getvalue()


def test_a_changed_file_is_reported():
    document = ToolboxDocumentFactory(with_pdf=True)
    storage = document.file.storage
    storage.delete(document.file.name)
    storage.save(document.file.name, __import__("io").BytesIO(b"%PDF-1.4 tampered"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_fixity", stdout=StringIO(), stderr=err)
    assert "CHANGED" in err.getvalue()
    assert hashlib.sha256(b"%PDF-1.4 tampered").hexdigest() in err.getvalue()
