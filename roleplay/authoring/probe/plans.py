"""Open-loop plans: a fixed list of moves played blind, and the game's scoring for search.

A plan is what a trainee who "figured out the trick" plays: the same moves in the same
order whatever happens, skipping a move that cannot be played, and answering each crisis
with the same choice every time. If such a plan wins on most seeds, the case can be won
without mediating.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from roleplay.conditions import And, Compare, Const, Lit, Name, Node, Or, Ref, Truth, compile_node
from roleplay.engine import influence
from roleplay.engine.blueprint import Blueprint
from roleplay.engine.session import Session
from roleplay.engine.world import PartyState, World

Option = tuple[str, str | None]
#: Where a plan is played: a case seed, and a fork of it (0: the seed's own generator; k > 0:
#: the generator reseeded before the first move, see start()).
Draw = tuple[int, int]
#: Actions a plan may take at most (a guard far above any case's turn limit).
MAX_ACTIONS = 2_000


@dataclass(frozen=True)
class Plan:
    """Moves in order, and the response to each crisis by event id (else its first choice)."""

    moves: tuple[Option, ...]
    responses: Mapping[str, str] = field(default_factory=dict)

    def steps(self) -> list[str]:
        """The plan as `run --moves` items would write its moves."""
        return [move if target is None else f"{move}:{target}" for move, target in self.moves]


def respond_blind(session: Session, responses: Mapping[str, str]) -> None:
    """Answer every waiting crisis as the plan says, or with its first choice."""
    while session.pending and not session.ended:
        event = session.pending[0]
        wanted = responses.get(event.event.id)
        ids = [c.choice.id for c in event.choices]
        session.respond(wanted if wanted in ids else ids[0])


#: Once its list is played, a blind plan keeps trying its last moves, in turn, until the game
#: ends (as a trainee who learnt the trick would keep pressing "sign").
TAIL = 3


def start(blueprint: Blueprint, seed: int, fork: int = 0) -> Session:
    """A lean session on ``seed``; with ``fork`` > 0 its generator is reseeded before the first
    move: the case as drawn for ``seed``, with other luck from then on (outcomes, random
    events). Forks let a search on one case seed ask whether a plan needs luck."""
    session = Session(blueprint, seed, record=False)
    if fork:
        session.state.rng = random.Random(f"probe-fork:{seed}:{fork}")
    return session


def golden_plans(blueprint: Blueprint) -> list[tuple[str, Plan]]:
    """The case's golden paths as open-loop plans (checks left out, crisis answers kept): an
    author's own winning path, played blind on other seeds, is a trick the search must not
    miss."""
    choice_events = {c.choice.id: e.event.id for e in blueprint.events.values() for c in e.choices}
    found = []
    for path in blueprint.case.tests:
        moves: list[Option] = []
        responses: dict[str, str] = {}
        for step in path.steps:
            if step.startswith("?"):
                continue
            played = step.partition("@")[0]
            move, _, target = played.partition(":")
            if move in blueprint.moves:
                moves.append((move, target or None))
            elif step in choice_events:
                responses.setdefault(choice_events[step], step)
        if moves:
            found.append((path.name, Plan(tuple(moves), responses)))
    return found


def play_plan(blueprint: Blueprint, seed: int, plan: Plan, fork: int = 0) -> Session:
    """Play the plan blind on one seed, or on one of its reseeded forks (a lean session: no
    transcript)."""
    session = start(blueprint, seed, fork)
    tail = plan.moves[-TAIL:]
    stuck = 0
    for index in range(MAX_ACTIONS):
        respond_blind(session, plan.responses)
        if session.ended or not plan.moves or stuck > len(tail):
            break
        move, target = plan.moves[index] if index < len(plan.moves) else tail[(index - len(plan.moves)) % len(tail)]
        if session.can_play(move, target):
            session.play(move, target)
            stuck = 0
        elif index >= len(plan.moves):
            stuck += 1  # none of the last moves can be played any more
    respond_blind(session, plan.responses)
    return session


def best_quality(blueprint: Blueprint) -> float:
    return max(e.quality for e in blueprint.case.endings)


def top_endings(blueprint: Blueprint, count: int) -> frozenset[str]:
    """The ids of the endings with the ``count`` highest qualities (ties included)."""
    qualities = sorted({e.quality for e in blueprint.case.endings}, reverse=True)[:count]
    return frozenset(e.id for e in blueprint.case.endings if e.quality in qualities)


def progress_score(session: Session) -> float:
    """How promising a game looks to a search: an ending's quality dominates; before an
    ending, trust, parties who would accept the draft, parties at the table, phases passed
    and capital left (the greedy mediator's score, docs/model.md)."""
    from roleplay.strategies.greedy import score

    return score(session)


def rubric_tally(
    blueprint: Blueprint, played: Mapping[str, int], choices: Mapping[str, int] | None = None
) -> dict[str, float]:
    """Each fundamental's marks from the moves played (and crisis choices made), as the
    debrief counts them: the k-th play of the same move adds its mark / k
    (roleplay/debrief/rubric.py), so k plays add the mark times the k-th harmonic number."""
    from roleplay.debrief.rubric import harmonic

    tally = {f.id: 0.0 for f in blueprint.case.rubric}
    for move_id, count in played.items():
        for fundamental, mark in blueprint.moves[move_id].move.rubric.items():
            tally[fundamental] = tally.get(fundamental, 0.0) + mark * harmonic(count)
    for key, count in (choices or {}).items():
        event_id, _, choice_id = key.partition("/")
        event = blueprint.events.get(event_id)
        choice = next((c for c in event.choices if c.choice.id == choice_id), None) if event else None
        if choice is not None:
            for fundamental, mark in choice.choice.rubric.items():
                tally[fundamental] = tally.get(fundamental, 0.0) + mark * harmonic(count)
    return tally


def fixed_outcome(blueprint: Blueprint) -> frozenset[str]:
    """Moves whose effects never depend on the generator: no random outcomes and no pressure
    (a pressed party may walk out, by chance). Random events still happen around them, but a
    plan made of these needs far less luck: the search tries such a plan first."""
    return frozenset(
        move_id
        for move_id, compiled in blueprint.moves.items()
        if not compiled.move.outcomes and not any(e.kind == "pressure" for e in compiled.move.effects)
    )


def goal_gap(blueprint: Blueprint, session: Session, goal: Node, margin: float = 0.0) -> float:
    """How far the game is from meeting a condition (0 when it holds): each unmet comparison
    counts its shortfall on the 0-100 scale, an unmet true/false clause counts 1 (a party's
    acceptance counts how far the draft lies outside what it tolerates). With a ``margin``,
    numbers must clear their thresholds by that much and a party must accept with that much
    to spare: a plan that wins with room to spare wins on other seeds too."""
    return _gap(goal, blueprint.names, session.world, margin)


def _refusal_gap(world: World, party: PartyState, margin: float) -> float:
    """How far a party is from accepting the draft: points of the draft outside its red
    lines, and its distance beyond what it tolerates (tenths of the 0-100 scale). Before
    there is a draft, the compromise of the parties at the table stands in for it, so a search
    sees early which red lines will be in the way."""
    draft = world.draft or _likely_draft(world)
    low, high = party.red_low, party.red_high
    outside = sum(max(0.0, low[issue] + margin - value, value - high[issue] + margin) for issue, value in draft.items())
    beyond = influence.distance(draft, party.position, party.salience) - world.tolerance(party) + margin
    return (outside + max(0.0, beyond)) / 10.0


def _likely_draft(world: World) -> dict[str, float]:
    present = world.present()
    draft = {}
    for issue in world.issues:
        point = influence.compromise_point((p.position[issue], p.capability, p.salience[issue]) for p in present)
        if point is not None:
            draft[issue] = point
    return draft


def _gap(node: Node, names: Mapping[str, Name], world: World, margin: float) -> float:
    if isinstance(node, And):
        return sum(_gap(part, names, world, margin) for part in node.parts)
    if isinstance(node, Or):
        return min(_gap(part, names, world, margin) for part in node.parts)
    if isinstance(node, Truth):
        holds = bool(names[node.ref.name].getter(world))
        kind, _, party = node.ref.name.partition(".")
        if kind == "accepts" and party in world.parties:
            return (0.0 if holds else 1.0) + _refusal_gap(world, world.parties[party], margin)
        return 0.0 if holds else 1.0
    if isinstance(node, Compare) and isinstance(node.left, Ref) and isinstance(node.right, Lit):
        value, bound = names[node.left.name].getter(world), node.right.value
        if isinstance(value, int | float) and isinstance(bound, int | float) and not isinstance(value, bool):
            if node.op in (">=", ">"):
                return max(0.0, float(bound) + margin - float(value)) / 10.0
            if node.op in ("<=", "<"):
                return max(0.0, float(value) - float(bound) + margin) / 10.0
    if isinstance(node, Const):
        return 0.0 if node.value else 100.0
    return 0.0 if compile_node(node, names)(world) else 1.0


def entered(blueprint: Blueprint, node: str) -> str:
    """The leaf phase the game is in once it enters ``node`` (its initial child, recursively)."""
    while blueprint.phases.get(node) is not None and blueprint.phases[node].phases:
        phase = blueprint.phases[node]
        node = phase.initial or phase.phases[0].id
    return node


def phase_distances(blueprint: Blueprint, goals: frozenset[str]) -> dict[str, int]:
    """For each innermost phase, the fewest transitions to one of the ``goals`` (endings);
    a phase from which no goal can be reached is left out."""
    leaves = [pid for pid, phase in blueprint.phases.items() if not phase.phases]
    distance: dict[str, int] = {goal: 0 for goal in goals}
    for _ in range(len(leaves) + len(goals) + 1):  # Bellman-Ford over at most this many edges
        changed = False
        for leaf in leaves:
            here = set(blueprint.paths.get(leaf, (leaf,)))
            for transition in blueprint.transitions:
                if transition.sources is not None and not transition.sources & here:
                    continue
                after = distance.get(entered(blueprint, transition.transition.dest))
                if after is not None and after + 1 < distance.get(leaf, 1 << 30):
                    distance[leaf] = after + 1
                    changed = True
        if not changed:
            break
    return distance


def without_standings(node: Node) -> Node:
    """The rule less its clauses on standings: those the winning move itself fulfils (a
    signing ceremony signs), so they say nothing about how safely a plan wins."""
    if isinstance(node, And):
        parts = tuple(without_standings(p) for p in node.parts if not _on_standing(p))
        return And(parts) if parts else Const(True)
    return Const(True) if _on_standing(node) else node


def _on_standing(node: Node) -> bool:
    return isinstance(node, Compare) and isinstance(node.left, Ref) and node.left.name.startswith("standing.")
