"""The cynic: a mediator who avoids good practice, in its moves and in its answers to crises.
If the cynic still wins the best ending, ending quality and process are decoupled.

Good practice is what the case tags (a move's ``good_practice = true``, justified by its own
citations). The cynic avoids exactly those moves, except the ones the case leaves no way
around on the road to the best ending (the only moves that open the door out of a phase on
that road, or set a flag its conditions need): the report lists them, since an ending that
demands good practice is what an author wants. A case that tags nothing falls back on a
heuristic: moves with a net positive rubric mark, less the procedure and the capital-free
moves that let time pass. Crisis choices carry no tags: the cynic never gives an answer with a
net positive rubric mark when the crisis offers another, and otherwise answers as the open
search does (toward the best ending).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from roleplay.authoring.probe.plans import entered, phase_distances
from roleplay.authoring.probe.search import best_ending_rule
from roleplay.conditions import And, Node, Or, Truth
from roleplay.engine.blueprint import Blueprint, CompiledTransition
from roleplay.model.case import Move


@dataclass(frozen=True)
class Cynic:
    """What the cynic avoids, on what basis, and the answers it may give to each crisis."""

    basis: Literal["tags", "rubric"]
    #: The case's good practice: its tagged moves, or the heuristic's.
    good: frozenset[str]
    avoided: frozenset[str]
    moves: frozenset[str]
    choices: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def allowed(self) -> frozenset[str]:
        return self.moves - self.avoided

    @property
    def kept(self) -> frozenset[str]:
        """Good practice the cynic still plays: the case leaves no way around it."""
        return self.good - self.avoided


def cynic_of(blueprint: Blueprint) -> Cynic:
    tagged = tagged_good_practice(blueprint)
    moves = frozenset(blueprint.moves)
    choices = cynical_choices(blueprint)
    if tagged:
        return Cynic("tags", tagged, tagged - unavoidable(blueprint, tagged), moves, choices)
    good = rubric_good_practice(blueprint)
    needed = procedure(blueprint, best_ending_rule(blueprint))
    # Moves that cost no capital are how time passes and capital comes back; a cynic whose
    # capital is spent must wait too, so they stay allowed.
    waiting = frozenset(m for m, c in blueprint.moves.items() if c.move.cost.capital == 0)
    return Cynic("rubric", good, good - needed - waiting, moves, choices)


def tagged_good_practice(blueprint: Blueprint) -> frozenset[str]:
    return frozenset(m for m, c in blueprint.moves.items() if c.move.good_practice)


def rubric_good_practice(blueprint: Blueprint) -> frozenset[str]:
    """The heuristic for a case without tags: moves with a net positive mark on its rubric."""
    return frozenset(m.move.id for m in blueprint.moves.values() if sum(m.move.rubric.values()) > 0)


def cynical_choices(blueprint: Blueprint) -> dict[str, frozenset[str]]:
    """The answers the cynic may give to each crisis: those without a net positive rubric
    mark, or, if every answer has one, the lowest-marked."""
    result = {}
    for event in blueprint.events.values():
        if not event.choices:
            continue
        marks = {c.choice.id: sum(c.choice.rubric.values()) for c in event.choices}
        cynical = {c for c, mark in marks.items() if mark <= 0} or {
            c for c, m in marks.items() if m == min(marks.values())
        }
        result[event.event.id] = frozenset(cynical)
    return result


def unavoidable(blueprint: Blueprint, avoided: frozenset[str]) -> frozenset[str]:
    """The ``avoided`` moves no road to the best ending can do without: for each phase on such
    a road, the moves that fire the transitions one step closer, when all of them are avoided;
    and for each flag those transitions and the best ending's rule need, the moves that set
    it, when all of them are avoided (in an ``or``, a branch that needs no avoided move counts
    first)."""
    goals = frozenset(_best(blueprint))
    distances = phase_distances(blueprint, goals)
    advancers = _by_effect(blueprint, lambda e: e.trigger if e.kind == "advance" else None)
    setters = _by_effect(blueprint, lambda e: e.flag if e.kind == "flag" and e.value else None)
    kept: set[str] = set()
    conditions = [best_ending_rule(blueprint)]
    for leaf, steps in distances.items():
        if leaf in goals:
            continue
        closer = _closer(blueprint, leaf, steps, distances)
        conditions += [t.when.tree for t in closer if t.when is not None]
        if any(t.transition.trigger is None for t in closer):
            continue  # this door opens by itself when its condition holds
        door = set().union(*(advancers.get(t.transition.trigger or "", set()) for t in closer))
        if door and door <= avoided:
            kept |= door

    def open_without(flag: str) -> bool:
        return not setters.get(flag) or not setters[flag] <= avoided

    for flag in {f for tree in conditions for f in _needed_flags(tree, open_without)}:
        if not open_without(flag):
            kept |= setters[flag]
    return frozenset(kept)


def _best(blueprint: Blueprint) -> set[str]:
    top = max(e.quality for e in blueprint.case.endings)
    return {e.id for e in blueprint.case.endings if e.quality >= top}


def _closer(blueprint: Blueprint, leaf: str, steps: int, distances: dict[str, int]) -> list[CompiledTransition]:
    here = set(blueprint.paths.get(leaf, (leaf,)))
    return [
        t
        for t in blueprint.transitions
        if (t.sources is None or t.sources & here)
        and distances.get(entered(blueprint, t.transition.dest), 1 << 30) == steps - 1
    ]


def _by_effect(blueprint: Blueprint, key: Callable[..., str | None]) -> dict[str, set[str]]:
    """Moves by what their effects (or any of their outcomes' effects) name through ``key``."""
    result: dict[str, set[str]] = {}
    for compiled in blueprint.moves.values():
        for name in {key(e) for e in _effects(compiled.move)} - {None}:
            result.setdefault(str(name), set()).add(compiled.move.id)
    return result


def _effects(move: Move) -> Iterable[object]:
    yield from move.effects
    for outcome in move.outcomes:
        yield from outcome.effects


def _needed_flags(node: Node, open_without: Callable[[str], bool]) -> set[str]:
    if isinstance(node, And):
        return {f for part in node.parts for f in _needed_flags(part, open_without)}
    if isinstance(node, Or):
        branches = [_needed_flags(part, open_without) for part in node.parts]
        return next((b for b in branches if all(map(open_without, b))), branches[0] if branches else set())
    if isinstance(node, Truth) and node.ref.name.startswith("flag."):
        return {node.ref.name.removeprefix("flag.")}
    return set()


def procedure(blueprint: Blueprint, rule: Node) -> frozenset[str]:
    """Moves every path to an ending must be able to use (the heuristic's exception): those
    that advance a phase, table a negotiated (not imposed) text, or set a flag that a
    transition or the best ending's ``rule`` requires."""
    trees = [rule, *(t.when.tree for t in blueprint.transitions if t.when is not None)]
    wanted = {ref[len("flag.") :] for tree in trees for ref in _truths(tree) if ref.startswith("flag.")}
    result = set()
    for compiled in blueprint.moves.values():
        for effect in _effects(compiled.move):
            kind = getattr(effect, "kind", None)
            advances = kind == "advance"
            drafts = kind == "draft" and not getattr(effect, "imposed", True)
            flags = kind == "flag" and getattr(effect, "flag", None) in wanted and getattr(effect, "value", False)
            if advances or drafts or flags:
                result.add(compiled.move.id)
    return frozenset(result)


def _truths(node: Node) -> list[str]:
    if isinstance(node, And | Or):
        return [name for part in node.parts for name in _truths(part)]
    if isinstance(node, Truth):
        return [node.ref.name]
    return []
