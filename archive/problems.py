"""What is wrong with a bundle, said so that an archivist can find it: the file, the place in
the file (a JSON path) and the problem in plain words."""

from dataclasses import dataclass

from django.utils.translation import gettext


def _(message: str, **values) -> str:
    """gettext, with the named values filled in (so that makemessages finds the messages)."""
    text = gettext(message)
    return text % values if values else text


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bundle: where (file, JSON path) and what, in plain words."""

    file: str
    path: str
    message: str

    def __str__(self) -> str:
        return ": ".join(part for part in (self.file, self.path, self.message) if part)


def json_path(parts) -> str:
    """``["objectives", 2, "name_nl"]`` as ``objectives[2].name_nl``."""
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


class Refused(Exception):
    """The bundle cannot be imported; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems
