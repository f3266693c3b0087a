"""Local search that makes a winning plan robust: it mutates the plan (drop, repeat, insert,
replace or swap moves, a few at a time) and anneals: a mutation that scores as well or better
on the training draws is kept, a worse one now and then while the temperature is high (a
plan often has to lose a seed before it can win more, e.g. trading a lucky move for a sure
one). The training draws are the search seed and reseeded forks of it (plans.start): one
case seed, many lucks. The score is graded: wins first, then how close the other draws came
to the best ending's rule (phases still ahead and the shortfall on each clause), then fewer
days spent. A plan the beam found on lucky draws becomes, if the case allows it, a trick
that needs no luck."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from roleplay.authoring.probe.plans import (
    Draw,
    Option,
    Plan,
    goal_gap,
    play_plan,
    respond_blind,
    start,
    without_standings,
)
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
#: The share of steps that try a targeted repair where the plan skips a move on a lost draw.
REPAIR_SHARE = 0.3
#: A climb whose plan wins every training draw stops after this share of its budget without a
#: better plan (only margins and length are left to gain; the time is better spent elsewhere).
PATIENCE = 0.25
#: The starting temperature of the annealing, in points of mean shortfall: about one lost draw
#: in twenty is accepted with even odds at first; the temperature falls linearly to 0.
TEMPERATURE = 0.35


@dataclass(frozen=True)
class Climb:
    """How one climb runs: its generator, its budget in games played (a game is one plan on
    one draw, whatever the machine's speed) and its time guard."""

    rng_seed: int
    budget: int
    deadline: float
    options: Sequence[Option] | None = None
    repair: float = REPAIR_SHARE
    temperature: float = TEMPERATURE


def shortfall(session: Session, goal: Goal) -> float:
    """How far a finished game stayed from the best ending, plus a small charge for ending
    close to its thresholds (a win by a hair on one draw is a loss on the next)."""
    safety = SAFETY_WEIGHT * goal_gap(session.blueprint, session, without_standings(goal.rule), SAFETY_MARGIN)
    if session.ending is not None and session.ending.id in goal.endings:
        return safety
    gap = goal_gap(session.blueprint, session, goal.rule)
    # The furthest the game got: the fewest transitions from any phase it went through.
    seen = [goal.distances[p] for p in session.phases_seen | {session.world.phase} if p in goal.distances]
    steps = min(seen, default=max(goal.distances.values(), default=0) + 1)
    return PHASE_STEP * max(steps, 1) + gap + safety


def fitness(blueprint: Blueprint, plan: Plan, draws: Sequence[Draw], goal: Goal) -> Fitness:
    """Wins on the draws; then minus the mean shortfall of the others; then minus the mean
    number of turns played (a fast trick is a robust one: the clock never catches it), then
    shortness."""
    return _evaluate(blueprint, plan, draws, goal)[0]


def _evaluate(blueprint: Blueprint, plan: Plan, draws: Sequence[Draw], goal: Goal) -> tuple[Fitness, list[Draw]]:
    """The plan's fitness on the draws, and the draws it loses."""
    short, turns = 0.0, 0.0
    lost = []
    for seed, fork in draws:
        session = play_plan(blueprint, seed, plan, fork)
        if not _won(session, goal):
            lost.append((seed, fork))
        short += shortfall(session, goal)
        turns += session.world.turn
    fit = (len(draws) - len(lost), -round(short / len(draws), 2), -turns / len(draws), -len(plan.moves))
    return fit, lost


def first_skip(blueprint: Blueprint, draw: Draw, plan: Plan) -> tuple[int, list[Option]] | None:
    """Where the plan first fails to play a move on this draw (a move it skips), and what
    could be played there instead; None when no move is skipped."""
    session = start(blueprint, *draw)
    for index, (move, target) in enumerate(plan.moves):
        respond_blind(session, plan.responses)
        if session.ended:
            return None
        if not session.can_play(move, target):
            return index, session.playable()
        session.play(move, target)
    return None


def _repair(blueprint: Blueprint, plan: Plan, lost: Sequence[Draw], rng: random.Random) -> list[Option] | None:
    """A targeted mutation: on a training draw the plan loses, insert one of the moves that
    could be played where the plan first skips a move (the gate it failed to open)."""
    if not lost:
        return None
    skip = first_skip(blueprint, rng.choice(lost), plan)
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


class _Scorer:
    """Fitness on the current training draws, remembered per plan (mutations often give back
    a plan already tried), and the games it has played."""

    def __init__(self, blueprint: Blueprint, draws: list[Draw], goal: Goal) -> None:
        self.blueprint, self.draws, self.goal = blueprint, draws, goal
        self.games = 0
        self._seen: dict[tuple[Option, ...], tuple[Fitness, list[Draw]]] = {}

    def __call__(self, plan: Plan) -> Fitness:
        return self._result(plan)[0]

    def lost(self, plan: Plan) -> list[Draw]:
        return self._result(plan)[1]

    def widen(self, more: list[Draw]) -> None:
        self.draws = self.draws + more
        self._seen.clear()

    def _result(self, plan: Plan) -> tuple[Fitness, list[Draw]]:
        result = self._seen.get(plan.moves)
        if result is None:
            result = _evaluate(self.blueprint, plan, self.draws, self.goal)
            self.games += len(self.draws)
            self._seen[plan.moves] = result
        return result


def improve(
    blueprint: Blueprint, plan: Plan, draws: Sequence[Draw], goal: Goal, climb: Climb, more_draws: Sequence[Draw] = ()
) -> tuple[Plan, Fitness]:
    """The best plan found by annealing from ``plan`` within the climb's budget (or before its
    deadline, a guard; or once a plan that wins every draw has not improved for a while), and
    its fitness on every draw. Once the current plan wins on every
    training draw, the next of ``more_draws`` join them (as many again each time), so early
    steps are cheap and the final plan has been tried on all of them."""
    rng = random.Random(f"probe-improve:{climb.rng_seed}")
    pool = list(climb.options if climb.options is not None else blueprint.options)
    allowed = set(pool) | set(plan.moves)  # a mutation brings in only pool options
    score = _Scorer(blueprint, list(draws), goal)
    extra = list(more_draws)
    current = best = plan
    current_fit = best_fit = score(plan)
    improved_at = 0
    while score.games < climb.budget and time.monotonic() < climb.deadline:
        if best_fit[0] == len(score.draws) and not extra and score.games - improved_at > PATIENCE * climb.budget:
            break
        if current_fit[0] == len(score.draws) and extra:
            score.widen(extra[: len(draws)])
            extra = extra[len(draws) :]
            current_fit, best_fit = score(current), score(best)
        repaired = None
        if rng.random() < climb.repair:
            repaired = _repair(blueprint, current, score.lost(current), rng)
        moves = repaired if repaired is not None else _mutate(list(current.moves), pool, rng)
        if any(m not in allowed for m in moves):
            continue
        candidate = Plan(tuple(moves), current.responses)
        fit = score(candidate)
        heat = climb.temperature * max(0.0, 1.0 - score.games / climb.budget)
        if fit >= current_fit or accept_worse(fit, current_fit, heat, rng):
            current, current_fit = candidate, fit
            if fit > best_fit:
                best, best_fit, improved_at = candidate, fit, score.games
    return best, fitness(blueprint, best, [*draws, *more_draws], goal)


def accept_worse(fit: Fitness, current: Fitness, heat: float, rng: random.Random) -> bool:
    """Metropolis: a plan worse by d points of mean shortfall is kept with odds exp(-d/heat)."""
    if heat <= 0:
        return False
    worse = current[1] - fit[1]
    return worse <= 0 or rng.random() < math.exp(-worse / heat)
