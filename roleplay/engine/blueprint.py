"""The blueprint sessions are made from: a case and its personas compiled once
(by roleplay.compile) and shared by every session of the case."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from roleplay.engine.machines import PhaseMachine
from roleplay.model.case import Case, Choice, Ending, Event, Move, Outcome, Phase, Transition
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
    targets: tuple[str, ...]


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
class CompiledPrior:
    ending: str
    narrative: str
    effects: tuple[CompiledEffect, ...]


@dataclass
class Blueprint:
    """Everything a session needs, compiled once per case and shared by its sessions."""

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
    tables: dict[frozenset[str], dict[str, Name]]
    sources: dict[str, Any] = field(default_factory=dict)
    #: Phase and ending ids in the order the case lists them (progress, for scoring).
    phase_order: dict[str, int] = field(default_factory=dict)
    #: What each ending of the earlier case does at the start of this one (carry_over).
    priors: dict[str, CompiledPrior] = field(default_factory=dict)

    @property
    def machine(self) -> PhaseMachine:
        """The case's phase machine, built on first use: validating a case needs no machine,
        and importing transitions costs a noticeable share of `roleplay validate`."""
        built: PhaseMachine | None = self.__dict__.get("_machine")
        if built is None:
            from roleplay.engine.machines import build_phase_machine

            built = build_phase_machine(
                self.case,
                [
                    (t.trigger_name, "*" if t.sources is None else sorted(t.sources), t.transition.dest)
                    for t in self.transitions
                ],
            )
            self.__dict__["_machine"] = built
        return built

    def automatic(self, path: tuple[str, ...]) -> list[CompiledTransition]:
        """The transitions without a trigger that can leave a phase path, in case order."""
        cache: dict[tuple[str, ...], list[CompiledTransition]] = self.__dict__.setdefault("_automatic", {})
        found = cache.get(path)
        if found is None:
            here = set(path)
            found = [
                t for t in self.transitions if t.transition.trigger is None and (t.sources is None or t.sources & here)
            ]
            cache[path] = found
        return found

    def transitions_when(self, dest: str) -> Condition | None:
        """The condition of the (synthetic) transition an ending's `when` creates."""
        for t in self.transitions:
            if t.transition.dest == dest and t.sources is None:
                return t.when
        return None

    def options_in(self, phase: str) -> list[tuple[str, str | None]]:
        """The options whose `available` does not rule this phase out (a superset of what is
        playable there): the random mediator and the stalled check need test only these."""
        cache: dict[str, list[tuple[str, str | None]]] = self.__dict__.setdefault("_options_in", {})
        found = cache.get(phase)
        if found is None:
            found = []
            for move_id, target in self.options:
                allowed = self._phases_allowed(move_id)
                if allowed is None or phase in allowed:
                    found.append((move_id, target))
            cache[phase] = found
        return found

    def _phases_allowed(self, move_id: str) -> frozenset[str] | None:
        cache: dict[str, frozenset[str] | None] = self.__dict__.setdefault("_allowed", {})
        if move_id not in cache:
            cache[move_id] = _allowed_phases(self.moves[move_id].available.tree, self.paths)
        return cache[move_id]

    @property
    def options(self) -> list[tuple[str, str | None]]:
        """Every (move, target) pair the case defines, playable or not, in case order."""
        cached: list[tuple[str, str | None]] | None = self.__dict__.get("_options")
        if cached is None:
            cached = [
                (m.move.id, t) for m in self.moves.values() for t in (m.targets if m.move.target == "one" else (None,))
            ]
            self.__dict__["_options"] = cached
        return cached


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
