"""A quick look at a case file: its id, title, summary and what it carries over from.

The picker lists the shipped cases, the first frame shows the case's title while the engine
loads it, and a debrief offers the case that continues the story: all three only need a few
top-level fields, read here with tomllib alone (no pydantic, no engine), so the app can draw
its first frame before the formats are imported. The chosen case is validated in full when it
loads; a file whose fields cannot be read is skipped here and reported by ``validate``.

Only the file's head (the keys before its first table) and its ``[carry_over]`` table are
parsed: the whole Algiers case took tomllib 15-20 ms, five cases a tenth of a second before
the picker's first frame. A head cut inside a string or an array does not parse; then the
whole file is parsed, as before.
"""

from __future__ import annotations

import re
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
        data = _quick(read_capped(path, MAX_FILE_BYTES).decode("utf-8"))
    except (Unreadable, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None
    if data is None:
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


#: A line that opens a table or an array of tables; [carry_over]; an array of moves.
_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)
_CARRY_OVER = re.compile(r"^[ \t]*\[[ \t]*carry_over[ \t]*\][ \t]*(?:#[^\n]*)?$", re.MULTILINE)
#: "[[moves]]" anywhere (a literal start: found fast); _has_moves_table checks its line.
_MOVES_AFTER_BRACKETS = re.compile(r"\[\[[ \t]*moves[ \t]*\]\]")


def _quick(text: str) -> dict[str, object] | None:
    """The top-level keys, ``carry_over`` and whether there are moves, parsing only the head
    and [carry_over]; the whole file when a part does not parse on its own. None for a text
    whose shape would take tomllib minutes (``validate`` says why); the guard reads only
    the parts parsed."""
    head = _HEADER.search(text)
    parts = [text[: head.start()] if head else text]
    # The line-anchored patterns scan a case line by line: look for their words first.
    carry = _CARRY_OVER.search(text) if "carry_over" in text else None
    if carry is not None:
        end = _HEADER.search(text, carry.end())
        parts.append(text[carry.start() : end.start() if end else len(text)])
    if any(shape_problem(part) is not None for part in parts):
        return None
    try:
        data: dict[str, object] = {}
        for part in parts:
            data.update(tomllib.loads(part))
    except tomllib.TOMLDecodeError:
        return None if shape_problem(text) is not None else tomllib.loads(text)
    if "moves" not in data and _has_moves_table(text):
        data["moves"] = True
    return data


def _has_moves_table(text: str) -> bool:
    """Whether a line opens an array of moves (``[[moves]]``): each "[[" found, then its line."""
    for found in _MOVES_AFTER_BRACKETS.finditer(text):
        line_start = text.rfind("\n", 0, found.start()) + 1
        if not text[line_start : found.start()].strip(" \t"):
            return True
    return False


def peek_folder(folder: Path) -> list[CasePeek]:
    """Every readable case file in ``folder`` (not its subfolders), by file name."""
    found = (peek(path) for path in sorted(folder.glob("*.toml")))
    return [case for case in found if case is not None and case.playable]
