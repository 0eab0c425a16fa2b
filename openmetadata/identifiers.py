"""Persistent identifiers of what the archive publishes (public addresses: website/public_urls.py).

Identity is the slug of a programme or exhibition and the document's key, never a database id
(as in archive bundles), under the repository identifier from settings:
`oai:geheugenvanbzk.nl:programme/<slug>`, `oai:geheugenvanbzk.nl:document/<programme slug>/<key>`
and `oai:geheugenvanbzk.nl:exhibition/<slug>`.
"""

import re
from dataclasses import dataclass

from django.conf import settings

PROGRAMME = "programme"
DOCUMENT = "document"
EXHIBITION = "exhibition"

_LOCAL = re.compile(
    r"^(?P<kind>programme|exhibition)/(?P<slug>[-a-zA-Z0-9_]+)$"
    r"|^(?P<doc_kind>document)/(?P<doc_slug>[-a-zA-Z0-9_]+)/(?P<key>[-a-zA-Z0-9_]+)$"
)


@dataclass(frozen=True)
class RecordIdentity:
    kind: str
    # The programme's slug (also for a document), or the exhibition's.
    slug: str
    document_key: str = ""

    @property
    def local(self) -> str:
        if self.kind == DOCUMENT:
            return f"{DOCUMENT}/{self.slug}/{self.document_key}"
        return f"{self.kind}/{self.slug}"

    @property
    def oai(self) -> str:
        return f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:{self.local}"


def programme_identifier(slug: str) -> str:
    return RecordIdentity(PROGRAMME, slug).oai


def document_identifier(programme_slug: str, key: str) -> str:
    return RecordIdentity(DOCUMENT, programme_slug, key).oai


def exhibition_identifier(slug: str) -> str:
    return RecordIdentity(EXHIBITION, slug).oai


def parse_identifier(identifier: str) -> RecordIdentity | None:
    """The record an OAI identifier names, or None if it cannot be one of ours."""
    prefix = f"oai:{settings.OAI_REPOSITORY_IDENTIFIER}:"
    if not identifier.startswith(prefix):
        return None
    match = _LOCAL.match(identifier.removeprefix(prefix))
    if match is None:
        return None
    if match["kind"]:
        return RecordIdentity(match["kind"], match["slug"])
    return RecordIdentity(DOCUMENT, match["doc_slug"], match["key"])
