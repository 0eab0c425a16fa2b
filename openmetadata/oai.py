"""An OAI-PMH 2.0 data provider (https://www.openarchives.org/OAI/openarchivesprotocol.html).

`respond(arguments, base_url)` turns the arguments of one request into the XML answer; the view
in openmetadata/views.py only collects them. Errors are part of the protocol: they are answered
with status 200 and an <error> element naming the OAI error code.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone
from lxml import etree

from openmetadata import dublin_core, mdto, records
from openmetadata.identifiers import parse_identifier, programme_identifier
from openmetadata.models import MetadataSet

OAI = "http://www.openarchives.org/OAI/2.0/"
OAI_IDENTIFIER = "http://www.openarchives.org/OAI/2.0/oai-identifier"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OAI_SCHEMA_LOCATION = f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"

GRANULARITY = "YYYY-MM-DDThh:mm:ssZ"
# ASCII digits only, and \Z rather than $ (which also matches before a final newline).
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\Z", re.ASCII)
_SECOND = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z", re.ASCII)
# The forms OAI-PMH.xsd allows for these arguments (they are echoed in the <request> element).
_PREFIX = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+\Z")
_SET_SPEC = re.compile(r"^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*\Z")
_IDENTIFIER = re.compile(r"^\S+\Z")
# Characters XML 1.0 cannot hold (control characters, lone surrogates, U+FFFE, U+FFFF): lxml
# refuses them with a ValueError, so they must never reach an attribute or a text we echo.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Separates these signatures from any other use of SECRET_KEY; not a secret itself.
TOKEN_SALT = "openmetadata.oai.resumption"  # noqa: S105

# What each verb accepts: required and optional arguments, and whether it may be resumed.
VERBS: dict[str, tuple[set[str], set[str], bool]] = {
    "Identify": (set(), set(), False),
    "ListMetadataFormats": (set(), {"identifier"}, False),
    "ListSets": (set(), set(), True),
    "ListIdentifiers": ({"metadataPrefix"}, {"from", "until", "set"}, True),
    "ListRecords": ({"metadataPrefix"}, {"from", "until", "set"}, True),
    "GetRecord": ({"identifier", "metadataPrefix"}, set(), False),
}


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    programme: Callable
    document: Callable
    exhibition: Callable

    def builder(self, set_spec: str) -> Callable:
        """What describes a record of this set in this format."""
        return {
            MetadataSet.PROGRAMMES: self.programme,
            MetadataSet.DOCUMENTS: self.document,
            MetadataSet.EXHIBITIONS: self.exhibition,
        }[set_spec]


FORMATS = {
    "oai_dc": MetadataFormat(
        "oai_dc",
        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        dublin_core.OAI_DC,
        dublin_core.programme_dc,
        dublin_core.document_dc,
        dublin_core.exhibition_dc,
    ),
    "mdto": MetadataFormat(
        "mdto",
        "https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd",
        mdto.NAMESPACE,
        mdto.programme_record,
        mdto.document_record,
        mdto.exhibition_record,
    ),
}

SET_NAMES = {
    MetadataSet.PROGRAMMES: "Programma's / Programmes",
    MetadataSet.DOCUMENTS: "Documenten / Documents",
    MetadataSet.EXHIBITIONS: "Tentoonstellingen / Exhibitions",
}


class OAIError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class Request:
    verb: str
    arguments: dict[str, str]
    base_url: str
    absolute_url: Callable[[str], str]
    now: datetime = field(default_factory=timezone.now)


def _datestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_date(value: str, name: str) -> tuple[datetime, bool]:
    """A from/until value as a UTC time, and whether it names a whole day."""
    try:
        if _DAY.match(value):
            return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC), True
        if _SECOND.match(value):
            return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC), False
    except ValueError:
        pass
    raise OAIError(
        "badArgument",
        f"'{name}' must be a UTC date (YYYY-MM-DD) or time (YYYY-MM-DDThh:mm:ssZ), not '{value}'.",
    )


def _xml_safe(text: str) -> str:
    """The text without the characters XML cannot hold, for anything that echoes a request."""
    return _NOT_XML.sub("", text)


def _window(arguments: dict[str, str]) -> records.Window:
    start = end = None
    start_is_day = end_is_day = None
    if "from" in arguments:
        start, start_is_day = _parse_date(arguments["from"], "from")
    if "until" in arguments:
        until, end_is_day = _parse_date(arguments["until"], "until")
        # until is inclusive: the whole day or second it names. Past the end of the calendar
        # (until=9999-12-31) there is no end to add, so the window is open-ended.
        try:
            end = until + (timedelta(days=1) if end_is_day else timedelta(seconds=1))
        except OverflowError:
            end = None
    if start_is_day is not None and end_is_day is not None and start_is_day != end_is_day:
        raise OAIError("badArgument", "'from' and 'until' must have the same granularity.")
    if start is not None and end is not None and start >= end:
        raise OAIError("badArgument", "'from' is later than 'until'.")
    return records.Window(start, end)


def _format(prefix: str) -> MetadataFormat:
    try:
        return FORMATS[prefix]
    except KeyError:
        raise OAIError(
            "cannotDisseminateFormat",
            f"The metadata format '{prefix}' is not supported here; see ListMetadataFormats.",
        ) from None


def _check_arguments(verb: str | None, arguments: dict[str, list[str]]) -> None:
    """Refuses what the protocol does not allow, before anything is looked up."""
    required, optional, resumable = VERBS[verb]
    for name, values in arguments.items():
        if len(values) > 1:
            raise OAIError("badArgument", f"The argument '{name}' is repeated.")
    names = set(arguments)
    if resumable and "resumptionToken" in names:
        if names != {"resumptionToken"}:
            raise OAIError(
                "badArgument", "'resumptionToken' is an exclusive argument: send it alone."
            )
        return
    unknown = names - required - optional
    if unknown:
        raise OAIError(
            "badArgument",
            f"{verb} does not take the argument(s): {', '.join(sorted(unknown))}.",
        )
    missing = required - names
    if missing:
        raise OAIError(
            "badArgument", f"{verb} needs the argument(s): {', '.join(sorted(missing))}."
        )
    for name, pattern in (
        ("metadataPrefix", _PREFIX),
        ("set", _SET_SPEC),
        ("identifier", _IDENTIFIER),
    ):
        if name in arguments and not pattern.match(arguments[name][0]):
            raise OAIError("badArgument", f"'{arguments[name][0]}' is not a valid {name}.")
    for name in ("from", "until"):
        if name in arguments:
            _parse_date(arguments[name][0], name)


# --- the envelope --------------------------------------------------------------------------


def _envelope(request_element_attributes: dict[str, str], base_url: str, now: datetime):
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", OAI_SCHEMA_LOCATION)
    etree.SubElement(root, f"{{{OAI}}}responseDate").text = _datestamp(now)
    request_element = etree.SubElement(root, f"{{{OAI}}}request")
    for name, value in request_element_attributes.items():
        request_element.set(name, _xml_safe(value))
    request_element.text = base_url
    return root


def _sub(parent: etree._Element, name: str, text: str | None = None, **attributes):
    element = etree.SubElement(parent, f"{{{OAI}}}{name}", **attributes)
    if text is not None:
        element.text = text
    return element


def respond(arguments: dict[str, list[str]], base_url: str, absolute_url: Callable) -> bytes:
    """The XML answer to a request with these arguments (each with all the values it was sent)."""
    now = timezone.now()
    verbs = arguments.get("verb", [])
    plain = {name: values[0] for name, values in arguments.items() if values}
    try:
        # Nothing is echoed from a request holding characters XML cannot hold (the protocol's
        # own answer: badVerb or badArgument, after which the request element has no attributes).
        if any(_NOT_XML.search(value) for value in verbs):
            raise OAIError("badVerb", "The verb holds characters that are not allowed in XML.")
        if any(
            _NOT_XML.search(text) for name, values in arguments.items() for text in (name, *values)
        ):
            raise OAIError(
                "badArgument", "An argument holds characters that are not allowed in XML."
            )
        if len(verbs) != 1 or verbs[0] not in VERBS:
            problem = (
                "The verb argument is missing."
                if not verbs
                else "The verb argument is repeated."
                if len(verbs) > 1
                else f"'{verbs[0]}' is not an OAI-PMH verb."
            )
            raise OAIError("badVerb", problem)
        verb = verbs[0]
        rest = {name: values for name, values in arguments.items() if name != "verb"}
        _check_arguments(verb, rest)
    except OAIError as error:
        # After badVerb and badArgument, the request element carries no attributes.
        root = _envelope({}, base_url, now)
        _sub(root, "error", _xml_safe(error.message), code=error.code)
        return _serialize(root)

    request = Request(
        verb, {k: v for k, v in plain.items() if k != "verb"}, base_url, absolute_url, now
    )
    root = _envelope(plain, base_url, now)
    try:
        HANDLERS[verb](root, request)
    except OAIError as error:
        if error.code in {"badArgument", "badVerb"}:
            root = _envelope({}, base_url, now)
        # Anything the handler added before the error is not part of the answer.
        for child in root[2:]:
            root.remove(child)
        _sub(root, "error", _xml_safe(error.message), code=error.code)
    return _serialize(root)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


# --- verbs ---------------------------------------------------------------------------------


def _identify(root, request: Request) -> None:
    identify = _sub(root, "Identify")
    _sub(identify, "repositoryName", settings.OAI_REPOSITORY_NAME)
    _sub(identify, "baseURL", request.base_url)
    _sub(identify, "protocolVersion", "2.0")
    for email in settings.OAI_ADMIN_EMAILS:
        _sub(identify, "adminEmail", email)
    earliest = records.earliest_datestamp(now=request.now) or request.now
    _sub(identify, "earliestDatestamp", _datestamp(earliest))
    _sub(identify, "deletedRecord", "persistent")
    _sub(identify, "granularity", GRANULARITY)
    description = _sub(identify, "description")
    scheme = etree.SubElement(
        description, f"{{{OAI_IDENTIFIER}}}oai-identifier", nsmap={None: OAI_IDENTIFIER}
    )
    scheme.set(
        f"{{{XSI}}}schemaLocation",
        f"{OAI_IDENTIFIER} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd",
    )
    for name, value in (
        ("scheme", "oai"),
        ("repositoryIdentifier", settings.OAI_REPOSITORY_IDENTIFIER),
        ("delimiter", ":"),
        ("sampleIdentifier", programme_identifier("risicos-en-verantwoordelijkheden")),
    ):
        etree.SubElement(scheme, f"{{{OAI_IDENTIFIER}}}{name}").text = value


def _list_metadata_formats(root, request: Request) -> None:
    if "identifier" in request.arguments:
        _find(request.arguments["identifier"], request.now)
    formats = _sub(root, "ListMetadataFormats")
    for metadata_format in FORMATS.values():
        element = _sub(formats, "metadataFormat")
        _sub(element, "metadataPrefix", metadata_format.prefix)
        _sub(element, "schema", metadata_format.schema)
        _sub(element, "metadataNamespace", metadata_format.namespace)


def _list_sets(root, request: Request) -> None:
    if "resumptionToken" in request.arguments:
        raise OAIError("badResumptionToken", "The list of sets is never split into pages.")
    sets = _sub(root, "ListSets")
    for spec, name in SET_NAMES.items():
        element = _sub(sets, "set")
        _sub(element, "setSpec", spec)
        _sub(element, "setName", name)


def _find(identifier: str, now: datetime) -> records.Record:
    identity = parse_identifier(identifier)
    record = records.find(identity, now=now) if identity else None
    if record is None:
        raise OAIError("idDoesNotExist", f"There is no record '{identifier}' in this repository.")
    return record


def _get_record(root, request: Request) -> None:
    metadata_format = _format(request.arguments["metadataPrefix"])
    record = _find(request.arguments["identifier"], request.now)
    _record(_sub(root, "GetRecord"), record, metadata_format, request)


def _header(parent, header: records.Header) -> None:
    element = _sub(parent, "header", **({"status": "deleted"} if header.deleted else {}))
    _sub(element, "identifier", header.identifier)
    _sub(element, "datestamp", _datestamp(header.datestamp))
    _sub(element, "setSpec", header.set_spec)


def _record(parent, record: records.Record, metadata_format: MetadataFormat, request) -> None:
    element = _sub(parent, "record")
    _header(element, record.header)
    if record.item is None:
        return
    make = metadata_format.builder(record.header.set_spec)
    _sub(element, "metadata").append(make(record.item, absolute_url=request.absolute_url))


@dataclass(frozen=True)
class Harvest:
    """What a list request asked for, carried from page to page in the resumption token."""

    verb: str
    prefix: str
    set_spec: str | None
    start: str | None
    until: str | None
    position: records.Position
    cursor: int

    def token(self) -> str:
        return signing.dumps(
            [
                self.verb,
                self.prefix,
                self.set_spec,
                self.start,
                self.until,
                self.position.source,
                self.position.after_pk,
                self.cursor,
            ],
            salt=TOKEN_SALT,
            compress=True,
        )

    @classmethod
    def from_token(cls, token: str, verb: str) -> "Harvest":
        max_age = timedelta(hours=settings.OAI_RESUMPTION_TOKEN_HOURS)
        try:
            values = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
            verb_in_token, prefix, set_spec, start, until, source, after_pk, cursor = values
            harvest = cls(
                verb_in_token,
                prefix,
                set_spec,
                start,
                until,
                records.Position(int(source), int(after_pk)),
                int(cursor),
            )
        except signing.SignatureExpired:
            raise OAIError(
                "badResumptionToken", "The resumption token has expired; start the list again."
            ) from None
        except (signing.BadSignature, ValueError, TypeError):
            raise OAIError("badResumptionToken", "The resumption token is not valid.") from None
        if harvest.verb != verb:
            raise OAIError(
                "badResumptionToken", f"The resumption token belongs to {harvest.verb}, not {verb}."
            )
        return harvest

    def arguments(self) -> dict[str, str]:
        given = {"from": self.start, "until": self.until, "set": self.set_spec}
        return {name: value for name, value in given.items() if value is not None}


def _list(root, request: Request, *, with_metadata: bool) -> None:
    verb = request.verb
    if "resumptionToken" in request.arguments:
        harvest = Harvest.from_token(request.arguments["resumptionToken"], verb)
        window = _window(harvest.arguments())
    else:
        window = _window(request.arguments)
        harvest = Harvest(
            verb,
            request.arguments["metadataPrefix"],
            request.arguments.get("set"),
            request.arguments.get("from"),
            request.arguments.get("until"),
            records.Position(),
            0,
        )
    metadata_format = _format(harvest.prefix)
    if harvest.set_spec is not None and harvest.set_spec not in SET_NAMES:
        raise OAIError("noRecordsMatch", f"There is no set '{harvest.set_spec}' here.")
    page = records.list_page(
        harvest.set_spec,
        window,
        harvest.position,
        settings.OAI_PAGE_SIZE,
        full=with_metadata,
        now=request.now,
    )
    if not page.records:
        raise OAIError("noRecordsMatch", "No records match these arguments.")
    listing = _sub(root, verb)
    for record in page.records:
        if with_metadata:
            _record(listing, record, metadata_format, request)
        else:
            _header(listing, record.header)
    resumed = harvest.cursor > 0
    if page.next_position is None and not resumed:
        return
    attributes = {"completeListSize": str(page.complete_list_size), "cursor": str(harvest.cursor)}
    if page.next_position is None:
        _sub(listing, "resumptionToken", **attributes)  # empty: the list is complete
        return
    following = Harvest(
        harvest.verb,
        harvest.prefix,
        harvest.set_spec,
        harvest.start,
        harvest.until,
        page.next_position,
        harvest.cursor + len(page.records),
    )
    expires = request.now + timedelta(hours=settings.OAI_RESUMPTION_TOKEN_HOURS)
    _sub(
        listing,
        "resumptionToken",
        following.token(),
        expirationDate=_datestamp(expires),
        **attributes,
    )


HANDLERS: dict[str, Callable] = {
    "Identify": _identify,
    "ListMetadataFormats": _list_metadata_formats,
    "ListSets": _list_sets,
    "GetRecord": _get_record,
    "ListIdentifiers": lambda root, request: _list(root, request, with_metadata=False),
    "ListRecords": lambda root, request: _list(root, request, with_metadata=True),
}
