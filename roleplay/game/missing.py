"""What was missing for a better ending, in the case's words: for each ending of higher quality
than the one reached, the parts of its rule (the condition of each transition that leads to
it) that do not hold at the end, said as the why-not words say a move's condition ("needs the
Government's trust in you at 40 or more (now 35)"). The words come from the rule itself, so
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
    #: When the rule was tested: "at the end", or "when you played 'X' (turn 40)".
    when: str = "at the end"


#: For a trigger of the phase graph: the phases the game was in, the state after the move that
#: fired it, and that move's name and turn (the last such move the game played).
Decisive = dict[str, tuple[frozenset[str], "GameState", str, int]]


@dataclass(frozen=True)
class MissedEnding:
    title: str
    quality: float
    ways: tuple[MissingPart, ...]


def triggers_of(blueprint: Blueprint, move: str) -> set[str]:
    """The triggers of the phase graph a move's effects (or its outcomes') fire."""
    compiled = blueprint.moves[move]
    effects = list(compiled.effects) + [e for o in compiled.outcomes for e in o.effects]
    return {str(trigger) for e in effects if (trigger := getattr(e.effect, "trigger", None)) is not None}


def _trigger_moves(blueprint: Blueprint, trigger: str) -> list[str]:
    """The names of the moves whose effects fire ``trigger`` of the phase graph."""
    return [f"'{c.move.name}'" for m, c in blueprint.moves.items() if trigger in triggers_of(blueprint, m)]


def _way(
    blueprint: Blueprint, state: GameState, transition: CompiledTransition, reached: set[str], decisive: Decisive
) -> MissingPart:
    words = case_words(blueprint)
    missing: list[str] = []
    sources = transition.sources
    if sources is not None and not sources & reached:
        ordered = sorted(sources, key=lambda p: blueprint.phase_order.get(p, 0))
        missing.append(f"the talks never reached {' or '.join(words.phase(p) for p in ordered)}")
    trigger = transition.transition.trigger
    when = "at the end"
    if trigger is not None and trigger in decisive and (sources is None or sources & decisive[trigger][0]):
        _, state, name, turn = decisive[trigger]  # the rule is tested when the move that decides it is played
        when = f"when you played '{name}' (turn {turn})"
    for holds, text in words.plan(transition.when.tree, None):
        if not holds(state.world):
            said = text if isinstance(text, str) else text(state.world)
            missing.append(said if when == "at the end" else said.replace("(now ", "(then "))
    if trigger is not None and not missing:
        moves = " or ".join(_trigger_moves(blueprint, trigger)) or "the move that decides it"
        missing.append(f"all of this holds at the end, but {moves} was never played while it did")
    return MissingPart(transition.transition.label, tuple(missing), when)


def missed_endings(
    blueprint: Blueprint, state: GameState, reached: set[str], decisive: Decisive | None = None
) -> list[MissedEnding]:
    """Every ending better than the one ``state`` ended in, best first, with what its rule
    lacked; ``reached``: the phases the game went through. A rule a move decides (a signing
    ceremony) is tested as things stood after the last such move (``decisive``, by trigger),
    any other at the end. Empty before an ending."""
    ending = state.ending
    if ending is None:
        return []
    better = sorted((e for e in blueprint.case.endings if e.quality > ending.quality), key=lambda e: -e.quality)
    found = []
    for candidate in better:
        ways = [t for t in blueprint.transitions if t.transition.dest == candidate.id]
        parts = tuple(_way(blueprint, state, t, reached, decisive or {}) for t in ways)
        found.append(MissedEnding(candidate.title, candidate.quality, parts))
    return found
