"""A quick look at a case file: its id, title, summary and what it carries over from.

The picker lists the shipped cases, the first frame shows the case's title while the engine
loads it, and a debrief offers the case that continues the story: all three only need a few
top-level fields, read here with tomllib alone (no pydantic, no engine), so the app can draw
its first frame before the formats are imported. The chosen case is validated in full when it
loads; a file that does not parse is skipped here and reported by ``validate``.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from roleplay.loading.files import MAX_FILE_BYTES, Unreadable, read_capped
from roleplay.loading.guards import shape_problem


@dataclass(frozen=True)
class CasePeek:
    """What a case file says about itself, read without validating it."""

    path: Path
    id: str
    title: str
    #: The summary on one line (the file's line breaks folded into spaces).
    summary: str
    period: str
    difficulty: str
    #: The case this one continues from (its ``[carry_over] from_case``), if any.
    from_case: str | None
    #: True if the file has moves: a case, not some other TOML file in the folder.
    playable: bool


def peek(path: Path) -> CasePeek | None:
    """The case file at ``path`` at a glance, or None if it cannot be read as TOML."""
    try:  # regular files only, capped: a FIFO or a link to /dev/zero named *.toml is skipped
        text = read_capped(path, MAX_FILE_BYTES).decode("utf-8")
        if shape_problem(text) is not None:  # would take tomllib minutes: validate says why
            return None
        data = tomllib.loads(text)
    except (Unreadable, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    carry = data.get("carry_over")
    from_case = carry.get("from_case") if isinstance(carry, dict) else None
    return CasePeek(
        path=path,
        id=str(data.get("id", path.stem)),
        title=str(data.get("title", path.stem)),
        summary=" ".join(str(data.get("summary", "")).split()),
        period=str(data.get("period", "")),
        difficulty=str(data.get("difficulty", "")),
        from_case=str(from_case) if from_case is not None else None,
        playable="moves" in data,
    )


def peek_folder(folder: Path) -> list[CasePeek]:
    """Every readable case file in ``folder`` (not its subfolders), by file name."""
    found = (peek(path) for path in sorted(folder.glob("*.toml")))
    return [case for case in found if case is not None and case.playable]
