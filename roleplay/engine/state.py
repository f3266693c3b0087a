"""All that changes during one game, in one object with a real ``copy()``.

The rules (events, phases, standing, outcomes, effects) read and change a GameState; the
blueprint they read beside it never changes. A copy plays on exactly like its original
(the same future draws included) and leaves it alone: look-ahead strategies fork thousands.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Literal

from roleplay.engine import influence
from roleplay.engine.blueprint import Blueprint, CompiledEvent, PartySpec
from roleplay.engine.knowledge import Knowledge, Truth, draw
from roleplay.engine.machines import SEPARATOR, phase_machine
from roleplay.engine.scoring import AgreementScore
from roleplay.engine.world import PartyState, PhaseCursor, TargetScopes, World
from roleplay.model.case import Ending
from roleplay.model.transcript import (
    ChoiceRecord,
    CoachRecord,
    EventMode,
    InjectRecord,
    SetRecord,
    StartRecord,
    TurnRecord,
    UndoRecord,
)

#: How a game ended.
EndReason = Literal["transition", "clock", "turn_limit", "stalled"]
AnyRecord = StartRecord | TurnRecord | ChoiceRecord | InjectRecord | SetRecord | CoachRecord | UndoRecord


class GameState:
    """The world, the phase, the generator and the game's bookkeeping."""

    __slots__ = (
        "agreement",
        "cursor",
        "end_reason",
        "ending",
        "events",
        "knowledge",
        "last_open",
        "pending",
        "phases_seen",
        "queued",
        "records",
        "rng",
        "scopes",
        "truth",
        "waiting",
        "world",
    )

    def __init__(
        self, world: World, rng: random.Random, truth: Truth, knowledge: Knowledge, events: EventMode = "all"
    ) -> None:
        self.world = world
        #: Which events may happen: "historical" leaves out random and counterfactual ones.
        self.events: EventMode = events
        #: The parties' true bottom lines (never changes) and what the mediator knows of them.
        self.truth = truth
        self.knowledge = knowledge
        #: What a move's conditions are tested on for each target (see TargetScopes).
        self.scopes = TargetScopes(world)
        self.rng = rng
        #: The phase machine's model: its ``state`` is the path to the current phase.
        self.cursor = PhaseCursor()
        self.phases_seen: set[str] = set()
        #: Events waiting for the mediator's response, oldest first.
        self.pending: list[CompiledEvent] = []
        #: Events due at the end of the next input (injected, or queued by an effect).
        self.queued: list[str] = []
        #: Events that may still happen: a one-off that has happened drops out of the scan.
        self.waiting: list[CompiledEvent] = []
        #: Where the stalled check starts looking for an open move (the last one found).
        self.last_open = 0
        self.ending: Ending | None = None
        self.end_reason: EndReason | None = None
        #: The agreement score when the game ended (engine/scoring.py).
        self.agreement: AgreementScore | None = None
        self.records: list[AnyRecord] = []

    def copy(self) -> GameState:
        """An independent copy: its generator draws what the original's would."""
        other = object.__new__(GameState)
        other.world = self.world.copy()
        other.events = self.events
        other.truth = self.truth
        other.knowledge = self.knowledge.copy()
        other.scopes = TargetScopes(other.world)
        other.rng = random.Random()
        other.rng.setstate(self.rng.getstate())
        other.cursor = PhaseCursor()
        other.cursor.state = self.cursor.state
        other.phases_seen = set(self.phases_seen)
        other.pending = list(self.pending)
        other.queued = list(self.queued)
        other.waiting = list(self.waiting)
        other.last_open = self.last_open
        other.ending = self.ending
        other.end_reason = self.end_reason
        other.agreement = self.agreement
        other.records = list(self.records)
        return other

    def sync_phase(self) -> None:
        """Bring the world's phase in line with the phase machine's state."""
        path = tuple(self.cursor.state.split(SEPARATOR))
        world = self.world
        world.phase_path = path
        world.phase = path[-1]
        self.phases_seen.update(path)


def new_state(blueprint: Blueprint, seed: int, events: EventMode = "all") -> GameState:
    """The state a case starts in; ``events``: which events may happen (see GameState)."""
    case = blueprint.case
    w = case.scoring
    truth, knowledge = draw(blueprint, seed)  # a generator of its own: rng below draws as before
    world = World(
        start=dt.date.fromisoformat(case.clock.start),
        capital=case.mediation.capital,
        parties={pid: _party_state(spec, truth) for pid, spec in blueprint.parties.items()},
        flags={f.id: f.initial for f in case.flags},
        issues=tuple(i.id for i in case.issues),
        # Its fields, not model_dump(): dumping builds pydantic's serializer, which a case read
        # from the cache (roleplay.loading.case_cache) never needs otherwise.
        acceptance=influence.Acceptance(**dict(case.acceptance)),
        inclusion=case.dynamics.inclusion,
        score_weights=(w.content, w.pareto, w.inclusion, w.ownership, w.durability),
        signed_rule=blueprint.signed_rule.test if blueprint.signed_rule is not None else None,
        void_rule=blueprint.void_rule.test if blueprint.void_rule is not None else None,
    )
    world.leeway = truth.leeway
    world.aspiration = {
        pid: ((issue, blueprint.parties[pid].aspiration[issue]),) for pid, issue in truth.aspiration.items()
    }
    world.aspiration_candidates = {
        pid: tuple(sorted(spec.aspiration.items())) for pid, spec in blueprint.parties.items() if spec.aspiration
    }
    state = GameState(world, random.Random(seed), truth, knowledge, events)
    initial = case.initial_phase or case.phases[0].id
    phase_machine(blueprint).place(state.cursor, SEPARATOR.join(blueprint.paths[initial]))
    state.sync_phase()
    # Nothing has happened yet; a historical replay never waits for an invented event.
    state.waiting = [
        c
        for c in blueprint.events.values()
        if events == "all" or not (c.event.counterfactual or c.event.weight is not None)
    ]
    return state


def _invented(compiled: CompiledEvent) -> bool:
    """A random event, or one the case marks counterfactual: never in a replay of history."""
    return compiled.event.counterfactual or compiled.event.weight is not None


def _party_state(spec: PartySpec, truth: Truth) -> PartyState:
    position, salience, _, _ = spec.starting_stances
    return PartyState(
        spec.id,
        position=dict(position),
        salience=dict(salience),
        red_low=dict(truth.red_low[spec.id]),
        red_high=dict(truth.red_high[spec.id]),
        trust=spec.trust,
        relations=dict(spec.relations),
        ripeness=spec.ripeness,
        cohesion=spec.cohesion,
        capability=spec.capability,
        standing=spec.standing,
        ownership=spec.ownership,
        duress=spec.duress,
    )
