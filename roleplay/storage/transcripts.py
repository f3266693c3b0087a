"""Transcripts and saves (JSON Lines) on disk: the one place they are read and written.

Every line read is validated against the record models of roleplay.model.transcript, so a
reader gets records whose keys mypy has checked and whose numbers are finite; a bad file
gives a SaveError naming the file, the line and the field.

A file written here starts with a line that says how many records it holds, and reading it
checks that count: a save cut short is refused even when the cut falls between two records
(which a final marker line could not reveal: the cut would take it away). A file written
before the count existed starts with its start record; it is read as before, and
``Transcript.counted`` says it could not be checked.
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
    from pydantic import ValidationError

    from roleplay.model.transcript import ACTION, START

    path = Path(path)
    text = _read_text(path)
    if text and not text.endswith("\n"):
        raise SaveError(f"{path}:{text.count(chr(10)) + 1}: the last record is truncated")
    # Split on "\n" only: str.splitlines() also splits on U+2028, U+2029, U+0085 and others,
    # which JSON leaves unescaped inside strings (quotes pasted from PDFs carry them).
    lines = text.split("\n")[:-1]
    expected = _count(path, lines[0]) if lines else None
    first = 1 if expected is None else 2
    records: list[Record] = []
    for number, line in enumerate(lines[first - 1 :], start=first):
        # Parsed and checked in one pass (pydantic-core), so reading a save stays fast. The
        # copy keeps the models' key order, which is the engine's: a save replays byte for byte.
        try:
            if number == first:
                records.append(START.validate_json(line, strict=True))
            else:
                records.append(ACTION.validate_json(line, strict=True))
        except ValidationError as error:
            raise SaveError(f"{path}:{number}: {_diagnose(line, error, tagged=number > first)}") from None
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


def _count(path: Path, line: str) -> int | None:
    """The record count a file starts with, or None for a file written before counts."""
    from pydantic import ValidationError

    from roleplay.model.transcript import COUNT

    try:
        return COUNT.validate_json(line, strict=True)["records"]
    except ValidationError:
        pass
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None  # reported as the start record that it is not
    if isinstance(record, dict) and record.get("type") == "transcript":
        raise SaveError(f"{path}:1: the record count is invalid (the file was edited)")
    return None  # a start record: a file written before counts


def write_transcript(path: Path, records: Iterable[Mapping[str, object]]) -> None:
    """Write a transcript or save atomically, with its record count first: a reader sees the
    old file or the new one, and a copy cut short is refused when read."""
    write_atomic(Path(path), transcript_text(records))


def transcript_text(records: Iterable[Mapping[str, object]]) -> str:
    """A transcript or save as its file holds it (a browser downloads it without a file on the server)."""
    from roleplay.engine.transcript import dumps, render

    records = list(records)
    return dumps({"type": "transcript", "records": len(records)}) + "\n" + render(records)


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
