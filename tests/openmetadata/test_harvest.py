"""A harvest by a third-party OAI-PMH client (Sickle, from PyPI) against a running server."""

import pytest
from django.contrib.contenttypes.models import ContentType
from sickle import Sickle

from openmetadata.identifiers import (
    document_identifier,
    exhibition_identifier,
    programme_identifier,
)
from publishing import services
from tests.factories import (
    ExhibitionFactory,
    ProgrammeFactory,
    TimelineItemFactory,
    ToolboxDocumentFactory,
)

# serialized_rollback, as every transactional test here: a flush without it re-creates the
# content types, and the next test that restores the database would then find them twice.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def archive(settings):
    # Tests that commit flush the tables between them, content types included, and Django
    # recreates those with new ids; the withdrawal's history must not use remembered ones.
    ContentType.objects.clear_cache()
    settings.OAI_PAGE_SIZE = 4
    programmes = ProgrammeFactory.create_batch(7, published=True)
    for programme in programmes:
        ToolboxDocumentFactory.create_batch(2, programme=programme)
    services.withdraw(item=programmes[2])
    ProgrammeFactory(slug="concept-blijft-verborgen")
    live = {programme_identifier(p.slug) for p in programmes}
    live |= {
        document_identifier(d.programme.slug, d.key) for p in programmes for d in p.documents.all()
    }
    deleted = {programme_identifier(programmes[2].slug)} | {
        document_identifier(programmes[2].slug, d.key) for d in programmes[2].documents.all()
    }
    return live, deleted


@pytest.mark.parametrize("prefix", ["oai_dc", "mdto"])
def test_sickle_walks_every_record_exactly_once(live_server, archive, prefix):
    everything, deleted = archive
    client = Sickle(f"{live_server.url}/oai/", max_retries=0, timeout=10)
    records = list(client.ListRecords(metadataPrefix=prefix, ignore_deleted=False))
    identifiers = [record.header.identifier for record in records]
    assert len(identifiers) == len(set(identifiers)) == 21
    assert set(identifiers) == everything
    assert {r.header.identifier for r in records if r.header.deleted} == deleted
    live = [record for record in records if not record.header.deleted]
    assert all(record.metadata or prefix == "mdto" for record in live)


def test_sickle_reads_identify_and_sets(live_server, archive):
    client = Sickle(f"{live_server.url}/oai/", max_retries=0, timeout=10)
    assert client.Identify().repositoryName == "Het geheugen van BZK"
    assert [s.setSpec for s in client.ListSets()] == ["programmes", "documents", "exhibitions"]
    headers = list(
        client.ListIdentifiers(metadataPrefix="oai_dc", set="documents", ignore_deleted=True)
    )
    assert len(headers) == 12


def test_sickle_walks_on_from_programmes_to_exhibitions(live_server, settings):
    ContentType.objects.clear_cache()
    settings.OAI_PAGE_SIZE = 2
    programmes = ProgrammeFactory.create_batch(2, published=True)
    services.delete(item=ProgrammeFactory(published=True))
    exhibitions = ExhibitionFactory.create_batch(3, published=True)
    for exhibition in exhibitions:
        exhibition.related_programmes.set(programmes)
        TimelineItemFactory.create_batch(2, exhibition=exhibition)
    services.withdraw(item=exhibitions[0])
    services.delete(item=ExhibitionFactory(published=True, slug="gewist"))
    client = Sickle(f"{live_server.url}/oai/", max_retries=0, timeout=10)
    records = list(client.ListRecords(metadataPrefix="mdto", ignore_deleted=False))
    identifiers = [record.header.identifier for record in records]
    assert len(identifiers) == len(set(identifiers)) == 2 + 1 + 3 + 1
    assert {r.header.identifier for r in records if r.header.deleted} == {
        identifiers[2],
        exhibition_identifier(exhibitions[0].slug),
        exhibition_identifier("gewist"),
    }
    assert [s.setSpec for s in client.ListSets()][-1] == "exhibitions"
    headers = client.ListIdentifiers(
        metadataPrefix="oai_dc", set="exhibitions", ignore_deleted=True
    )
    assert [h.identifier for h in headers] == [
        exhibition_identifier(e.slug) for e in exhibitions[1:]
    ]
