"""Undo in solo practice. The engine is deterministic, so the game as it stood before the
last move is its transcript without that move (and the crisis responses that followed it)
played again from the start: nothing is stored twice, and nothing can drift. An undo record
then keeps that the move was taken back (the debrief counts them); played again, it changes
nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roleplay.errors import RoleplayError

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint
    from roleplay.engine.session import Session
    from roleplay.model.transcript import Records, TurnRecord, UndoRecord


class NothingToUndo(RoleplayError):
    """No move has been played yet."""


def last_move(records: Records) -> tuple[int, TurnRecord] | None:
    """The last move's record and its index (None before the first move)."""
    for index in range(len(records) - 1, 0, -1):
        record = records[index]
        if record["type"] == "turn":
            return index, record
    return None


def undo_text(blueprint: Blueprint, record: UndoRecord) -> str:
    """The move taken back, in the case's words (an undo record of the transcript)."""
    from roleplay.game.views import party_name

    move = blueprint.moves.get(record["move"])
    name = move.move.name if move is not None else record["move"]
    target = f" with {party_name(blueprint, record['target'])}" if record["target"] else ""
    return f"Took back turn {record['turn'] + 1}, {name}{target}, and what followed it"


def before_last_move(session: Session) -> tuple[Session, TurnRecord]:
    """A new session in the state before the last move (its undo record written), and the
    move's record."""
    from roleplay.engine.session import Session
    from roleplay.engine.transcript import replay

    records = session.records
    found = last_move(records)
    if found is None:
        raise NothingToUndo("Nothing to undo: no move has been played yet.")
    index, undone = found
    again = Session(
        session.blueprint,
        session.seed,
        case_ref=session.case_ref,
        case_digest=session.case_digest,
        prior=session.prior,
    )
    if replay(again, records[:index]) is not None:  # cannot happen with a deterministic engine
        raise RoleplayError("Cannot undo: the game does not play again the same way.")
    again.undone(undone["move"], undone["target"])
    return again, undone
