"""Production's static files: hashed, compressed names that every page can find."""

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import override_settings

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.mark.django_db
def test_collectstatic_builds_hashed_compressed_files_for_the_site_and_the_admin(tmp_path, client):
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=PRODUCTION_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
        for name in ("css/site.css", "js/admin-form.js", "admin/css/base.css"):
            hashed = staticfiles_storage.stored_name(name)
            assert hashed != name
            assert (tmp_path / hashed).exists()
            assert (tmp_path / f"{hashed}.gz").exists()
        stylesheet = staticfiles_storage.url("css/site.css")
        assert f'href="{stylesheet}"' in client.get("/").content.decode()


def test_the_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}
