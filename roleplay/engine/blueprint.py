"""The blueprint sessions are made from: a case and its personas compiled once
(by roleplay.compile) and shared by every session of the case."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from roleplay.conditions import (
    And,
    Compare,
    Condition,
    Lit,
    Name,
    Node,
    Or,
    Ref,
    Truth,
)
from roleplay.engine.explain import Explainer
from roleplay.model.case import Case, Choice, Ending, Event, Move, Outcome, Phase, Source, Transition, Uncertainty
from roleplay.model.effects import (
    Effect,
)
from roleplay.model.persona import Persona, Stance, Temperament, Voice

SELECTORS = ("target", "all", "others")


@dataclass(frozen=True)
class PartySpec:
    """A negotiating party: its persona with the case's overrides applied."""

    id: str
    persona: Persona
    standing: str
    stances: dict[str, Stance]
    trust: float
    relations: dict[str, float]
    ripeness: float
    cohesion: float
    capability: float
    temperament: Temperament
    voice: Voice
    #: Process values at the start (the case's [[parties]] ownership and duress).
    ownership: float = 50.0
    duress: float = 0.0
    #: How far its true bottom lines may lie from the sourced values (engine/knowledge.py).
    uncertainty: Uncertainty = field(default_factory=Uncertainty)
    #: The chapters one of which it cannot give up, each with the least it would sign for on it
    #: (engine/knowledge.py draws which one per session).
    aspiration: dict[str, float] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.persona.short_name

    @cached_property
    def starting_stances(self) -> tuple[dict[str, float], dict[str, float], dict[str, float], dict[str, float]]:
        """Position, salience, red line's low and high end per issue at the start of a session
        (each session copies them: simulations start thousands)."""
        stances = self.stances
        return (
            {i: s.position for i, s in stances.items()},
            {i: s.salience for i, s in stances.items()},
            {i: s.red_line[0] for i, s in stances.items()},
            {i: s.red_line[1] for i, s in stances.items()},
        )


@dataclass(frozen=True)
class CompiledEffect:
    effect: Effect
    when: Condition | None


@dataclass(frozen=True)
class CompiledOutcome:
    outcome: Outcome
    when: Condition | None
    effects: tuple[CompiledEffect, ...]


@dataclass(frozen=True)
class CompiledMove:
    move: Move
    available: Condition
    effects: tuple[CompiledEffect, ...]
    outcomes: tuple[CompiledOutcome, ...]
    #: The parties a one-party move may be played with (its own list, else every negotiator).
    targets: tuple[str, ...]
    #: Whether the move is played with one party as its target (the one place that says so).
    needs_target: bool = field(init=False, repr=False, compare=False)
    #: What the move is played with: each of its targets, or None for a move without one.
    possible_targets: tuple[str | None, ...] = field(init=False, repr=False, compare=False)
    #: The (move, target) pairs it can be played as, playable now or not.
    options: tuple[tuple[str, str | None], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        needs_target = self.move.target == "one"
        possible: tuple[str | None, ...] = self.targets if needs_target else (None,)
        object.__setattr__(self, "needs_target", needs_target)
        object.__setattr__(self, "possible_targets", possible)
        object.__setattr__(self, "options", tuple((self.move.id, target) for target in possible))


@dataclass(frozen=True)
class CompiledChoice:
    choice: Choice
    effects: tuple[CompiledEffect, ...]


@dataclass(frozen=True)
class CompiledEvent:
    event: Event
    when: Condition | None
    effects: tuple[CompiledEffect, ...]
    choices: tuple[CompiledChoice, ...]
    #: The event's date as days since the case's start (the clock counts days).
    day: int | None = None


@dataclass(frozen=True)
class CompiledTransition:
    index: int
    transition: Transition
    when: Condition
    sources: frozenset[str] | None  # None: from anywhere

    @property
    def trigger_name(self) -> str:
        return f"go{self.index}"


@dataclass(frozen=True)
class CompiledTerm:
    """A rubric term with what it reads: a number name's getter, or a condition."""

    label: str
    points: float
    value: Name | None
    when: Condition | None
    baseline: float = 0.0

    def read(self, world: object) -> float:
        """What the term adds, read from the world at the end of a game."""
        if self.value is not None:
            number = float(self.value.getter(world))
            return self.points * (min(100.0, max(0.0, number)) - self.baseline) / 100.0
        return self.points if self.when is not None and self.when.test(world) else 0.0


@dataclass(frozen=True)
class CompiledPrior:
    ending: str
    narrative: str
    effects: tuple[CompiledEffect, ...]


@dataclass(eq=False)
class Blueprint:
    """Everything a session needs, compiled once per case and shared by its sessions.
    Compared by identity: a blueprint is the case compiled once (machines.phase_machine
    keeps each blueprint's phase machine by it)."""

    case: Case
    personas: dict[str, Persona]
    parties: dict[str, PartySpec]
    moves: dict[str, CompiledMove]
    events: dict[str, CompiledEvent]
    endings: dict[str, Ending]
    transitions: list[CompiledTransition]
    paths: dict[str, tuple[str, ...]]
    phases: dict[str, Phase]
    names: dict[str, Name]
    #: The names a condition may read, with no binding and with 'target' bound.
    tables: dict[frozenset[str], dict[str, Name]]
    sources: dict[str, Source] = field(default_factory=dict)
    #: Phase and ending ids in the order the case lists them (progress, for scoring).
    phase_order: dict[str, int] = field(default_factory=dict)
    #: What each ending of the earlier case does at the start of this one (carry_over).
    priors: dict[str, CompiledPrior] = field(default_factory=dict)
    #: Per rubric fundamental, its outcome and process terms.
    rubric_terms: dict[str, tuple[CompiledTerm, ...]] = field(default_factory=dict)
    #: Who the agreement binds ([scoring] signed, with 'party' bound); None: standing 'signed'.
    signed_rule: Condition | None = None
    #: When the agreement binds nobody ([scoring] void); None: never.
    void_rule: Condition | None = None
    #: What the carry-over does whatever the earlier ending (rules on the carried process values).
    carried: tuple[CompiledEffect, ...] = ()

    @cached_property
    def explainers(self) -> dict[frozenset[str], Explainer]:
        """One explainer per name table: why a move is unavailable, said often."""
        return {bindings: Explainer(names) for bindings, names in self.tables.items()}

    @cached_property
    def end_day(self) -> int:
        """The clock's last day, counted from the start."""
        clock = self.case.clock
        return (dt.date.fromisoformat(clock.end) - dt.date.fromisoformat(clock.start)).days

    def automatic(self, path: tuple[str, ...]) -> list[CompiledTransition]:
        """The transitions without a trigger that can leave a phase path, in case order."""
        found = self._automatic.get(path)
        return found if found is not None else self._automatic_from(path)

    @cached_property
    def _automatic(self) -> dict[tuple[str, ...], list[CompiledTransition]]:
        return {path: self._automatic_from(path) for path in self.paths.values()}

    def _automatic_from(self, path: tuple[str, ...]) -> list[CompiledTransition]:
        here = set(path)
        return [t for t in self.transitions if t.transition.trigger is None and (t.sources is None or t.sources & here)]

    def transitions_when(self, dest: str) -> Condition | None:
        """The condition of the (synthetic) transition an ending's `when` creates."""
        for t in self.transitions:
            if t.transition.dest == dest and t.sources is None:
                return t.when
        return None

    def options_in(self, phase: str) -> list[tuple[str, str | None]]:
        """The options whose `available` does not rule this phase out (a superset of what is
        playable there): the random mediator and the stalled check need test only these."""
        found = self._options_in.get(phase)
        return found if found is not None else self._options_from(phase)

    @cached_property
    def _options_in(self) -> dict[str, list[tuple[str, str | None]]]:
        return {phase: self._options_from(phase) for phase in self.paths}

    def _options_from(self, phase: str) -> list[tuple[str, str | None]]:
        allowed = self._phases_allowed
        found = []
        for move, target in self.options:
            phases = allowed[move]
            if phases is None or phase in phases:
                found.append((move, target))
        return found

    @cached_property
    def _phases_allowed(self) -> dict[str, frozenset[str] | None]:
        """Per move, the phases its `available` allows (None: it does not constrain the phase)."""
        return {move_id: _allowed_phases(m.available.tree, self.paths) for move_id, m in self.moves.items()}

    @cached_property
    def options(self) -> list[tuple[str, str | None]]:
        """Every (move, target) pair the case defines, playable or not, in case order."""
        return [option for m in self.moves.values() for option in m.options]


def _allowed_phases(node: Node, paths: dict[str, tuple[str, ...]]) -> frozenset[str] | None:
    """The phase ids in which a condition could hold, judging by its phase clauses alone;
    None when it does not constrain the phase."""
    if isinstance(node, Compare) and node.left == Ref("phase"):
        if node.op == "==" and isinstance(node.right, Lit):
            return frozenset({str(node.right.value)})
        if node.op == "in" and isinstance(node.right, tuple):
            return frozenset(str(v) for v in node.right)
        return None
    if isinstance(node, Truth) and node.ref.name.startswith("in_phase."):
        inside = node.ref.name.removeprefix("in_phase.")
        return frozenset(p for p, path in paths.items() if inside in path)
    if isinstance(node, And):
        found = [a for a in (_allowed_phases(p, paths) for p in node.parts) if a is not None]
        return frozenset.intersection(*found) if found else None
    if isinstance(node, Or):
        parts = [_allowed_phases(p, paths) for p in node.parts]
        if any(a is None for a in parts):
            return None
        return frozenset().union(*(a for a in parts if a is not None))
    return None


__all__ = ["Blueprint", "CompiledMove", "PartySpec"]
