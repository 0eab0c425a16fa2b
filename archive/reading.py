"""Reading a bundle's JSON documents: as strict JSON, against the format's JSON Schema, with
every problem said in plain words at its JSON path."""

import hashlib
import json
from pathlib import PurePosixPath

from django.utils.translation import gettext_lazy

from archive.bundle import CHUNK, UNREADABLE, Bundle
from archive.format import LIMITS, validator
from archive.problems import Problem, _, json_path


class _DuplicateKey(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    result = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _no_constants(name: str) -> None:
    raise ValueError(_("%(name)s is not a number JSON allows", name=name))


def read_json(bundle: Bundle, name: str, problems: list[Problem]) -> object | None:
    if bundle.size(name) > LIMITS.json_bytes:
        problems.append(
            Problem(
                name, "", _("The file is larger than %(limit)s bytes.", limit=LIMITS.json_bytes)
            )
        )
        return None
    try:
        raw = bundle.read(name)
    except UNREADABLE as error:
        problems.append(Problem(name, "", _("The file cannot be read: %(error)s", error=error)))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(
            Problem(
                name,
                "",
                _(
                    "The file is not valid UTF-8 (at byte %(byte)s); save it as UTF-8.",
                    byte=error.start,
                ),
            )
        )
        return None
    if text.startswith("\ufeff"):
        problems.append(
            Problem(
                name, "", _("The file starts with a byte order mark; save it as UTF-8 without one.")
            )
        )
        return None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constants)
    except _DuplicateKey as error:
        problems.append(
            Problem(name, "", _("The key %(key)s appears twice in one object.", key=error))
        )
    except json.JSONDecodeError as error:
        problems.append(
            Problem(
                name,
                "",
                _(
                    "This is not valid JSON: %(reason)s (line %(line)s, column %(column)s).",
                    reason=error.msg,
                    line=error.lineno,
                    column=error.colno,
                ),
            )
        )
    except ValueError as error:
        problems.append(Problem(name, "", _("This is not valid JSON: %(reason)s.", reason=error)))
    return None


def schema_problems(definition: str, document: object, file: str) -> list[Problem]:
    problems = []
    for error in sorted(validator(definition).iter_errors(document), key=lambda e: e.path):
        where = list(error.absolute_path)
        if error.validator == "required":
            for missing in error.validator_value:
                if missing not in error.instance:
                    problems.append(
                        Problem(file, json_path([*where, missing]), _("This field is missing."))
                    )
        elif error.validator == "additionalProperties":
            known = set(error.schema.get("properties", {}))
            for extra in sorted(set(error.instance) - known):
                problems.append(
                    Problem(
                        file, json_path([*where, extra]), _("This field is not part of the format.")
                    )
                )
        else:
            problems.append(Problem(file, json_path(where), _explain(error)))
    return problems


PATTERN_NAMES = {
    "^[-a-zA-Z0-9_]+$": gettext_lazy("a slug (only letters, digits, hyphens and underscores)"),
    "^[0-9a-f]{64}$": gettext_lazy("a SHA-256 checksum (64 lower-case hexadecimal digits)"),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": gettext_lazy("a date as YYYY-MM-DD"),
}
TYPE_NAMES = {
    "string": gettext_lazy("text"),
    "integer": gettext_lazy("a whole number"),
    "object": gettext_lazy("an object"),
    "array": gettext_lazy("a list"),
    "null": "null",
    "boolean": gettext_lazy("true or false"),
}


def _explain(error) -> str:
    value = error.validator_value
    match error.validator:
        case "type":
            wanted = value if isinstance(value, list) else [value]
            return _(
                "This must be %(types)s.",
                types=_(" or ").join(str(TYPE_NAMES.get(w, w)) for w in wanted),
            )
        case "maxLength":
            return _(
                "This is %(length)s characters long; at most %(limit)s are allowed.",
                length=len(error.instance),
                limit=value,
            )
        case "minLength":
            return _("This may not be empty.")
        case "pattern":
            return _("This must be %(form)s.", form=PATTERN_NAMES.get(value) or value)
        case "enum":
            return _("This must be one of: %(choices)s.", choices=", ".join(map(str, value)))
        case "const":
            return _("This must be %(value)s.", value=json.dumps(value))
        case "minimum":
            return _("This must be at least %(value)s.", value=value)
        case "maximum":
            return _("This must be at most %(value)s.", value=value)
        case "minItems":
            return _("This list needs at least %(count)s item(s).", count=value)
        case "maxItems":
            return _("This list may hold at most %(count)s items.", count=value)
        case "uniqueItems":
            return _("This list holds the same value more than once.")
    return error.message


def document_problems(definition: str, document: object, document_path: str) -> list[Problem]:
    """A programme or exhibition document against the schema, without NUL characters, and named
    after its slug."""
    problems = schema_problems(definition, document, document_path)
    problems.extend(nul_problems(document, document_path))
    stem = PurePosixPath(document_path).stem
    if not problems and stem != document["slug"]:
        message = _("The slug must match the file name (%(name)s).", name=stem)
        problems.append(Problem(document_path, "slug", message))
    return problems


def nul_problems(value: object, file: str, where: tuple = ()) -> list[Problem]:
    """NUL characters: valid JSON, but no database column can hold them."""
    if isinstance(value, str):
        if "\x00" in value:
            return [Problem(file, json_path(where), _("Text may not contain NUL characters."))]
        return []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else []
    )
    problems = []
    for key, item in items:
        problems.extend(nul_problems(item, file, (*where, key)))
    return problems


def sha256_of(bundle: Bundle, name: str, problems: list[Problem]) -> str | None:
    digest = hashlib.sha256()
    try:
        with bundle.open(name) as stream:
            while chunk := stream.read(CHUNK):
                digest.update(chunk)
    except UNREADABLE as error:
        problems.append(Problem(name, "", _("The file cannot be read: %(error)s", error=error)))
        return None
    return digest.hexdigest()
