"""Beam search for an open-loop plan that wins: the trick a trainee could learn by rote.

The search plays one plan on one case seed and a few reseeded forks of it at once (lean
sessions, no transcript; plans.start), keeps the most promising plans at each depth (a plan
is as good as its unluckiest fork), and answers each new crisis with the choice that brings
the first session closest to the best ending, then keeps that answer for the rest of the
plan. A plan found this way is then played blind on seeds the search never saw.
"""

from __future__ import annotations

import heapq
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from roleplay.authoring.probe.plans import (
    Option,
    Plan,
    best_quality,
    goal_gap,
    phase_distances,
    progress_score,
    start,
    without_standings,
)
from roleplay.conditions import Node, Or
from roleplay.engine.blueprint import Blueprint
from roleplay.engine.session import Session


@dataclass
class Beam:
    """One plan being searched: its sessions on the training seeds and its score."""

    sessions: list[Session]
    moves: tuple[Option, ...]
    responses: dict[str, str]
    score: float

    @property
    def plan(self) -> Plan:
        return Plan(self.moves, dict(self.responses))


@dataclass(frozen=True)
class Found:
    """A finished plan: the ending it reached on each training seed, and how much short of
    the margin the game was just before its last move (0: it won with room to spare)."""

    plan: Plan
    endings: tuple[str | None, ...]
    quality: float
    slack: float = 0.0


#: The answers a search may give to each crisis, by event id (an event left out: any).
Choices = Mapping[str, frozenset[str]]
#: How much a unit of distance to the best ending's rule weighs against the greedy score.
GAP_WEIGHT = 100.0
#: Each transition still needed to reach the best ending costs this much.
PHASE_WEIGHT = 150.0


@dataclass(frozen=True)
class Goal:
    """The best ending: its rule, and how many transitions away it is from each phase."""

    endings: frozenset[str]
    rule: Node
    distances: dict[str, int]
    #: How far above each threshold the search aims, so that a plan wins on other seeds too.
    margin: float = 0.0

    @classmethod
    def of(cls, blueprint: Blueprint, margin: float = 0.0) -> Goal:
        top = best_quality(blueprint)
        best = frozenset(e.id for e in blueprint.case.endings if e.quality >= top)
        return cls(best, best_ending_rule(blueprint), phase_distances(blueprint, best), margin)

    def value(self, session: Session) -> float:
        return _value(session, self.rule, self.distances, 0.0)

    def slack(self, session: Session) -> float:
        """How far the game is from meeting the rule with the margin to spare (standings aside)."""
        return goal_gap(session.blueprint, session, without_standings(self.rule), self.margin)


def best_ending_rule(blueprint: Blueprint) -> Node:
    """The rule of the transitions into the best ending (any of them)."""
    top = best_quality(blueprint)
    best = {e.id for e in blueprint.case.endings if e.quality >= top}
    rules = tuple(t.when.tree for t in blueprint.transitions if t.transition.dest in best)
    return rules[0] if len(rules) == 1 else Or(rules)


def _value(session: Session, goal: Node, distances: dict[str, int], margin: float) -> float:
    score = progress_score(session)
    if session.ended:
        return score
    steps = distances.get(session.world.phase)
    if steps is None:  # the best ending cannot be reached from here any more
        return score - PHASE_WEIGHT * 100
    # Late in the game a phase still ahead weighs more: the turn limit leaves no time to dawdle.
    lateness = session.world.turn / session.blueprint.case.clock.max_turns
    urgency = PHASE_WEIGHT * (1.0 + 8.0 * lateness * lateness)
    return score - urgency * steps - GAP_WEIGHT * goal_gap(session.blueprint, session, goal, margin)


def _mean_score(sessions: Sequence[Session], goal: Goal) -> float:
    """The worst seed's value: a plan is as good as the luck it needs (a trick that works
    only on lucky draws teaches nothing a trainee could repeat)."""
    return min(goal.value(s) for s in sessions)


def _signature(session: Session) -> tuple[object, ...]:
    """States that look the same to the search are explored once."""
    world = session.world
    return (
        world.phase,
        tuple(sorted(world.played.items())),
        tuple(sorted(world.fired.items())),
        tuple(round(p.trust) for p in world.parties.values()),
        tuple(p.standing for p in world.parties.values()),
    )


def _answer(sessions: list[Session], responses: dict[str, str], goal: Goal, choices: Choices | None = None) -> None:
    """Answer waiting crises: a known event as before; a new one by the choice that brings the
    first session closest to the best ending (which then holds for every session and the rest
    of the plan)."""
    for _ in range(64):
        waiting = [s for s in sessions if s.pending and not s.ended]
        if not waiting:
            return
        for session in waiting:
            event = session.pending[0]
            ids = [c.choice.id for c in event.choices]
            if choices is not None and event.event.id in choices:
                ids = [c for c in ids if c in choices[event.event.id]] or ids
            choice = responses.get(event.event.id)
            if choice not in ids:
                choice = max(ids, key=lambda c: _after_choice(session, c, goal))
                responses[event.event.id] = choice
            session.respond(choice)


def _after_choice(session: Session, choice: str, goal: Goal) -> float:
    trial = session.fork()
    trial.respond(choice)
    return goal.value(trial)


@dataclass
class _Candidate:
    """A child of a beam node played on its first session only (cheap); the other sessions are
    played only if the candidate may still enter the beam."""

    node: Beam
    option: Option
    primary: Session
    responses: dict[str, str]
    value: float

    def full(self, goal: Goal, choices: Choices | None) -> Beam:
        move, target = self.option
        sessions = [self.primary]
        for original in self.node.sessions[1:]:
            session = original.fork()
            if not session.ended and session.can_play(move, target):
                session.play(move, target)
            sessions.append(session)
        responses = dict(self.responses)
        _answer(sessions, responses, goal, choices)
        return Beam(sessions, (*self.node.moves, self.option), responses, _mean_score(sessions, goal))


def _candidates(
    beam: list[Beam], allowed: frozenset[str] | None, goal: Goal, choices: Choices | None
) -> list[_Candidate]:
    """Every child of the beam on its first session, once per state (the best-looking of those
    that reach the same state), best first."""
    seen: dict[tuple[object, ...], _Candidate] = {}
    for node in beam:
        for move, target in node.sessions[0].playable():
            if allowed is not None and move not in allowed:
                continue
            primary = node.sessions[0].fork()
            primary.play(move, target)
            responses = dict(node.responses)
            _answer([primary], responses, goal, choices)
            candidate = _Candidate(node, (move, target), primary, responses, goal.value(primary))
            key = _signature(primary)
            if key not in seen or seen[key].value < candidate.value:
                seen[key] = candidate
    return sorted(seen.values(), key=lambda c: c.value, reverse=True)


def _step(
    beam: list[Beam],
    allowed: frozenset[str] | None,
    choices: Choices | None,
    goal: Goal,
    width: int,
    deadline: float,
) -> tuple[list[Beam], list[Found]]:
    """The next beam, and the children that ended on every session (as found plans). A node scores its worst
    session, never more than its first: once ``width`` nodes score above a candidate's first
    session, neither it nor any candidate after it can enter the beam, and its forks are never
    played (an exact cut)."""
    kept: list[Beam] = []
    scores: list[float] = []  # a min-heap of the best ``width`` scores
    ended = []
    for candidate in _candidates(beam, allowed, goal, choices):
        if time.monotonic() >= deadline:
            break
        if len(scores) >= width and candidate.value < scores[0] and not candidate.primary.ended:
            break
        child = candidate.full(goal, choices)
        if all(s.ended for s in child.sessions):
            ended.append(_finished(child, goal.slack(candidate.node.sessions[0])))
            continue
        kept.append(child)
        heapq.heappush(scores, child.score)
        if len(scores) > width:
            heapq.heappop(scores)
    return sorted(kept, key=lambda n: n.score, reverse=True)[:width], ended


def beam_search(
    blueprint: Blueprint,
    seed: int,
    *,
    forks: int = 0,
    width: int,
    deadline: float,
    allowed: frozenset[str] | None = None,
    keep: int = 8,
    margin: float = 0.0,
    choices: Choices | None = None,
) -> list[Found]:
    """Plans that reach an ending on ``seed`` and its first ``forks`` reseeded forks (a plan is
    scored by its worst session), best first (at most ``keep``). ``allowed`` limits the moves
    the plan may use (the cynical search, the fixed-outcome search); ``margin`` makes the
    search aim above each threshold of the best ending's rule and prefer plans that won with
    that much to spare; ``choices`` limits the answers to each crisis (the cynic's)."""
    sessions = [start(blueprint, seed, fork) for fork in range(forks + 1)]
    responses: dict[str, str] = {}
    goal = Goal.of(blueprint, margin)
    _answer(sessions, responses, goal, choices)
    beam = [Beam(sessions, (), responses, _mean_score(sessions, goal))]
    found: list[Found] = []
    top = best_quality(blueprint)
    while beam and time.monotonic() < deadline:
        beam, ended = _step(beam, allowed, choices, goal, width, deadline)
        found += ended
        if sum(1 for f in found if f.quality >= top and f.slack <= 0) >= keep:
            break
    found.sort(key=lambda f: (-f.quality, f.slack, len(f.plan.moves)))
    return _distinct(found)[:keep]


def _finished(node: Beam, slack: float) -> Found:
    qualities = [s.ending.quality if s.ending else 0 for s in node.sessions]
    endings = tuple(s.ending.id if s.ending else None for s in node.sessions)
    return Found(node.plan, endings, sum(qualities) / len(qualities), slack)


def _distinct(found: list[Found]) -> list[Found]:
    seen: set[tuple[Option, ...]] = set()
    result = []
    for item in found:
        if item.plan.moves not in seen:
            seen.add(item.plan.moves)
            result.append(item)
    return result
