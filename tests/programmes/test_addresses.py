"""Addresses stay valid: the original site's, a programme's old slugs, and withdrawn ones."""

import pytest
from django.core.exceptions import ValidationError

from programmes.models import FormerSlug, Programme
from publishing.services import publish, unpublish, withdraw
from tests.factories import ProgrammeFactory
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db

SEED = "risicos-en-verantwoordelijkheden"


class TestTheOriginalSitesAddresses:
    def test_a_programme_address_redirects_permanently(self, client, seed_programme):
        response = client.get(f"/het-geheugen-van-bzk/{SEED}/")
        assert response.status_code == 301
        assert response["Location"] == f"/programmas/{SEED}/"

    def test_the_archive_address_redirects_to_the_index(self, client, db):
        response = client.get("/het-geheugen-van-bzk/")
        assert (response.status_code, response["Location"]) == (301, "/programmas/")

    def test_an_old_address_of_a_renamed_programme_still_arrives(self, client, seed_programme):
        seed_programme.slug = "risico-regelreflex"
        seed_programme.save()
        response = client.get(f"/het-geheugen-van-bzk/{SEED}/", follow=True)
        assert response.redirect_chain[-1] == ("/programmas/risico-regelreflex/", 301)
        assert response.status_code == 200

    def test_an_unknown_programme_is_not_found(self, client, db):
        assert client.get("/het-geheugen-van-bzk/bestaat-niet/").status_code == 404

    def test_a_draft_is_not_revealed(self, client):
        ProgrammeFactory(slug="concept")
        assert client.get("/het-geheugen-van-bzk/concept/").status_code == 404


class TestChangedSlugs:
    @pytest.mark.parametrize(
        ("old", "new"),
        [
            ("/programmas/oud/", "/programmas/nieuw/"),
            ("/en/programmes/oud/", "/en/programmes/nieuw/"),
        ],
    )
    def test_the_old_address_redirects_to_the_new_one(self, client, old, new):
        programme = ProgrammeFactory(published=True, slug="oud")
        programme.slug = "nieuw"
        programme.save()
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, new)

    def test_every_earlier_slug_keeps_working(self, client):
        programme = ProgrammeFactory(published=True, slug="eerste")
        for slug in ("tweede", "derde"):
            programme.slug = slug
            programme.save()
        assert client.get("/programmas/eerste/")["Location"] == "/programmas/derde/"
        assert client.get("/programmas/tweede/")["Location"] == "/programmas/derde/"

    def test_going_back_to_an_old_slug_removes_its_redirect(self, client):
        programme = ProgrammeFactory(published=True, slug="a")
        programme.slug = "b"
        programme.save()
        programme.slug = "a"
        programme.save()
        assert list(programme.former_slugs.values_list("slug", flat=True)) == ["b"]
        assert client.get("/programmas/a/").status_code == 200
        assert client.get("/programmas/b/")["Location"] == "/programmas/a/"

    def test_another_programme_cannot_take_an_address_that_still_redirects(self):
        first = ProgrammeFactory(published=True, slug="oud")
        first.slug = "nieuw"
        first.save()
        second = ProgrammeFactory.build(slug="oud")
        with pytest.raises(ValidationError) as error:
            second.full_clean()
        assert "slug" in error.value.message_dict

    def test_a_drafts_old_address_is_not_found(self, client):
        programme = ProgrammeFactory(slug="oud")
        programme.slug = "nieuw"
        programme.save()
        assert FormerSlug.objects.filter(slug="oud").exists()
        assert client.get("/programmas/oud/").status_code == 404


class TestWithdrawal:
    def test_a_withdrawn_programme_answers_410_with_a_short_notice(self, client):
        programme = withdraw(
            item=ProgrammeFactory(published=True, slug="weg", title_nl="Weg ermee")
        )
        response = client.get("/programmas/weg/")
        assert response.status_code == 410
        page = parse(response)
        assert text_of(page.h1) == "Weg ermee"
        assert "teruggetrokken" in text_of(page.select_one(".tombstone"))
        assert page.select_one(".programme-introduction") is None
        assert programme.withdrawn_at is not None

    def test_the_english_notice_is_in_english(self, client):
        withdraw(item=ProgrammeFactory(published=True, slug="weg"))
        response = client.get("/en/programmes/weg/")
        assert response.status_code == 410
        assert "was withdrawn" in text_of(parse(response).select_one(".tombstone"))

    def test_an_old_address_of_a_withdrawn_programme_leads_to_the_notice(self, client):
        programme = ProgrammeFactory(published=True, slug="oud")
        programme.slug = "nieuw"
        programme.save()
        withdraw(item=programme)
        response = client.get("/programmas/oud/", follow=True)
        assert response.status_code == 410

    def test_only_a_published_programme_can_be_withdrawn(self):
        with pytest.raises(ValidationError):
            withdraw(item=ProgrammeFactory())

    def test_withdrawn_programmes_are_not_listed_or_found(self, client):
        withdraw(item=ProgrammeFactory(published=True, title_nl="Weg ermee"))
        assert "Weg ermee" not in text_of(parse(client.get("/programmas/", {"q": "weg"})))
        assert "Weg ermee" not in text_of(parse(client.get("/")))

    def test_publishing_again_brings_it_back(self, client):
        programme = withdraw(item=ProgrammeFactory(published=True, slug="terug"))
        publish(item=programme)
        assert client.get("/programmas/terug/").status_code == 200

    def test_an_unpublished_programme_is_simply_not_found(self, client):
        programme = ProgrammeFactory(published=True, slug="even-weg")
        unpublish(item=programme)
        assert client.get("/programmas/even-weg/").status_code == 404
        assert Programme.objects.get(pk=programme.pk).withdrawn_at is None

    def test_the_database_requires_a_withdrawal_time(self):
        from django.db import IntegrityError, transaction

        with pytest.raises(IntegrityError), transaction.atomic():
            ProgrammeFactory(status=Programme.Status.WITHDRAWN, withdrawn_at=None)
