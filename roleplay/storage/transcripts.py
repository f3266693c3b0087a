"""Transcripts and saves (JSON Lines) on disk: the one place they are read and written.

Every line read is validated against the record models of roleplay.model.transcript, so a
reader gets records whose keys mypy has checked and whose numbers are finite; a bad file
gives a SaveError naming the file, the line and the field.

A file written here starts with a line that says how many records it holds, and reading it
checks that count: a save cut short is refused even when the cut falls between two records
(which a final marker line alone could not reveal: the cut would take it away). Its last
line says the count again, so a file whose first line was deleted is refused as damaged
instead of passing for one written before counts. A file written before the count existed
starts with its start record and ends with a record; it is read as before, and
``Transcript.counted`` says it could not be checked. (A file that lost both its first line
and its end cannot be told from such a file.)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleplay.errors import SaveError
from roleplay.storage.files import write_atomic

if TYPE_CHECKING:  # pydantic is imported when a file is read: the TUI's first frame needs none of it
    from pydantic import ValidationError

    from roleplay.model.transcript import Record

#: The largest transcript or save read: a game of the longest case (10,000 turns) writes
#: far less; a larger file is not a save, and reading it whole would cost ten times its size.
MAX_TRANSCRIPT_BYTES = 32 * 1024 * 1024
#: The names pydantic gives the members of a union in an error's location ('from' is a union).
_UNION_MEMBERS = frozenset({"bool", "int", "float", "str", "none"})


@dataclass(frozen=True)
class Transcript:
    """A transcript as read: its records, and whether the file said how many it holds."""

    records: list[Record]
    #: True when the file starts with its record count (and held that many records); False
    #: for a file written before the count existed, whose end could not be checked.
    counted: bool

    def line_of(self, number: int) -> int:
        """The line in the file of record ``number`` (1-based, the start record is 1)."""
        return number + 1 if self.counted else number


def read_records(path: Path) -> list[Record]:
    """Read a transcript; a truncated, corrupt or invalid file gives a SaveError naming the line."""
    return read_transcript(path).records


def read_transcript(path: Path) -> Transcript:
    """Read a transcript with its record count checked (when the file has one)."""
    path = Path(path)
    text = _read_text(path)
    if text and not text.endswith("\n"):
        raise SaveError(f"{path}:{text.count(chr(10)) + 1}: the last record is truncated")
    # Split on "\n" only: str.splitlines() also splits on U+2028, U+2029, U+0085 and others,
    # which JSON leaves unescaped inside strings (quotes pasted from PDFs carry them).
    lines = text.split("\n")[:-1]
    expected = _count(path, lines[0]) if lines else None
    if len(lines) > 1 and _ended(path, lines[-1], len(lines), expected):
        lines.pop()
    first = 1 if expected is None else 2
    records = _records(path, lines[first - 1 :], first)
    if not records and expected is None:
        raise SaveError(f"{path}:{first}: not a roleplay transcript (no start record)")
    if expected is not None and len(records) != expected:
        if len(records) < expected:
            raise SaveError(
                f"{path}:{len(lines) + 1}: the file ends after {len(records)} of its {expected} records "
                "(cut short, by a copy or a full disk): copy it again, or use an earlier save"
            )
        raise SaveError(f"{path}:{expected + 2}: more records than the {expected} its first line counts")
    return Transcript(records, expected is not None)


def _records(path: Path, lines: list[str], first: int) -> list[Record]:
    """Each line as a record: the start record, then actions; ``first`` is the line number."""
    from pydantic import ValidationError

    from roleplay.model.transcript import action_adapter, start_adapter

    records: list[Record] = []
    for number, line in enumerate(lines, start=first):
        # Parsed and checked in one pass (pydantic-core), so reading a save stays fast. The
        # copy keeps the models' key order, which is the engine's: a save replays byte for byte.
        try:
            if number == first:
                records.append(start_adapter().validate_json(line, strict=True))
            else:
                records.append(action_adapter().validate_json(line, strict=True))
        except ValidationError as error:
            raise SaveError(f"{path}:{number}: {_diagnose(line, error, tagged=number > first)}") from None
    return records


def _ended(path: Path, line: str, number: int, expected: int | None) -> bool:
    """Whether the file's last line is its end line (and agrees with the first). A file that
    has one but lacks its first line was damaged or edited, not written before counts."""
    from pydantic import ValidationError

    from roleplay.model.transcript import end_adapter

    try:
        ended = end_adapter().validate_json(line, strict=True)["records"]
    except ValidationError:
        if _type_of(line) == "end":
            raise SaveError(f"{path}:{number}: the end line is invalid (the file was edited)") from None
        return False  # a record: the file was written before end lines
    if expected is None:
        raise SaveError(
            f"{path}:1: the first line, the record count, is missing (the file was edited or damaged): "
            "copy it again, or use an earlier save"
        )
    if ended != expected:
        raise SaveError(f"{path}:{number}: the end line counts {ended} records, the first line {expected}")
    return True


def _type_of(line: str) -> object:
    """A line's "type", read with json only once a strict reading has failed."""
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    return record.get("type") if isinstance(record, dict) else None


def _count(path: Path, line: str) -> int | None:
    """The record count a file starts with, or None for a file written before counts."""
    from pydantic import ValidationError

    from roleplay.model.transcript import count_adapter

    try:
        return count_adapter().validate_json(line, strict=True)["records"]
    except ValidationError:
        pass
    if _type_of(line) == "transcript":
        raise SaveError(f"{path}:1: the record count is invalid (the file was edited)")
    return None  # a start record: a file written before counts


def write_transcript(path: Path, records: Iterable[Mapping[str, object]]) -> None:
    """Write a transcript or save atomically, with its record count first and last: a reader
    sees the old file or the new one, and a copy cut short or missing its first line is
    refused when read."""
    write_atomic(Path(path), transcript_text(records))


def transcript_text(records: Iterable[Mapping[str, object]]) -> str:
    """A transcript or save as its file holds it (a browser downloads it without a file on the server)."""
    from roleplay.engine.transcript import dumps, render

    records = list(records)
    count = len(records)
    return (
        dumps({"type": "transcript", "records": count})
        + "\n"
        + render(records)
        + dumps({"type": "end", "records": count})
        + "\n"
    )


def _read_text(path: Path) -> str:
    from roleplay.loading.files import Unreadable, read_capped

    try:
        raw = read_capped(path, MAX_TRANSCRIPT_BYTES)
    except Unreadable as exc:
        raise SaveError(f"{path}: {exc}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(f"{path}: not a transcript (not UTF-8 text)") from None


def _diagnose(line: str, error: ValidationError, *, tagged: bool) -> str:
    """Why a line is not a record, read again with json only now that it has failed."""
    if any(d["type"] == "json_invalid" for d in error.errors()):
        return "corrupt record (not JSON)"
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return "corrupt record (not JSON)"
    if not isinstance(record, dict) or "type" not in record:
        return "corrupt record (no type)"
    if not tagged and record["type"] != "start":
        return "not a roleplay transcript (no start record)"
    return _explain(error, record, tagged)


def _explain(error: ValidationError, record: dict[str, Any], tagged: bool) -> str:
    """The first invalid field and what is wrong with it, in words a trainee can act on."""
    details = error.errors(include_url=False)
    if details[0]["type"] == "union_tag_invalid":
        return f"unknown record type {record['type']!r} (expected turn, choice or inject)"
    located = [(_field(d["loc"][1:] if tagged else d["loc"]), d) for d in details]
    field = located[0][0]
    here = [d for f, d in located if f == field]
    if here[0]["type"] == "missing":
        return f"{record['type']} record lacks '{field}'"
    # A union ('from', 'to') reports one error per member: a value error (not finite) says
    # more than "not a string", else list what would do.
    telling = [d for d in here if not d["type"].endswith("_type")]
    message = telling[0]["msg"] if telling else " or ".join(dict.fromkeys(d["msg"] for d in here))
    return f"field '{field}': {message}"


def _field(loc: tuple[int | str, ...]) -> str:
    """('changes', 0, 'from', 'float') -> 'changes.0.from': a union member is not a field."""
    parts = list(loc)
    while len(parts) > 1 and parts[-1] in _UNION_MEMBERS:
        parts.pop()
    return ".".join(str(p) for p in parts) or "(record)"
