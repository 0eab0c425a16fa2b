"""Through the admin as editors use it: a change to a published programme reaches its stored
page (programmes/rendering.py) when it is published, not before."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from programmes.models import Programme, ProgrammeRendering
from tests.factories import ObjectiveFactory, ProgrammeFactory, UserFactory
from tests.html import form_values, parse

pytestmark = pytest.mark.django_db

OLD = "Inleiding zoals bezoekers hem lezen."
NEW = "Inleiding met een verbetering."


@pytest.fixture(autouse=True)
def site_address(settings):
    settings.PUBLIC_BASE_URL = "http://testserver"


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    def run(write):
        with django_capture_on_commit_callbacks(execute=True):
            return write()

    return run


def member_of(group: str, name: str) -> Client:
    user = UserFactory(username=name, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def press(client: Client, item: Programme, button: str, **changes) -> None:
    """Open the change form, change fields as an editor would, press a button by its name."""
    url = reverse("admin:programmes_programme_change", args=[item.pk])
    values = form_values(parse(client.get(url)), "programme_form")
    values.update(changes, **{button: "1"})
    response = client.post(url, values)
    assert response.status_code == 302, parse(response).find(class_="errornote")


def stored_body() -> str:
    return ProgrammeRendering.objects.get(language="nl").parts


def public_page() -> str:
    cache.clear()
    return Client().get("/programmas/live/").content.decode()


def test_an_edit_published_through_the_admin_is_the_stored_page(commits):
    def make():
        programme = ProgrammeFactory(published=True, slug="live", introduction_nl=f"<p>{OLD}</p>")
        ObjectiveFactory(programme=programme)
        return programme

    live = commits(make)
    redacteur = member_of("Redacteur", "rosa")
    eindredacteur = member_of("Eindredacteur", "erik")
    assert OLD in stored_body()

    commits(lambda: press(redacteur, live, "_submit_for_review", introduction_nl=f"<p>{NEW}</p>"))
    # The draft is not public: neither its stored page nor the page changes.
    assert OLD in stored_body()
    assert NEW not in public_page()

    commits(lambda: press(eindredacteur, live, "_publish"))
    assert NEW in stored_body()
    assert OLD not in stored_body()
    assert NEW in public_page()
