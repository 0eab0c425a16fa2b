"""Reading OAI-PMH answers in tests: every answer is checked against the official schemas."""

from dataclasses import dataclass

from lxml import etree

from openmetadata.schemas import oai_pmh_schema, validation_errors

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "mdto": "https://www.nationaalarchief.nl/mdto",
    "id": "http://www.openarchives.org/OAI/2.0/oai-identifier",
}


@dataclass
class Answer:
    xml: etree._Element

    def all(self, path: str) -> list:
        return self.xml.xpath(path, namespaces=NS)

    def text(self, path: str) -> str:
        found = self.all(path)
        assert found, f"nothing at {path}"
        return found[0].text if isinstance(found[0], etree._Element) else str(found[0])

    @property
    def error_code(self) -> str | None:
        codes = self.all("/oai:OAI-PMH/oai:error/@code")
        return str(codes[0]) if codes else None

    @property
    def request_attributes(self) -> dict:
        return dict(self.all("/oai:OAI-PMH/oai:request")[0].attrib)

    @property
    def identifiers(self) -> list[str]:
        return [e.text for e in self.all("//oai:header/oai:identifier")]

    @property
    def deleted(self) -> list[str]:
        return [e.text for e in self.all("//oai:header[@status='deleted']/oai:identifier")]

    @property
    def token(self):
        tokens = self.all("//oai:resumptionToken")
        return tokens[0] if tokens else None


def oai(client, query: str | dict, *, method: str = "get") -> Answer:
    """Ask /oai/ and return the answer, after checking it is valid OAI-PMH."""
    if method == "post":
        response = client.post("/oai/", query)
    elif isinstance(query, str):
        response = client.get(f"/oai/?{query}")
    else:
        response = client.get("/oai/", query)
    return answer_of(response)


def answer_of(response) -> Answer:
    """The answer in a response from /oai/, after checking it is valid OAI-PMH."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    problems = validation_errors(oai_pmh_schema(), response.content)
    assert problems == [], response.content.decode()
    return Answer(etree.fromstring(response.content))
