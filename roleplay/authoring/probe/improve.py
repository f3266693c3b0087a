"""Local search that makes a winning plan robust: it mutates the plan (drop, repeat, replace
or swap a move) and keeps each mutation that wins on as many training seeds or more. A plan
the beam found on lucky draws becomes, if the case allows it, a trick that needs no luck."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

from roleplay.authoring.probe.plans import Option, Plan, play_plan
from roleplay.authoring.probe.search import Goal
from roleplay.engine.blueprint import Blueprint


def fitness(blueprint: Blueprint, plan: Plan, seeds: Sequence[int], goal: Goal) -> tuple[int, float, int]:
    """Wins on the seeds; then how close the games came (the search's value of where each
    ended up, averaged); then shortness."""
    wins, value = 0, 0.0
    for seed in seeds:
        session = play_plan(blueprint, seed, plan)
        wins += session.ending is not None and session.ending.id in goal.endings
        value += goal.value(session)
    return wins, value / len(seeds), -len(plan.moves)


def _mutate(moves: list[Option], options: Sequence[Option], rng: random.Random) -> list[Option]:
    result = list(moves)
    if not result:
        return [rng.choice(options)]
    index = rng.randrange(len(result))
    kind = rng.randrange(4)
    if kind == 0 and len(result) > 1:
        del result[index]
    elif kind == 1:
        result.insert(index, result[index])
    elif kind == 2:
        result[index] = rng.choice(options)
    elif index + 1 < len(result):
        result[index], result[index + 1] = result[index + 1], result[index]
    return result


def improve(
    blueprint: Blueprint,
    plan: Plan,
    seeds: Sequence[int],
    goal: Goal,
    *,
    deadline: float,
    rng_seed: int = 0,
) -> tuple[Plan, tuple[int, float, int]]:
    """The best plan found by hill climbing from ``plan`` before the deadline, and its fitness."""
    rng = random.Random(f"probe-improve:{rng_seed}")
    options = blueprint.options
    best, best_fit = plan, fitness(blueprint, plan, seeds, goal)
    while time.monotonic() < deadline and best_fit[0] < len(seeds):
        moves = _mutate(list(best.moves), options, rng)
        candidate = Plan(tuple(moves), best.responses)
        fit = fitness(blueprint, candidate, seeds, goal)
        if fit >= best_fit:
            best, best_fit = candidate, fit
    return best, best_fit
