"""`roleplay probe`: search a case for tricks and report each with the sequence that shows it.

Five sections (docs/authoring.md, "Reading the probe"):

- **trick**: a beam search finds an open-loop plan that reaches the best ending on one seed,
  hill climbing makes it win on a growing set of training seeds, and the plan is then played
  blind on held-out seeds it never saw;
- **spam**: every option played whenever possible, with a random or a fixed (first playable)
  fallback, and the share of games that reach one of the two best endings;
- **cynical**: the same search restricted to moves the case does not mark as good practice,
  with the lowest-rubric answer to every crisis; and a closed-loop greedy mediator under the
  same restriction;
- **inflation**: what k plays of one move add to each rubric fundamental, against
  (ln k + 1) times its first mark;
- **seeds**: how the found plan's and the greedy mediator's endings vary across seeds.

The report is deterministic for the same options: every search stops after a fixed number of
steps; ``seconds`` is only a guard, and the report says when the guard cut a search short.
"""

from __future__ import annotations

import math
import multiprocessing
import random
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roleplay.authoring.probe.improve import Fitness, improve
from roleplay.authoring.probe.plans import (
    Option,
    Plan,
    good_practice,
    play_plan,
    procedure,
    progress_score,
    rubric_tally,
    top_endings,
)
from roleplay.authoring.probe.report import report_text
from roleplay.authoring.probe.search import Goal, beam_search
from roleplay.authoring.probe.sections import (
    blocks,
    distribution,
    inflation_section,
    plan_entry,
    plan_section,
    share,
    spam_section,
)
from roleplay.engine.blueprint import Blueprint
from roleplay.engine.session import Session

#: Hill-climbing steps per second of budget, per climb (a step plays the plan on the training
#: seeds; about 30 ms on the Algiers case).
STEPS_PER_SECOND = 40
#: Seed blocks: the beam's seed, training seeds, held-out seeds.
BEAM_SEED = 1
TRAIN_FIRST, TRAIN_START, TRAIN_MORE = 2, 8, 24
HELD_OUT_START = 1000


@dataclass(frozen=True)
class ProbeOptions:
    seconds: float = 100.0
    jobs: int = 1
    held_out: int = 200
    spam_seeds: int = 20
    greedy_seeds: int = 40
    width: int = 32


# -- workers --------------------------------------------------------------------------------

_blueprint: Blueprint | None = None


def _init_worker(case_path: str) -> None:
    global _blueprint
    from roleplay.loading import load_case

    _blueprint = load_case(case_path).blueprint


def _bp() -> Blueprint:
    assert _blueprint is not None
    return _blueprint


class _Inline(Executor):
    """Runs tasks in this process (``--jobs 1``), with the same code path as the pool."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _pool(case_path: Path, blueprint: Blueprint, jobs: int) -> Executor:
    global _blueprint
    if jobs <= 1:
        _blueprint = blueprint
        return _Inline()
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(str(case_path),))


def _endings_of(plan: Plan, seeds: Sequence[int]) -> list[tuple[str | None, int]]:
    blueprint = _bp()
    result = []
    for seed in seeds:
        session = play_plan(blueprint, seed, plan)
        result.append((session.ending.id if session.ending else None, session.world.turn))
    return result


def _climb_k(
    plan: Plan, k: int, steps: int, deadline: float, allowed: frozenset[str] | None
) -> tuple[Plan, Fitness, bool]:
    """Climb ``k`` of a portfolio: even climbs use plain mutations, odd ones also targeted repairs."""
    return _climb(plan, k, steps, deadline, allowed, 0.3 if k % 2 else 0.0)


def _climb(
    plan: Plan, rng_seed: int, steps: int, deadline: float, allowed: frozenset[str] | None, repair: float
) -> tuple[Plan, Fitness, bool]:
    blueprint = _bp()
    goal = Goal.of(blueprint)
    options = None if allowed is None else [o for o in blueprint.options if o[0] in allowed]
    train = list(range(TRAIN_FIRST, TRAIN_FIRST + TRAIN_START))
    more = list(range(TRAIN_FIRST + TRAIN_START, TRAIN_FIRST + TRAIN_START + TRAIN_MORE))
    best, fit = improve(
        blueprint,
        plan,
        train,
        goal,
        deadline=deadline,
        rng_seed=rng_seed,
        max_steps=steps,
        options=options,
        more_seeds=more,
        repair=repair,
    )
    return best, fit, time.monotonic() >= deadline


def _search(deadline: float, width: int, allowed: frozenset[str] | None) -> tuple[Plan | None, bool]:
    blueprint = _bp()
    found = beam_search(blueprint, [BEAM_SEED], width=width, deadline=deadline, allowed=allowed)
    plan = _with_responses(found[0].plan, allowed is not None) if found else None
    return plan, time.monotonic() >= deadline


def _with_responses(plan: Plan, cynical: bool) -> Plan:
    if not cynical:
        return plan
    return Plan(plan.moves, {**plan.responses, **cynical_responses(_bp())})


def cynical_responses(blueprint: Blueprint) -> dict[str, str]:
    """Every crisis answered with its lowest-rubric choice (ties: the first)."""
    answers = {}
    for event in blueprint.events.values():
        if event.choices:
            answers[event.event.id] = min(event.choices, key=lambda c: sum(c.choice.rubric.values())).choice.id
    return answers


def _spam(option: Option, fallback: str, seeds: Sequence[int]) -> list[tuple[str | None, dict[str, float], int]]:
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


def _greedy(seeds: Sequence[int], allowed: frozenset[str] | None) -> list[str | None]:
    """The greedy mediator (docs/model.md 'score'), optionally restricted to ``allowed`` moves
    and the lowest-rubric crisis choices."""
    blueprint = _bp()
    answers = cynical_responses(blueprint) if allowed is not None else {}
    result = []
    for seed in seeds:
        session = Session(blueprint, seed, record=False)
        for _ in range(2_000):
            if session.ended:
                break
            if session.pending:
                event = session.pending[0]
                ids = [c.choice.id for c in event.choices]
                choice = answers.get(event.event.id)
                session.respond(choice if choice in ids else _best(session, ids, lambda s, c: s.respond(c)))
                continue
            playable = [o for o in session.playable() if allowed is None or o[0] in allowed]
            if not playable:
                break
            session.play(*_best(session, playable, lambda s, o: s.play(*o)))
        result.append(session.ending.id if session.ending else None)
    return result


def _best(session: Session, options: Sequence[Any], act: Callable[[Session, Any], object]) -> Any:
    best, best_score = options[0], -math.inf
    for option in options:
        trial = session.fork()
        act(trial, option)
        value = progress_score(trial)
        if value > best_score:
            best, best_score = option, value
    return best


# -- the probe ------------------------------------------------------------------------------


def _split(seeds: Sequence[int], parts: int) -> list[list[int]]:
    size = max(1, math.ceil(len(seeds) / max(1, parts)))
    return [list(seeds[i : i + size]) for i in range(0, len(seeds), size)]


def probe(case_path: Path, blueprint: Blueprint, options: ProbeOptions) -> dict[str, Any]:
    """Run every section and return the report (plain data, as ``--json`` prints it)."""
    start = time.monotonic()
    budget = options.seconds
    best = top_endings(blueprint, 1)
    top2 = top_endings(blueprint, 2)
    needed = procedure(blueprint, Goal.of(blueprint).rule)
    # Moves that cost no capital are how time passes and capital comes back; a cynic whose
    # capital is spent must wait too, so they stay allowed (and are listed in the report).
    waiting = frozenset(m for m, c in blueprint.moves.items() if c.move.cost.capital == 0) - needed
    good = good_practice(blueprint) - needed - waiting
    cynical_moves = frozenset(m for m in blueprint.moves if m not in good)
    held_out = list(range(HELD_OUT_START, HELD_OUT_START + options.held_out))
    jobs = max(1, options.jobs)
    steps = int(STEPS_PER_SECOND * budget)
    cut: list[str] = []
    with _pool(case_path, blueprint, jobs) as pool:
        # 1. Beam searches on one seed: the unrestricted and the cynical one, side by side.
        beam_deadline = start + 0.2 * budget
        open_f = pool.submit(_search, beam_deadline, options.width, None)
        cynic_f = pool.submit(_search, beam_deadline, options.width, cynical_moves)
        open_plan, open_cut = open_f.result()
        cynic_plan, cynic_cut = cynic_f.result()
        if open_cut:
            cut.append("beam search")
        if cynic_cut:
            cut.append("cynical beam search")
        # 2. Hill climbing on training seeds from the open plan: a portfolio of climbs (plain
        # mutations, and targeted repairs), at least two, one per job; the best on all
        # training seeds is the trick.
        climb_deadline = start + 0.6 * budget
        climbs = (
            [pool.submit(_climb_k, open_plan, k, steps, climb_deadline, None) for k in range(max(2, jobs))]
            if open_plan
            else []
        )
        climbed = [c.result() for c in climbs]
        if any(c[2] for c in climbed):
            cut.append("hill climbing")
        trick = max(climbed, key=lambda c: c[1])[0] if climbed else None
        # 3. The cynical climb, while spam and the greedy mediators run beside it.
        cynic_deadline = start + 0.85 * budget
        cynic_climb = (
            pool.submit(_climb_k, cynic_plan, 1, steps // 2, cynic_deadline, cynical_moves) if cynic_plan else None
        )
        spam_f = {
            (option, fallback): pool.submit(_spam, option, fallback, list(range(1, 1 + options.spam_seeds)))
            for option in blueprint.options
            for fallback in ("random", "fixed")
        }
        greedy_seeds = held_out[: options.greedy_seeds]
        greedy_f = [pool.submit(_greedy, chunk, None) for chunk in _split(greedy_seeds, jobs)]
        cyn_greedy_f = [pool.submit(_greedy, chunk, cynical_moves) for chunk in _split(greedy_seeds, jobs)]
        cynic_result = cynic_climb.result() if cynic_climb else None
        if cynic_result and cynic_result[2]:
            cut.append("cynical hill climbing")
        cynic = cynic_result[0] if cynic_result else None
        # 4. Held-out seeds.
        trick_runs = _held_out(pool, trick, held_out, jobs)
        beam_runs = _held_out(pool, open_plan, held_out, jobs)
        cynic_runs = _held_out(pool, cynic, held_out, jobs)
        cynic_on_beam_seed = _held_out(pool, cynic_plan, [BEAM_SEED], 1)
        spam = {key: f.result() for key, f in spam_f.items()}
        greedy = [e for f in greedy_f for e in f.result()]
        cyn_greedy = [e for f in cyn_greedy_f for e in f.result()]
    return {
        "case": blueprint.case.id,
        "options": {"seconds": budget, "jobs": jobs, "held_out": options.held_out, "width": options.width},
        "best_endings": sorted(best),
        "two_best_endings": sorted(top2),
        "trick": plan_section(open_plan, beam_runs, trick, trick_runs, best),
        "spam": spam_section(spam, top2),
        "cynical": {
            "avoided_moves": sorted(good),
            "procedure_kept": sorted(needed & good_practice(blueprint)),
            "waiting_kept": sorted(waiting & good_practice(blueprint)),
            "plan": plan_entry(cynic, cynic_runs, best),
            "beam_plan": plan_entry(cynic_plan, cynic_on_beam_seed, best),
            "greedy": {
                "runs": len(cyn_greedy),
                "endings": distribution(cyn_greedy),
                "top_two_share": share(cyn_greedy, top2),
            },
        },
        "inflation": inflation_section(blueprint, spam),
        "seeds": {
            "plan_by_block": blocks([e for e, _ in trick_runs], best),
            "greedy": {"runs": len(greedy), "endings": distribution(greedy), "best_share": share(greedy, best)},
        },
        "cut_by_time": cut,
        "seconds": round(time.monotonic() - start, 1),
    }


def _held_out(pool: Executor, plan: Plan | None, seeds: list[int], jobs: int) -> list[tuple[str | None, int]]:
    if plan is None:
        return []
    futures = [pool.submit(_endings_of, plan, chunk) for chunk in _split(seeds, jobs)]
    return [r for f in futures for r in f.result()]


__all__ = ["ProbeOptions", "probe", "report_text"]
