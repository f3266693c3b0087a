"""Transcripts: JSON Lines, one record per move or response, and the saves built on them.

A save *is* a transcript: resuming replays its moves with its seed and checks that every
record comes out the same, so a save can never drift from the engine that reads it.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from roleplay.errors import MoveError, SaveError


def dumps(record: dict[str, Any]) -> str:
    """One record as one line; the same record always gives the same bytes."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def render(records: Iterable[dict[str, Any]]) -> str:
    return "".join(dumps(r) + "\n" for r in records)


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file, fsync and rename: a reader sees the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def read_records(path: Path) -> list[dict[str, Any]]:
    """Read a transcript; a truncated or corrupt file gives a SaveError naming the line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(f"{path}: not a transcript (not UTF-8 text)") from None
    if text and not text.endswith("\n"):
        raise SaveError(f"{path}:{text.count(chr(10)) + 1}: the last record is truncated")
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            raise SaveError(f"{path}:{number}: corrupt record (not JSON)") from None
        if not isinstance(record, dict) or "type" not in record:
            raise SaveError(f"{path}:{number}: corrupt record (no type)")
        records.append(record)
    if not records or records[0].get("type") != "start":
        raise SaveError(f"{path}:1: not a roleplay transcript (no start record)")
    header = records[0]
    for key, kind in (("case", str), ("seed", int), ("case_sha256", str), ("case_file", str)):
        if not isinstance(header.get(key), kind):
            raise SaveError(f"{path}:1: start record lacks '{key}'")
    return records


def actions(records: list[dict[str, Any]]) -> list[tuple[str, str, str | None]]:
    """The trainee's inputs in a transcript: ('move', id, target) and ('choice', id, None)."""
    result: list[tuple[str, str, str | None]] = []
    for number, record in enumerate(records[1:], start=2):
        if record["type"] == "turn" and isinstance(record.get("move"), str):
            result.append(("move", record["move"], record.get("target")))
        elif record["type"] == "choice" and isinstance(record.get("choice"), str):
            result.append(("choice", record["choice"], None))
        elif record["type"] == "inject" and isinstance(record.get("event"), str):
            result.append(("inject", record["event"], None))
        else:
            raise SaveError(f"record {number}: unknown record type {record.get('type')!r}")
    return result


def perform(session: Any, kind: str, ident: str, target: str | None) -> dict[str, Any]:
    """Carry out one recorded input: a move, a response to an event, or an injected event."""
    if kind == "move":
        return session.play(ident, target)  # type: ignore[no-any-return]
    if kind == "choice":
        return session.respond(ident)  # type: ignore[no-any-return]
    return session.inject(ident)  # type: ignore[no-any-return]


def replay(session: Any, records: list[dict[str, Any]]) -> int | None:
    """Play a transcript's actions into a fresh session. Returns the 1-based line number of
    the first record that does not reproduce, or None when all of them do."""
    if session.records[0] != records[0]:
        return 1
    for number, (kind, ident, target) in enumerate(actions(records), start=2):
        try:
            produced = perform(session, kind, ident, target)
        except MoveError:
            return number
        if dumps(produced) != dumps(records[number - 1]):
            return number
    return None
