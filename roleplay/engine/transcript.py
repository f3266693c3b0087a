"""Transcripts as text: JSON Lines, one record per move or response, and their replay.

A save *is* a transcript: resuming replays its moves with its seed and checks that every
record comes out the same, so a save can never drift from the engine that reads it. Files
are roleplay.storage's business; this module only turns records into text and back into
inputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from roleplay.errors import MoveError, SaveError
from roleplay.model.transcript import Records


def dumps(record: Mapping[str, object]) -> str:
    """One record as one line; the same record always gives the same bytes."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def render(records: Iterable[Mapping[str, object]]) -> str:
    return "".join(dumps(r) + "\n" for r in records)


def actions(records: Records) -> list[tuple[str, str, str | None]]:
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


def replay(session: Any, records: Records) -> int | None:
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
