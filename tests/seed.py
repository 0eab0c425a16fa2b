"""The seed page: the original site's text of the programme, as the reference for the fixture."""

import re
from pathlib import Path

SEED_PAGE = Path(__file__).parent / "data" / "seed_page.txt"
LIST_ITEM = re.compile(r"^\s*(?:•|\d+\.)\s+(.*)$")


def seed_blocks() -> list[str]:
    """Every paragraph, heading and list item of the seed page, in order."""
    blocks = []
    for block in re.split(r"\n\s*\n", SEED_PAGE.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(LIST_ITEM.match(line) for line in lines):
            blocks.extend(LIST_ITEM.match(line).group(1).strip() for line in lines)
        else:
            blocks.append(" ".join(line.strip() for line in lines))
    return blocks


def seed_programme_blocks() -> list[str]:
    """The blocks of the programme page itself: from its title to the end of the page."""
    blocks = seed_blocks()
    return blocks[blocks.index("Risico's en verantwoordelijkheden") :]
