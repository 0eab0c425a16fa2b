"""Why a result was found: an excerpt of the text around the first words the search matched,
with those words in ``<mark>``, for the programmes, exhibitions and documents of one page of
results.

Excerpts come from the plain text of what the page shows in the visitor's language, and which
words are marked is decided by the search's own rule (``publishing.search.word_matcher``), so
that a word is marked exactly when it is one the search matched on. The text is escaped as a
whole; the only markup an excerpt holds is the ``<mark>`` elements put in here.
"""

import html
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import models
from django.db.models import QuerySet, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from exhibitions.search import excerpt_texts as exhibition_texts
from programmes.search import excerpt_texts as programme_texts
from programmes.search import leading_texts, part_rows
from publishing.search import WORD, word_matcher

# About two lines of a result: the words before the first match give it its context.
EXCERPT_LENGTH = 240
CONTEXT_BEFORE = 70
# The end of a block element: the words on either side belong to different sentences.
BLOCK_END = re.compile(r"(</(?:p|li|h[1-6]|blockquote|div|ul|ol|figcaption)>|<br\s*/?>)", re.I)


@dataclass(frozen=True)
class Excerpt:
    html: SafeString
    # The language of the text (Dutch where the page's language has no translation of it).
    language: str


def plain_text(text: str) -> str:
    """Rich or plain text as the words a reader sees: without tags and entities, on one line."""
    text = strip_tags(BLOCK_END.sub(r"\1 ", text))
    return " ".join(html.unescape(text).split())


def marked(text: str, is_match: Callable[[str], bool]) -> SafeString:
    """Plain ``text``, escaped, with the words that match in ``<mark>`` (neighbouring words
    that both match in one mark)."""
    return _marked(text, [match for match in WORD.finditer(text) if is_match(match.group())])


def excerpt(texts: Iterable[tuple[str, str]], is_match: Callable[[str], bool]) -> Excerpt | None:
    """The passage with the most different matched words, from the text that has the most (the
    first such in the page's order), or None if no text matches. ``texts`` are (text,
    language) pairs in the page's order."""
    best, hits, _whole = _best_text(texts, is_match)
    return _excerpt_of(best, hits)


def _best_text(
    texts: Iterable[tuple[str, str]], is_match: Callable[[str], bool]
) -> tuple[tuple[str, str] | None, list[re.Match], bool]:
    """The text ``excerpt`` shows (plain, and its language; None if none matches), its matched
    words, and whether it has as many different matched words as the query has words (so that
    no later text can be chosen over it)."""
    may_occur_in = getattr(is_match, "may_occur_in", lambda text: True)
    wanted = len(getattr(is_match, "terms", ())) or None
    best, best_hits, best_count = None, [], 0
    for text, language in texts:
        if not may_occur_in(text):
            continue
        plain = plain_text(text)
        hits = [match for match in WORD.finditer(plain) if is_match(match.group())]
        count = len({match.group().casefold() for match in hits})
        if count > best_count:
            best, best_hits, best_count = (plain, language), hits, count
        if wanted and best_count >= wanted:
            # As many different words as the query has: no later text can show more of it.
            return best, best_hits, True
    return best, best_hits, False


def _excerpt_of(best: tuple[str, str] | None, hits: list[re.Match]) -> Excerpt | None:
    if best is None:
        return None
    plain, language = best
    start, end = _best_window(plain, hits)
    window = [hit for hit in hits if hit.start() >= start and hit.end() <= end]
    body = _marked(plain, window, start, end)
    before = "… " if start > 0 else ""
    after = " …" if end < len(plain) else ""
    return Excerpt(html=mark_safe(f"{before}{body}{after}"), language=language)  # noqa: S308


# Enough to find the passage where the words come together, however often one of them occurs.
MAX_WINDOWS = 50


def _best_window(text: str, hits: list[re.Match]) -> tuple[int, int]:
    """The window around a hit that holds the most different matched words, counting matched
    words that follow each other (a phrase, as "risk-regulation reflex") once more; the first
    such window."""
    best, best_score = (0, 0), 0
    for hit in hits[:MAX_WINDOWS]:
        start = _start_of_window(text, hit.start())
        end = _end_of_window(text, start + EXCERPT_LENGTH)
        inside = [h for h in hits if start <= h.start() and h.end() <= end]
        phrases = sum(
            1
            for before, after in itertools.pairwise(inside)
            if text[before.end() : after.start()].strip() == ""
        )
        score = len({h.group().casefold() for h in inside}) + phrases
        if score > best_score:
            best, best_score = (start, end), score
    return best


def _start_of_window(text: str, first_hit: int) -> int:
    if first_hit <= CONTEXT_BEFORE:
        return 0
    space = text.find(" ", first_hit - CONTEXT_BEFORE, first_hit)
    return first_hit if space < 0 else space + 1


def _end_of_window(text: str, end: int) -> int:
    if end >= len(text):
        return len(text)
    space = text.rfind(" ", 0, end)
    return end if space <= 0 else space


def _marked(text: str, hits: list[re.Match], start: int = 0, end: int | None = None) -> SafeString:
    end = len(text) if end is None else end
    pieces, position, open_mark = [], start, False
    for hit in hits:
        between = text[position : hit.start()]
        if open_mark and between.strip() == "":
            # Only a space since the last marked word: one mark for "risk-regulation reflex".
            pieces.append(escape(between))
        else:
            if open_mark:
                pieces.append("</mark>")
            pieces.append(escape(between))
            pieces.append("<mark>")
        pieces.append(escape(hit.group()))
        position, open_mark = hit.end(), True
    if open_mark:
        pieces.append("</mark>")
    pieces.append(escape(text[position:end]))
    return mark_safe("".join(pieces))  # noqa: S308


# Documents found are listed above the first page of programmes, the best few; the documents
# index has them all.
DOCUMENT_RESULTS = 10


@dataclass
class DocumentResults:
    count: int
    documents: list
    # The same search in the documents index, which lists them all ("" if the site has none).
    index_url: str = ""

    @classmethod
    def of(cls, found: QuerySet, query: str) -> "DocumentResults":
        """The number of documents found and the best few, each with its excerpt."""
        language = get_language() or "nl"
        title = Coalesce(f"title_{language}", "title_nl", output_field=models.CharField())
        best = list(
            found.select_related("programme").order_by("-rank", title, "pk")[:DOCUMENT_RESULTS]
        )
        count = found.count()
        is_match = word_matcher(query)
        for document in best:
            document.marked_title = marked(document.title, is_match)
            texts = [_shown(document, "description", language)]
            document.excerpt = excerpt([text for text in texts if text[0]], is_match)
            document.page_url = document_page(document)
        return cls(count=count, documents=best, index_url=_documents_index(query))


def add_excerpts(programmes: Iterable, exhibitions: list, query: str, language: str) -> None:
    """Give each programme and exhibition found its title with the matched words marked
    (``marked_title``) and its excerpt (``excerpt``, None if only the title or the other
    language matched). Reads the texts of these results only: a programme's parts (in a fixed
    number of queries) only for the programmes whose own leading texts (summary,
    introduction) do not hold every word already, which would be their excerpt anyway."""
    programmes = list(programmes)
    prefetch_related_objects(exhibitions, "items")
    is_match = word_matcher(query)
    unsettled = []
    for programme in programmes:
        programme.marked_title = marked(programme.title, is_match)
        best, hits, whole = _best_text(leading_texts(programme, language), is_match)
        if whole:
            programme.excerpt = _excerpt_of(best, hits)
        else:
            unsettled.append(programme)
    parts = part_rows([programme.pk for programme in unsettled], language) if unsettled else {}
    for programme in unsettled:
        texts = programme_texts(programme, language, parts[programme.pk])
        programme.excerpt = excerpt(texts, is_match)
    for exhibition in exhibitions:
        exhibition.marked_title = marked(exhibition.title, is_match)
        exhibition.excerpt = excerpt(exhibition_texts(exhibition, language), is_match)


def document_page(document) -> str:
    """The document's own page; its programme's page where the site has no such pages."""
    try:
        return reverse(
            "documents:detail",
            kwargs={"programme_slug": document.programme.slug, "key": document.key},
        )
    except NoReverseMatch:
        return document.programme.get_absolute_url()


def _documents_index(query: str) -> str:
    try:
        return f"{reverse('documents:index')}?{urlencode({'q': query})}"
    except NoReverseMatch:
        return ""


def _shown(obj, field: str, language: str) -> tuple[str, str]:
    own = getattr(obj, f"{field}_{language}") or ""
    return (own, language) if own or language == "nl" else (getattr(obj, f"{field}_nl") or "", "nl")
