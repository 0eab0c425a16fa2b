"""The admin addresses of models that moved to other apps still lead editors to them."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/bzkmemory/sitepage/", "/admin/website/sitepage/"),
        ("/admin/bzkmemory/sitesettings/1/change/", "/admin/website/sitesettings/1/change/"),
        (
            "/admin/bzkmemory/auditevent/?action=published",
            "/admin/website/auditevent/?action=published",
        ),
        ("/admin/programmes/archiveimport/", "/admin/archive/archiveimport/"),
        ("/admin/programmes/archiveimport/import/", "/admin/archive/archiveimport/import/"),
    ],
)
def test_an_old_admin_address_leads_to_the_new_one(admin_client, old, new):
    response = admin_client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert admin_client.get(new).status_code in {200, 302}


def test_addresses_of_models_that_stayed_are_not_redirected(admin_client):
    assert admin_client.get("/admin/programmes/programme/").status_code == 200
    assert admin_client.get("/admin/bzkmemory/programme/").status_code == 404
