"""The official XML schemas our metadata must validate against, loaded offline.

Unmodified copies (see README.md in this folder for their origin and checksums). The imports
between them name addresses on the internet; a resolver maps those to these files, and the
parser never touches the network.
"""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent

# Addresses the schemas import each other by, mapped to the copies here.
LOCAL_COPIES = {
    "http://www.openarchives.org/OAI/2.0/oai_dc.xsd": "oai_dc.xsd",
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
    "http://www.w3.org/2001/xml.xsd": "xml.xsd",
    "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd": "oai-identifier.xsd",
    "https://www.nationaalarchief.nl/mdto/MDTO-XML1.0.1.xsd": "MDTO-XML1.0.1.xsd",
}

# OAI-PMH.xsd validates <metadata> and <description> strictly (processContents="strict"), so
# every namespace we put there needs its schema: a wrapper schema imports them all.
_OAI_WITH_FORMATS = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="urn:bzkmemory:schema-bundle" elementFormDefault="qualified">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/" schemaLocation="OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/"
             schemaLocation="oai_dc.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai-identifier"
             schemaLocation="oai-identifier.xsd"/>
  <xs:import namespace="https://www.nationaalarchief.nl/mdto"
             schemaLocation="MDTO-XML1.0.1.xsd"/>
</xs:schema>
"""


class _LocalCopies(etree.Resolver):
    def resolve(self, url, public_id, context):
        name = LOCAL_COPIES.get(url) or (url if "/" not in url else url.rsplit("/", 1)[-1])
        path = SCHEMA_DIR / name
        if path.parent == SCHEMA_DIR and path.is_file():
            return self.resolve_filename(str(path), context)
        raise LookupError(f"no local copy of the schema at {url}")


def _parser() -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalCopies())
    return parser


@cache
def mdto_schema() -> etree.XMLSchema:
    document = etree.parse(str(SCHEMA_DIR / "MDTO-XML1.0.1.xsd"), _parser())
    return etree.XMLSchema(document)


@cache
def oai_pmh_schema() -> etree.XMLSchema:
    """OAI-PMH 2.0 with oai_dc, oai-identifier and MDTO, for whole responses."""
    document = etree.fromstring(
        _OAI_WITH_FORMATS.encode(), _parser(), base_url=str(SCHEMA_DIR / "bundle.xsd")
    )
    return etree.XMLSchema(etree.ElementTree(document))


def validation_errors(schema: etree.XMLSchema, xml: bytes | etree._Element) -> list[str]:
    """What is wrong with the document, one line per problem; empty when it is valid."""
    if isinstance(xml, bytes):
        xml = etree.fromstring(xml, etree.XMLParser(no_network=True, resolve_entities=False))
    if schema.validate(xml):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]
