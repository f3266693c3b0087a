"""Transcripts as text: JSON Lines, one record per move or response, and their replay.

A save *is* a transcript: resuming replays its moves with its seed and checks that every
record comes out the same, so a save can never drift from the engine that reads it. Files
are roleplay.storage's business; this module only turns records into text and back into
inputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

from roleplay.engine.actions import Action, Coached, Inject, Play, Respond, Set, Undone
from roleplay.engine.session import ActionRecord, Session
from roleplay.errors import MoveError, SaveError
from roleplay.model.transcript import Records


def dumps(record: Mapping[str, object]) -> str:
    """One record as one line; the same record always gives the same bytes."""
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def render(records: Iterable[Mapping[str, object]]) -> str:
    return "".join(dumps(r) + "\n" for r in records)


def actions(records: Records) -> list[Action]:
    """The trainee's (and the instructor's) inputs in a transcript, after its start record."""
    result: list[Action] = []
    for number, record in enumerate(records[1:], start=2):
        if record["type"] == "turn" and isinstance(record.get("move"), str):
            pinned = record["outcome"] if record.get("pinned") else None
            result.append(Play(record["move"], record.get("target"), pinned))
        elif record["type"] == "choice" and isinstance(record.get("choice"), str):
            result.append(Respond(record["choice"]))
        elif record["type"] == "inject" and isinstance(record.get("event"), str):
            result.append(Inject(record["event"]))
        elif record["type"] == "set" and isinstance(record.get("name"), str):
            result.append(Set(record["name"], record["value"]))
        elif record["type"] == "coach":
            result.append(Coached(record["move"], record["target"], record["choice"]))
        elif record["type"] == "undo":
            result.append(Undone(record["move"], record["target"]))
        else:
            raise SaveError(f"record {number}: unknown record type {record.get('type')!r}")
    return result


def perform(session: Session, action: Action) -> ActionRecord:
    """Carry out one recorded input: a move, a response to an event, or an injected event."""
    return session.apply(action)


def replay(session: Session, records: Records) -> int | None:
    """Play a transcript's actions into a fresh session. Returns the 1-based line number of
    the first record that does not reproduce, or None when all of them do."""
    if session.records[0] != records[0]:
        return 1
    for number, action in enumerate(actions(records), start=2):
        try:
            produced = session.apply(action)
        except MoveError:
            return number
        if dumps(produced) != dumps(records[number - 1]):
            return number
    return None
