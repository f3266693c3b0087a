"""A play session: one trainee (or strategy) mediating one case from one seed.

The session owns its random generator, so the same case, seed and moves always give the
same transcript, byte for byte. Each move or response produces one transcript record
listing every change with its causes.

The session is a facade: its state is a GameState (state.py), the rules are the modules
beside it (turns, moves, events, phases, standing, outcomes, effects), and a Recorder
writes down what happens (or, in a lean session, does not).
"""

from __future__ import annotations

import random
from typing import overload

from roleplay import __version__
from roleplay.engine import moves, turns
from roleplay.engine.actions import Action, Coached, Inject, Play, Respond, Set, Undone, parse_step
from roleplay.engine.blueprint import Blueprint, CompiledEvent
from roleplay.engine.carry_over import carry_over, prior_digest
from roleplay.engine.moves import MoveOption
from roleplay.engine.recorder import NullRecorder, Recorder
from roleplay.engine.state import AnyRecord, EndReason, new_state
from roleplay.engine.summary import Summary, summarize
from roleplay.engine.world import PRESENT, World
from roleplay.errors import MoveError
from roleplay.model.case import Ending
from roleplay.model.transcript import (
    ChoiceRecord,
    CoachRecord,
    EventMode,
    InjectRecord,
    Prior,
    SetRecord,
    StartRecord,
    TurnRecord,
    UndoRecord,
)

#: What an input gives back: its transcript record.
ActionRecord = TurnRecord | ChoiceRecord | InjectRecord | SetRecord | CoachRecord | UndoRecord


class Session:
    def __init__(
        self,
        blueprint: Blueprint,
        seed: int,
        *,
        case_ref: str = "",
        case_digest: str = "",
        prior: Summary | Prior | None = None,
        record: bool = True,
        events: EventMode = "all",
    ) -> None:
        """``prior``: the summary() of a finished session of the case this one carries over
        from (see the case's [carry_over]); without it the case starts from its own values.
        ``record=False`` makes a lean session for simulations: the same draws and outcomes,
        but no transcript (records hold the start only) and no explanations.
        ``events="historical"``: no random event and no event the case marks counterfactual,
        for a faithful replay of history; recorded in the start record, so a replay of the
        transcript sets it again."""
        self.blueprint = blueprint
        self.seed = seed
        self.case_ref = case_ref
        self.case_digest = case_digest
        self.recorder: Recorder = Recorder() if record else NullRecorder()
        self.state = new_state(blueprint, seed, events)
        self._playable: list[tuple[str, str | None]] | None = None
        self.prior: Prior | None = prior_digest(prior) if prior is not None else None
        header = self._header()
        if self.prior is not None:
            carry_over(self, self.prior)
            header["prior"] = self.prior
            header["lines"] = self.recorder.lines
            header["changes"] = self.recorder.changes()
        self.state.records.append(header)

    def fork(self) -> Session:
        """An independent session in the same state (for look-ahead strategies): the state
        is copied, the case and its machines are shared."""
        other = object.__new__(Session)
        other.blueprint = self.blueprint
        other.seed = self.seed
        other.case_ref = self.case_ref
        other.case_digest = self.case_digest
        other.recorder = type(self.recorder)()  # a fork records as its original does
        other.state = self.state.copy()
        other._playable = None
        other.prior = self.prior
        return other

    # -- reading the state ------------------------------------------------------------------

    @property
    def world(self) -> World:
        return self.state.world

    @property
    def rng(self) -> random.Random:
        return self.state.rng

    @property
    def records(self) -> list[AnyRecord]:
        return self.state.records

    @property
    def pending(self) -> list[CompiledEvent]:
        return self.state.pending

    @property
    def ending(self) -> Ending | None:
        return self.state.ending

    @property
    def end_reason(self) -> EndReason | None:
        """How the session ended: 'transition', 'clock', 'turn_limit' or 'stalled'."""
        return self.state.end_reason

    @property
    def phases_seen(self) -> set[str]:
        return self.state.phases_seen

    @property
    def ended(self) -> bool:
        return self.state.ending is not None

    @property
    def phase(self) -> str:
        return self.state.world.phase

    @property
    def pending_event(self) -> CompiledEvent | None:
        return self.state.pending[0] if self.state.pending else None

    def standing(self, party: str) -> str:
        return self.state.world.parties[party].standing

    def available_moves(self) -> list[MoveOption]:
        """Every move, per target, with whether it can be played now and why not."""
        return moves.available_moves(self)

    def playable(self) -> list[tuple[str, str | None]]:
        """The (move, target) pairs that can be played now, without the reasons for the rest."""
        if self._playable is None:  # the state only changes through play() and respond()
            self._playable = moves.playable(self)
        return list(self._playable)

    #: Whether this move (with this target) can be played now; cheap, no explanation. The rule
    #: itself as the method (the session is its context): strategies ask thousands of times.
    can_play = moves.can_play

    def summary(self) -> Summary:
        """Final values per party, for reports and the command line's --json."""
        return summarize(self.blueprint, self.state)

    # -- playing ------------------------------------------------------------------------------

    @overload
    def apply(self, action: Play) -> TurnRecord: ...
    @overload
    def apply(self, action: Respond) -> ChoiceRecord: ...
    @overload
    def apply(self, action: Inject) -> InjectRecord: ...
    @overload
    def apply(self, action: Set) -> SetRecord: ...
    @overload
    def apply(self, action: Coached) -> CoachRecord: ...
    @overload
    def apply(self, action: Undone) -> UndoRecord: ...
    @overload
    def apply(self, action: Play | Respond) -> TurnRecord | ChoiceRecord: ...
    @overload
    def apply(self, action: Action) -> ActionRecord: ...

    def apply(self, action: Action) -> ActionRecord:
        """Carry out one input; returns its transcript record (MoveError if not allowed now)."""
        if isinstance(action, Play):
            return self.play(action.move, action.target, action.outcome)
        if isinstance(action, Respond):
            return self.respond(action.choice)
        if isinstance(action, Set):
            return self.set(action.name, action.value)
        if isinstance(action, Coached):
            return self.coached(action.move, action.target, action.choice)
        if isinstance(action, Undone):
            return self.undone(action.move, action.target)
        return self.inject(action.event)

    def play(self, move_id: str, target: str | None = None, outcome: str | None = None) -> TurnRecord:
        """Play a move; returns the transcript record of the turn. ``outcome`` pins the outcome
        (for tests: MoveError, after the move's own effects, if it cannot happen now)."""
        self._playable = None  # the state only changes here and in respond()
        return turns.play(self, move_id, target, outcome)

    def respond(self, choice_id: str) -> ChoiceRecord:
        """Answer the pending event with one of its choices."""
        self._playable = None
        return turns.respond(self, choice_id)

    def inject(self, event_id: str) -> InjectRecord:
        """An instructor's injected event: it happens at the end of the team's next turn.
        Recorded in the transcript like a move, so a replay delivers it at the same point."""
        return turns.inject(self, event_id)

    def set(self, name: str, value: float | bool | str) -> SetRecord:
        """An author's playtest setting (`--at`, `--set`, the debug panel): see settings.py."""
        from roleplay.engine.settings import apply_setting

        self._playable = None
        return apply_setting(self, name, value)

    def coached(self, move: str | None, target: str | None, choice: str | None) -> CoachRecord:
        """Write down that the coach was asked and what it suggested (roleplay/game/coach.py
        works it out; the engine only keeps it in the transcript)."""
        if self.state.ending is not None:
            raise MoveError("the session has ended")
        record: CoachRecord = {
            "type": "coach",
            "turn": self.state.world.turn,
            "move": move,
            "target": target,
            "choice": choice,
        }
        self.recorder.keep(record, self.state)
        return record

    def undone(self, move: str, target: str | None) -> UndoRecord:
        """Write down that a move was taken back; this session is already the one before it
        (roleplay/game/undo.py plays the transcript again without the move)."""
        if move not in self.blueprint.moves or (target is not None and target not in self.blueprint.personas):
            raise MoveError(f"no move {move!r} with {target!r} to have been taken back in this case")
        record: UndoRecord = {"type": "undo", "turn": self.state.world.turn, "move": move, "target": target}
        self.recorder.keep(record, self.state)
        return record

    def act(self, step: str) -> TurnRecord | ChoiceRecord:
        """A step as written in `run --moves` and golden paths: while an event waits for a
        response, its choice id; otherwise 'move' or 'move:target'."""
        return self.apply(parse_step(step, responding=bool(self.state.pending)))

    # -- records --------------------------------------------------------------------------------

    @property
    def events(self) -> EventMode:
        """Which events this session lets happen ("all", or "historical": see __init__)."""
        return self.state.events

    def _header(self) -> StartRecord:
        header: StartRecord = {
            "type": "start",
            "engine": __version__,
            "case": self.blueprint.case.id,
            "case_file": self.case_ref,
            "case_sha256": self.case_digest,
            "seed": self.seed,
            "date": self.state.world.date,
            "phase": self.state.world.phase,
        }
        if self.state.events != "all":  # only then: older transcripts keep their bytes
            header["events"] = self.state.events
        return header


__all__ = ["PRESENT", "MoveOption", "Session"]
