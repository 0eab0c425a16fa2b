"""What the mappings between models and bundle documents share, in both directions: texts in
both languages, moments and dates as the format writes them, and file entries compared without
their place in a bundle. The mappings themselves are in programme_mapping.py and
exhibition_mapping.py.
"""

from datetime import UTC, date, datetime

from django.utils.dateparse import parse_datetime

from archive.format import LANGUAGES


def bilingual(obj, field: str) -> dict[str, str]:
    """A translated field's texts as a document holds them (``title_nl``, ``title_en``)."""
    return {f"{field}_{code}": getattr(obj, f"{field}_{code}") or "" for code in LANGUAGES}


def apply_bilingual(obj, values: dict, fields: tuple[str, ...]) -> None:
    """Set each of ``fields`` in every language from a document's values."""
    for name in fields:
        for code in LANGUAGES:
            setattr(obj, f"{name}_{code}", values[f"{name}_{code}"])


def timestamp(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_moment(text: str | None) -> datetime | None:
    """The moment a text names, or None (also when it names one that does not exist)."""
    try:
        return parse_datetime(text or "")
    except ValueError:
        return None


def parse_date(text: str | None) -> date | None:
    """The date a text names, or None (also when it names a day that does not exist)."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def comparable_moments(document: dict) -> dict:
    """A copy of a document whose publication moments compare as moments, not as text."""
    result = dict(document)
    for field in ("published_at", "withdrawn_at"):
        if isinstance(result.get(field), str):
            moment = parse_moment(result[field])
            result[field] = timestamp(moment) if moment else result[field]
    return result


def as_far_as_named(current: dict, incoming: dict, optional: tuple[str, ...]) -> dict:
    """``current`` without the optional fields ``incoming`` leaves out: a bundle made before a
    field was part of the format leaves it as it is, so it is no difference."""
    return {key: value for key, value in current.items() if key not in optional or key in incoming}


def without_path(entry: dict | None) -> dict | None:
    """A file entry without its place in the bundle, which does not matter for 'unchanged'."""
    if entry is None:
        return None
    return {key: value for key, value in entry.items() if key != "path"}
