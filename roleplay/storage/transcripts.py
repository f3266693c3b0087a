"""Transcripts and saves (JSON Lines) on disk: the one place they are read and written.

Every line read is validated against the record models of roleplay.model.transcript, so a
reader gets records whose keys mypy has checked and whose numbers are finite; a bad file
gives a SaveError naming the file, the line and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleplay.errors import SaveError
from roleplay.storage.files import write_atomic

if TYPE_CHECKING:  # pydantic is imported when a file is read: the TUI's first frame needs none of it
    from pydantic import ValidationError

    from roleplay.model.transcript import Record

#: The names pydantic gives the members of a union in an error's location ('from' is a union).
_UNION_MEMBERS = frozenset({"bool", "int", "float", "str", "none"})


def read_records(path: Path) -> list[Record]:
    """Read a transcript; a truncated, corrupt or invalid file gives a SaveError naming the line."""
    from pydantic import ValidationError

    from roleplay.model.transcript import ACTION, START

    path = Path(path)
    text = _read_text(path)
    if text and not text.endswith("\n"):
        raise SaveError(f"{path}:{text.count(chr(10)) + 1}: the last record is truncated")
    records: list[Record] = []
    # Split on "\n" only: str.splitlines() also splits on U+2028, U+2029, U+0085 and others,
    # which JSON leaves unescaped inside strings (quotes pasted from PDFs carry them).
    for number, line in enumerate(text.split("\n")[:-1], start=1):
        # Parsed and checked in one pass (pydantic-core), so reading a save stays fast. The
        # copy keeps the models' key order, which is the engine's: a save replays byte for byte.
        try:
            if number == 1:
                records.append(START.validate_json(line, strict=True))
            else:
                records.append(ACTION.validate_json(line, strict=True))
        except ValidationError as error:
            raise SaveError(f"{path}:{number}: {_diagnose(line, error, tagged=number > 1)}") from None
    if not records:
        raise SaveError(f"{path}:1: not a roleplay transcript (no start record)")
    return records


def write_transcript(path: Path, records: Iterable[Mapping[str, object]]) -> None:
    """Write a transcript or save atomically: a reader sees the old file or the new one."""
    from roleplay.engine.transcript import render

    write_atomic(Path(path), render(records))


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveError(f"{path}: cannot read: {exc.strerror or exc}") from None
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
