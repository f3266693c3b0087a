"""Writing down what a turn did: story lines, the events fired, every change with its causes.

A recorded session has a Recorder; a lean one (simulations) has the NullRecorder, which keeps
nothing. The rules call the same methods either way, so the game plays (and draws) the same in
both modes; whatever only explains (a cause's wording, a line of narrative) is built lazily,
from a function the NullRecorder never calls.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

from roleplay.engine.blueprint import CompiledOutcome
from roleplay.engine.causes import Cause, Ledger, Value
from roleplay.engine.scoring import score_record
from roleplay.engine.state import GameState
from roleplay.model.transcript import (
    ChangeRecord,
    ChoiceRecord,
    CoachRecord,
    InjectRecord,
    Line,
    SetRecord,
    TurnRecord,
    UndoRecord,
)

P = ParamSpec("P")
#: The records of an input that has consequences: a move, a response.
Consequential = TypeVar("Consequential", TurnRecord, ChoiceRecord)
#: The cause a lean session passes around: nobody reads it.
LEAN = Cause("lean", "")


class Recorder:
    """The record of the turn in progress; ``begin()`` starts the next one."""

    #: Whether anything is written down. The few rules run for every party and every effect
    #: test it to skip their recording block at once in a lean session (a call that does
    #: nothing still costs a call, and those run millions of times in a simulation).
    keeps = True

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.events: list[str] = []
        self._ledger = Ledger()

    def begin(self) -> None:
        self.lines = []
        self.events = []
        self._ledger = Ledger()

    def cause(self, build: Callable[P, Cause], *args: P.args, **kwargs: P.kwargs) -> Cause:
        """A cause, built only when someone will read it."""
        return build(*args, **kwargs)

    def noted(self, cause: Cause, effect: object) -> Cause:
        """The cause with an effect's own note, if it has one."""
        note: str | None = getattr(effect, "note", None)
        return cause.with_amount(None, note) if note else cause

    def say(self, speaker: str, text: str, note: str | None = None) -> None:
        if text or note:
            line: Line = {"speaker": speaker, "text": text}
            if note:
                line["note"] = note
            self.lines.append(line)

    def narrate(self, speaker: str, build: Callable[P, str], *args: P.args, **kwargs: P.kwargs) -> None:
        """A line whose text costs something to build (lean sessions skip it)."""
        self.say(speaker, build(*args, **kwargs))

    def fired(self, event: str) -> None:
        self.events.append(event)

    def change(self, value: str, before: Value, after: Value, cause: Cause) -> None:
        self._ledger.record(value, before, after, cause)

    def change_by(self, value: str, before: Value, after: Value, cause: Cause, amount: float | None) -> None:
        """A change whose cause carries its share of the change."""
        self._ledger.record(value, before, after, cause.with_amount(amount))

    def adjusted(self, label: str, party: str, key: str | None, before: float, after: float, cause: Cause) -> None:
        """A party's score changed: recorded as '<label>.<party>[.<key>]'."""
        name = f"{label}.{party}.{key}" if key is not None else f"{label}.{party}"
        self._ledger.record(name, before, after, cause.with_amount(after - before))

    def chances(self, weights: Sequence[tuple[CompiledOutcome, float]], total: float) -> dict[str, float]:
        """Each outcome's chance as the transcript shows it."""
        return {o.outcome.id: round(weight / total, 3) for o, weight in weights}

    def changes(self) -> list[ChangeRecord]:
        return [c.as_dict() for c in self._ledger.changes()]

    def finish(self, record: Consequential, state: GameState) -> Consequential:
        """Complete an input's record with what it did, and keep it in the transcript."""
        record["date"] = state.world.date
        record["phase"] = state.world.phase
        record["lines"] = self.lines
        record["events"] = self.events
        record["changes"] = self.changes()
        record["pending"] = state.pending[0].event.id if state.pending else None
        record["ending"] = state.ending.id if state.ending else None
        if state.agreement is not None and state.ending is not None:
            record["agreement"] = score_record(state.agreement)
        state.records.append(record)
        return record

    def keep(self, record: InjectRecord | SetRecord | CoachRecord | UndoRecord, state: GameState) -> None:
        state.records.append(record)


class NullRecorder(Recorder):
    """For lean sessions: the changes happen, nobody writes them down."""

    keeps = False

    def begin(self) -> None:
        pass

    def cause(self, build: Callable[P, Cause], *args: P.args, **kwargs: P.kwargs) -> Cause:
        return LEAN

    def noted(self, cause: Cause, effect: object) -> Cause:
        return cause

    def say(self, speaker: str, text: str, note: str | None = None) -> None:
        pass

    def narrate(self, speaker: str, build: Callable[P, str], *args: P.args, **kwargs: P.kwargs) -> None:
        pass

    def fired(self, event: str) -> None:
        pass

    def change(self, value: str, before: Value, after: Value, cause: Cause) -> None:
        pass

    def change_by(self, value: str, before: Value, after: Value, cause: Cause, amount: float | None) -> None:
        pass

    def adjusted(self, label: str, party: str, key: str | None, before: float, after: float, cause: Cause) -> None:
        pass

    def chances(self, weights: Sequence[tuple[CompiledOutcome, float]], total: float) -> dict[str, float]:
        return {}

    def finish(self, record: Consequential, state: GameState) -> Consequential:
        return record  # a lean transcript holds the start only

    def keep(self, record: InjectRecord | SetRecord | CoachRecord | UndoRecord, state: GameState) -> None:
        pass
