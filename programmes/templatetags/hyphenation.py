"""Soft hyphens in the long words of headings, so that a narrow screen breaks them with a hyphen.

Headings have ``hyphens: auto``, but a browser hyphenates only where it has a dictionary for the
page's language, and Chromium on Linux has none unless it has downloaded one. Without it a long
Dutch compound ("verantwoordelijkheden") that does not fit is broken anywhere, without a hyphen.
A soft hyphen (``&shy;``) marks where a word may break; it is invisible unless the line breaks
there, and screen readers and search ignore it.

No dictionary here either: only the break points that are right whatever the word, at the edges
of common prefixes and word endings (Dutch "ver·antwoorde·lijk·heden", "handrei·kingen", English
"responsi·bilities", "administra·tion"). A word without one keeps no soft hyphen and wraps as
before; a break point that is wrong for some word would be worse than none.
"""

import re

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

SOFT_HYPHEN = "&shy;"
# Shorter words fit a line at any screen width the site supports (320 pixels).
MIN_LENGTH = 10
# Fewest letters left before the first and after the last break point.
LEFT_MIN, RIGHT_MIN = 2, 3
WORD = re.compile(r"[^\W\d_]+")
VOWELS = set("aeiouyáàâäéèêëíìîïóòôöúùûü")

# Break before these endings (the longest first); Dutch ones are taken off one after another
# ("verantwoorde·lijk·heden"), English ones once.
ENDINGS = {
    "nl": (
        "schappen", "heden", "heids", "heid", "lijke", "lijk", "schap", "baar", "bare",
        "zaam", "zame", "teiten", "teit", "ties", "tie",
    ),
    "en": ("bilities", "bility", "ities", "tions", "tion", "sions", "sion", "ments", "ment",
           "ness", "ships", "ship"),
}  # fmt: skip
# Break after these beginnings; "+" ones only where a consonant follows ("be·leid", never
# "be·ek"), and "be"/"ge" only before a consonant that can begin a syllable ("ge·meente", never
# "ge·ld").
BEGINNINGS = {
    "nl": ("onder", "samen", "tegen", "over", "door", "voor", "ver", "ont+", "her+", "be+", "ge+"),
    "en": ("counter", "inter", "under", "over"),
}
ONSETS = ("bl", "br", "dr", "dw", "fl", "fr", "gl", "gr", "kl", "kn", "kr", "kw", "pl", "pr",
          "sch", "schr", "sl", "sm", "sn", "sp", "spr", "st", "str", "tr", "tw", "vl", "vr",
          "wr", "zw")  # fmt: skip


def break_points(word: str, language: str) -> list[int]:
    """Where ``word`` may be broken with a hyphen: indexes of the letters a break goes before."""
    if len(word) < MIN_LENGTH or language not in ENDINGS:
        return []
    lower = word.lower()
    points = set(_ending_points(lower, language))
    points.update(_beginning_points(lower, language))
    return sorted(p for p in points if LEFT_MIN <= p <= len(word) - RIGHT_MIN)


def _ending_points(word: str, language: str) -> list[int]:
    points = []
    stem = word
    while True:
        ending = next((e for e in ENDINGS[language] if _ends_in(stem, e)), None)
        if ending is None:
            break
        stem = stem[: -len(ending)]
        points.append(len(stem))
        if language != "nl":
            break
    if language == "nl":
        points += _dutch_ing_point(stem)
    return points


def _ends_in(stem: str, ending: str) -> bool:
    rest = stem[: -len(ending)]
    # What is left must still be a syllable or more; "heid" after "sc" is "scheid", not a suffix.
    return (
        stem.endswith(ending)
        and len(rest) >= 3
        and any(c in VOWELS for c in rest)
        and not (ending.startswith("h") and rest.endswith("c"))
    )


def _dutch_ing_point(stem: str) -> list[int]:
    """Dutch "-ing(en)": the consonant before it begins the last syllable ("verga·dering",
    "verwach·ting", "beslis·sing")."""
    match = re.search(r"(.)(.)ing(?:en|s)?$", stem)
    if not match:
        return []
    before, consonant = match.group(1), match.group(2)
    if consonant in VOWELS or consonant == "h" or (consonant == "j" and before == "i"):
        return []
    return [match.start(2)]


def _beginning_points(word: str, language: str) -> list[int]:
    for beginning in BEGINNINGS[language]:
        needs_consonant = beginning.endswith("+")
        beginning = beginning.rstrip("+")
        if not word.startswith(beginning):
            continue
        rest = word[len(beginning) :]
        if needs_consonant and not _starts_with_onset(rest, strict=len(beginning) == 2):
            continue
        return [len(beginning)]
    return []


def _starts_with_onset(rest: str, *, strict: bool) -> bool:
    if not rest or rest[0] in VOWELS:
        return False
    if not strict:
        return True
    # One consonant and a vowel, or a cluster that begins Dutch words.
    return (len(rest) > 1 and rest[1] in VOWELS) or any(
        rest.startswith(onset) and rest[len(onset) : len(onset) + 1] in VOWELS for onset in ONSETS
    )


def hyphenate(text: str, language: str) -> SafeString:
    """``text`` escaped, with a soft hyphen at each break point of its long words."""
    pieces, end = [], 0
    for match in WORD.finditer(text):
        word = match.group()
        points = break_points(word, language)
        parts = [
            word[start:stop] for start, stop in zip([0, *points], [*points, None], strict=True)
        ]
        pieces += [escape(text[end : match.start()]), SOFT_HYPHEN.join(escape(p) for p in parts)]
        end = match.end()
    pieces.append(escape(text[end:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece is escaped


@register.filter
def soft_hyphens(text: object, language: str = "") -> SafeString:
    """``{{ heading|soft_hyphens }}``: in the page's language, or the one given."""
    return hyphenate(str(text), language or get_language() or settings.LANGUAGE_CODE)


@register.simple_tag
def hyphenated(obj: object, field: str) -> SafeString:
    """``{% hyphenated programme "title" %}``: a translated field, hyphenated in the language it
    is shown in (Dutch where it falls back to Dutch)."""
    current = get_language() or settings.LANGUAGE_CODE
    language = current
    if not getattr(obj, f"{field}_{current}", None):
        language = settings.MODELTRANSLATION_FALLBACK_LANGUAGES[0]
    return hyphenate(str(getattr(obj, field) or ""), language)
