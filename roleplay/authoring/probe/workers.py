"""The probe's tasks as they run in a worker process (or inline with ``--jobs 1``): each
reads the case compiled once per process, and takes and returns plain data, so a task gives
the same answer wherever it runs."""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

from roleplay.authoring.probe.improve import Climb, Fitness, improve
from roleplay.authoring.probe.plans import Draw, Option, Plan, play_plan, rubric_tally
from roleplay.authoring.probe.search import Choices, Goal, beam_search
from roleplay.engine.blueprint import Blueprint
from roleplay.engine.session import Session
from roleplay.strategies.greedy import best_one_ahead

_blueprint: Blueprint | None = None


def init_worker(case_path: str) -> None:
    global _blueprint
    from roleplay.loading import load_case

    _blueprint = load_case(case_path).blueprint


def use(blueprint: Blueprint) -> None:
    """Run the tasks in this process on an already compiled case (``--jobs 1``)."""
    global _blueprint
    _blueprint = blueprint


def _bp() -> Blueprint:
    assert _blueprint is not None
    return _blueprint


@dataclass(frozen=True)
class Beam:
    """One beam search: the moves it may use, the answers it may give to crises (the
    cynic's), how many reseeded forks of the seed each plan is scored on, and its guard."""

    seed: int
    width: int
    deadline: float
    forks: int = 0
    allowed: frozenset[str] | None = None
    choices: Choices | None = None


def search(beam: Beam, keep: int) -> tuple[list[tuple[Plan, int]], bool]:
    """The best plans of a beam search (at most ``keep``), each with the number of sessions it
    was searched on where it reached the best ending, and whether the guard cut the search."""
    blueprint = _bp()
    best = Goal.of(blueprint).endings
    found = beam_search(
        blueprint,
        beam.seed,
        forks=beam.forks,
        width=beam.width,
        deadline=beam.deadline,
        allowed=beam.allowed,
        choices=beam.choices,
        keep=keep,
    )
    plans = [(f.plan, sum(e in best for e in f.endings)) for f in found[:keep]]
    return plans, time.monotonic() >= beam.deadline


def climb(plan: Plan, draws: list[Draw], more: list[Draw], settings: Climb) -> tuple[Plan, Fitness, bool]:
    """A climb from ``plan``: the plan it ends on, its fitness on every draw, and whether the
    guard cut it."""
    blueprint = _bp()
    best, fit = improve(blueprint, plan, draws, Goal.of(blueprint), settings, more)
    return best, fit, time.monotonic() >= settings.deadline


def endings_of(plan: Plan, seeds: Sequence[int]) -> list[tuple[str | None, int]]:
    """The ending (and turns) of the plan played blind on each seed."""
    blueprint = _bp()
    result = []
    for seed in seeds:
        session = play_plan(blueprint, seed, plan)
        result.append((session.ending.id if session.ending else None, session.world.turn))
    return result


def spam(option: Option, fallback: str, seeds: Sequence[int]) -> list[tuple[str | None, dict[str, float], int]]:
    """Play ``option`` whenever possible, else a random (seeded) or the first playable option;
    crises get their first choice."""
    blueprint = _bp()
    result = []
    for seed in seeds:
        session = Session(blueprint, seed, record=False)
        rng = random.Random(f"probe-spam:{option}:{seed}")
        for _ in range(2_000):
            while session.pending and not session.ended:
                session.respond(session.pending[0].choices[0].choice.id)
            if session.ended:
                break
            if session.can_play(*option):
                session.play(*option)
                continue
            playable = session.playable()
            if not playable:
                break
            session.play(*(rng.choice(playable) if fallback == "random" else playable[0]))
        result.append(
            (
                session.ending.id if session.ending else None,
                rubric_tally(blueprint, session.world.played),
                session.world.played.get(option[0], 0),
            )
        )
    return result


def greedy(seeds: Sequence[int], allowed: frozenset[str] | None, choices: Choices) -> list[str | None]:
    """The greedy mediator (docs/model.md 'score'), optionally restricted to ``allowed`` moves
    and crisis ``choices`` (the cynic's)."""
    blueprint = _bp()
    result = []
    for seed in seeds:
        session = Session(blueprint, seed, record=False)
        for _ in range(2_000):
            if session.ended:
                break
            if session.pending:
                event = session.pending[0]
                ids = [c.choice.id for c in event.choices]
                ids = [c for c in ids if c in choices.get(event.event.id, ids)] or ids
                session.respond(best_one_ahead(session, ids, lambda s, c: s.respond(c)))
                continue
            playable = [o for o in session.playable() if allowed is None or o[0] in allowed]
            if not playable:
                break
            session.play(*best_one_ahead(session, playable, lambda s, o: s.play(*o)))
        result.append(session.ending.id if session.ending else None)
    return result
