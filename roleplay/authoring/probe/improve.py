"""Local search that makes a winning plan robust: it mutates the plan (drop, repeat, insert,
replace or swap moves, a few at a time) and keeps each mutation that scores as well or better
on the training seeds. The score is graded: wins first, then how close the other seeds came
to the best ending's rule (phases still ahead and the shortfall on each clause), then
fewer days spent. A plan the beam found on lucky draws becomes, if the case allows it, a
trick that needs no luck."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

from roleplay.authoring.probe.plans import Option, Plan, goal_gap, play_plan, respond_blind, without_standings
from roleplay.authoring.probe.search import Goal
from roleplay.engine.blueprint import Blueprint
from roleplay.engine.session import Session

Fitness = tuple[int, float, float, int]

#: A phase still ahead of the best ending counts as this many points of shortfall.
PHASE_STEP = 10.0
#: Wins count as safer the further the game ends above each threshold, up to this margin...
SAFETY_MARGIN = 10.0
#: ...and the distance to that margin weighs this much against a loss's shortfall.
SAFETY_WEIGHT = 0.1
#: The share of steps that try a targeted repair where the plan skips a move on a lost seed.
REPAIR_SHARE = 0.3


def shortfall(session: Session, goal: Goal) -> float:
    """How far a finished game stayed from the best ending, plus a small charge for ending
    close to its thresholds (a win by a hair on one seed is a loss on the next)."""
    safety = SAFETY_WEIGHT * goal_gap(session.blueprint, session, without_standings(goal.rule), SAFETY_MARGIN)
    if session.ending is not None and session.ending.id in goal.endings:
        return safety
    gap = goal_gap(session.blueprint, session, goal.rule)
    # The furthest the game got: the fewest transitions from any phase it went through.
    seen = [goal.distances[p] for p in session.phases_seen | {session.world.phase} if p in goal.distances]
    steps = min(seen, default=max(goal.distances.values(), default=0) + 1)
    return PHASE_STEP * max(steps, 1) + gap + safety


def fitness(blueprint: Blueprint, plan: Plan, seeds: Sequence[int], goal: Goal) -> Fitness:
    """Wins on the seeds; then minus the mean shortfall of the others; then minus the mean
    number of turns played (a fast trick is a robust one: the clock never catches it), then
    shortness."""
    wins, short, turns = 0, 0.0, 0.0
    for seed in seeds:
        session = play_plan(blueprint, seed, plan)
        won = session.ending is not None and session.ending.id in goal.endings
        wins += won
        short += shortfall(session, goal)
        turns += session.world.turn
    return wins, -round(short / len(seeds), 1), -turns / len(seeds), -len(plan.moves)


def first_skip(blueprint: Blueprint, seed: int, plan: Plan) -> tuple[int, list[Option]] | None:
    """Where the plan first fails to play a move on this seed (a move it skips), and what
    could be played there instead; None when no move is skipped."""
    session = Session(blueprint, seed, record=False)
    for index, (move, target) in enumerate(plan.moves):
        respond_blind(session, plan.responses)
        if session.ended:
            return None
        if not session.can_play(move, target):
            return index, session.playable()
        session.play(move, target)
    return None


def _repair(
    blueprint: Blueprint, plan: Plan, seeds: Sequence[int], goal: Goal, rng: random.Random
) -> list[Option] | None:
    """A targeted mutation: on a training seed the plan loses, insert one of the moves that
    could be played where the plan first skips a move (the gate it failed to open)."""
    losers = [seed for seed in seeds if not _won(play_plan(blueprint, seed, plan), goal)]
    if not losers:
        return None
    skip = first_skip(blueprint, rng.choice(losers), plan)
    if skip is None or not skip[1]:
        return None
    index, playable = skip
    moves = list(plan.moves)
    moves.insert(rng.randrange(max(0, index - 2), index + 1), rng.choice(playable))
    return moves


def _won(session: Session, goal: Goal) -> bool:
    return session.ending is not None and session.ending.id in goal.endings


def _mutate(moves: list[Option], options: Sequence[Option], rng: random.Random) -> list[Option]:
    result = list(moves)
    for _ in range(1 + (rng.random() < 0.3) + (rng.random() < 0.1)):
        if not result:
            result = [rng.choice(options)]
            continue
        index = rng.randrange(len(result))
        kind = rng.randrange(6)
        if kind == 0 and len(result) > 1:
            del result[index]
        elif kind == 1:
            result.insert(index, result[index])
        elif kind == 2:
            result[index] = rng.choice(options)
        elif kind == 3:
            result.insert(index, rng.choice(options))
        elif kind == 4 and index + 1 < len(result):
            result[index], result[index + 1] = result[index + 1], result[index]
        else:  # move one move elsewhere
            move = result.pop(index)
            result.insert(rng.randrange(len(result) + 1), move)
    return result


def improve(
    blueprint: Blueprint,
    plan: Plan,
    seeds: Sequence[int],
    goal: Goal,
    *,
    deadline: float,
    rng_seed: int = 0,
    max_steps: int | None = None,
    options: Sequence[Option] | None = None,
    more_seeds: Sequence[int] = (),
    repair: float = REPAIR_SHARE,
) -> tuple[Plan, Fitness]:
    """The best plan found by hill climbing from ``plan`` before the deadline (or after
    ``max_steps`` mutations, which makes the result independent of the machine's speed), and
    its fitness. ``repair`` is the share of targeted repairs among the mutations; ``options``
    limits the moves a mutation may bring in. Once the plan wins on every training seed, the
    next of ``more_seeds`` join them (a few at a time), so early steps are cheap and the final
    plan has been tried on all of them."""
    rng = random.Random(f"probe-improve:{rng_seed}")
    pool = list(options if options is not None else blueprint.options)
    train, extra = list(seeds), list(more_seeds)
    best, best_fit = plan, fitness(blueprint, plan, train, goal)
    steps = 0
    while time.monotonic() < deadline and (max_steps is None or steps < max_steps):
        steps += 1
        if best_fit[0] == len(train) and extra:
            train += extra[: len(seeds)]
            extra = extra[len(seeds) :]
            best_fit = fitness(blueprint, best, train, goal)
        repaired = _repair(blueprint, best, train, goal, rng) if rng.random() < repair else None
        moves = repaired if repaired is not None else _mutate(list(best.moves), pool, rng)
        if options is not None and any(m not in pool for m in moves):
            continue
        candidate = Plan(tuple(moves), best.responses)
        fit = fitness(blueprint, candidate, train, goal)
        if fit >= best_fit:
            best, best_fit = candidate, fit
    return best, fitness(blueprint, best, [*seeds, *more_seeds], goal)
