"""Reading rendered pages the way a visitor (or a screen reader) meets them."""

import re

from bs4 import BeautifulSoup, Tag

BLOCK_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li"]


def parse(response) -> BeautifulSoup:
    assert response["Content-Type"].startswith("text/html"), response["Content-Type"]
    return BeautifulSoup(response.content.decode(), "html.parser")


def text_of(element: Tag) -> str:
    # Soft hyphens (where a long word in a heading may break) are not part of what is read.
    text = element.get_text(" ", strip=True).replace("\u00ad", "")
    return re.sub(r"\s+", " ", text).replace(" :", ":").strip()


def _added_to_the_source(element: Tag) -> bool:
    """Navigation within <main> (a page's "On this page" list) and what the archive adds to a
    programme's text (marked ``data-archive-addition``: its provenance note)."""
    return element.find_parent("nav") is not None or (
        element.find_parent(attrs={"data-archive-addition": True}) is not None
    )


def content_blocks(page: BeautifulSoup) -> list[str]:
    """The text of every heading, paragraph and list item in <main>, in reading order.

    A document in a list counts as its title only; what the page adds about its availability
    and a description inside the item are not part of the source text, nor is what
    ``_added_to_the_source`` names.
    """
    blocks = []
    for element in page.main.find_all(BLOCK_TAGS):
        if element.find_parent("li") is not None or _added_to_the_source(element):
            continue
        if "document" in (element.get("class") or []):
            blocks.append(text_of(element.select_one(".document-title")))
        else:
            blocks.append(text_of(element))
    return blocks


def headings(page: BeautifulSoup) -> list[tuple[int, str]]:
    """The headings of the page's main content, with their levels (see ``_added_to_the_source``)."""
    return [
        (int(h.name[1]), text_of(h))
        for h in page.main.find_all(["h1", "h2", "h3", "h4"])
        if not _added_to_the_source(h)
    ]


def form_values(page: BeautifulSoup, form_id: str | None = None) -> dict[str, str | list[str]]:
    """What a browser would submit from a form as rendered (before the user changes anything)."""
    form = page.find("form", id=form_id) if form_id else page.find("form")
    values: dict[str, str] = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file", "image"}:
            continue
        if field.name == "textarea":
            values[name] = field.get_text()
        elif field.name == "select" and field.has_attr("multiple"):
            # A browser sends every chosen option, and nothing when none is chosen.
            chosen = [option.get("value", "") for option in field.find_all("option", selected=True)]
            if chosen:
                values[name] = chosen
        elif field.name == "select":
            selected = field.find("option", selected=True) or field.find("option")
            values[name] = selected.get("value", "") if selected else ""
        elif field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                values[name] = field.get("value", "on")
        else:
            values[name] = field.get("value", "")
    return values
