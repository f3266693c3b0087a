"""What was missing for a better ending, in the case's words: for each ending of higher quality
than the one reached, the parts of its rule (the condition of each transition that leads to
it) that do not hold at the end, said as the why-not words say a move's condition ("needs the
Coordination's trust in you at 50 or more (now 42)"). The words come from the rule itself, so
they cannot contradict it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from roleplay.game.why_not import case_words

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint, CompiledTransition
    from roleplay.engine.state import GameState


@dataclass(frozen=True)
class MissingPart:
    """One way to a better ending (one transition into it) and what it lacked at the end."""

    #: The rule as the case labels it ("Everyone signs one agreement that the Coordination owns").
    rule: str
    #: Each unmet part of the rule in words, and what the way itself needed (a phase, a move).
    missing: tuple[str, ...]


@dataclass(frozen=True)
class MissedEnding:
    title: str
    quality: float
    ways: tuple[MissingPart, ...]


def _trigger_moves(blueprint: Blueprint, trigger: str) -> list[str]:
    """The names of the moves whose effects fire ``trigger`` of the phase graph."""
    found = []
    for compiled in blueprint.moves.values():
        effects = list(compiled.effects) + [e for o in compiled.outcomes for e in o.effects]
        if any(getattr(e.effect, "trigger", None) == trigger for e in effects):
            found.append(f"'{compiled.move.name}'")
    return found


def _way(blueprint: Blueprint, state: GameState, transition: CompiledTransition, reached: set[str]) -> MissingPart:
    words = case_words(blueprint)
    missing: list[str] = []
    if transition.sources is not None and not transition.sources & reached:
        sources = sorted(transition.sources, key=lambda p: blueprint.phase_order.get(p, 0))
        phases = " or ".join(words.phase(p) for p in sources)
        missing.append(f"the talks never reached {phases}")
    for holds, text in words.plan(transition.when.tree, None):
        if not holds(state.world):
            missing.append(text if isinstance(text, str) else text(state.world))
    trigger = transition.transition.trigger
    if trigger is not None and not missing:
        moves = " or ".join(_trigger_moves(blueprint, trigger)) or "the move that decides it"
        missing.append(f"all of this holds at the end, but not when {moves} was played: it had to hold then")
    return MissingPart(transition.transition.label, tuple(missing))


def missed_endings(blueprint: Blueprint, state: GameState, reached: set[str]) -> list[MissedEnding]:
    """Every ending better than the one ``state`` ended in, best first, with what its rule
    lacked at the end; ``reached``: the phases the game went through. Empty before an ending."""
    ending = state.ending
    if ending is None:
        return []
    better = sorted((e for e in blueprint.case.endings if e.quality > ending.quality), key=lambda e: -e.quality)
    found = []
    for candidate in better:
        ways = [t for t in blueprint.transitions if t.transition.dest == candidate.id]
        found.append(
            MissedEnding(candidate.title, candidate.quality, tuple(_way(blueprint, state, t, reached) for t in ways))
        )
    return found
