"""`roleplay probe`: search a case for tricks and report each with the sequence that shows it.

Five sections (docs/authoring.md, "Reading the probe"):

- **trick**: beam searches on one case seed find open-loop plans that reach the best ending
  (one over the moves whose effects need no luck, scored on reseeded forks of the seed; one
  over every move), annealing climbs make them win on a growing set of reseeded forks of the
  same seed, and the best plan is then played blind on held-out seeds it never saw;
- **spam**: every option played whenever possible, with a random or a fixed (first playable)
  fallback, and the share of games that reach one of the two best endings (a policy that
  reaches one on its first seeds is played on more, so that one lucky game out of twenty does
  not read as a 5% trick, nor an unlucky twenty hide one);
- **cynical**: the same search restricted to moves that are not good practice (the case's
  tags, or a rubric heuristic when it tags none), with the lowest-rubric answer to every
  crisis; and a closed-loop greedy mediator under the same restriction;
- **inflation**: what k plays of one move add to each rubric fundamental, against
  (ln k + 1) times its first mark;
- **seeds**: how the found plan's and the greedy mediator's endings vary across seeds.

The report is deterministic for the same options, whatever ``jobs``: every search stops after
a fixed size (beams) or a budget of games (climbs); ``seconds`` is only a guard, and the report
says when the guard cut a search short.
"""

from __future__ import annotations

import difflib
import math
import multiprocessing
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roleplay.authoring.probe import workers
from roleplay.authoring.probe.cynic import Cynic, cynic_of
from roleplay.authoring.probe.improve import REPAIR_SHARE, Climb, Fitness
from roleplay.authoring.probe.plans import Draw, Option, Plan, fixed_outcome, golden_plans, top_endings
from roleplay.authoring.probe.report import report_text
from roleplay.authoring.probe.search import Choices
from roleplay.authoring.probe.sections import (
    SpamRun,
    blocks,
    cynic_section,
    distribution,
    inflation_section,
    plan_entry,
    share,
    spam_section,
)
from roleplay.engine.blueprint import Blueprint

#: Games per second of ``--seconds`` the climbs may play when no ``--budget`` is given (a game
#: of the Algiers case takes about 1.5 ms: this leaves the guard room on a loaded machine).
GAMES_PER_SECOND = 150
#: The one case seed every search plays on; its reseeded forks are the training draws.
SEARCH_SEED = 1
#: Training draws: the first forks of the search seed, then more as the plan wins them all.
TRAIN_START, TRAIN_TOTAL = 16, 64
#: Climbs from the open beams and from the cynical beams (fixed counts: the report does not
#: depend on --jobs).
OPEN_CLIMBS, CYNIC_CLIMBS = 4, 2
HELD_OUT_START = 1000
#: What single-move spam plays when its move cannot be played.
FALLBACKS = ("random", "fixed")
#: The options a climb may bring in: the fixed-outcome ones, and every allowed one.
_Pools = tuple[list[Option], list[Option]]


@dataclass(frozen=True)
class ProbeOptions:
    seconds: float = 100.0
    jobs: int = 1
    held_out: int = 200
    spam_seeds: int = 20
    #: Seeds more for a spam policy that reached one of the two best endings on its first ones.
    spam_confirm: int = 200
    greedy_seeds: int = 40
    width: int = 32
    #: Reseeded forks the fixed-outcome beams score each plan on (besides the seed itself).
    forks: int = 3
    #: Games the climbs may play in all; None: GAMES_PER_SECOND x seconds.
    budget: int | None = None

    @property
    def games(self) -> int:
        return self.budget if self.budget is not None else int(GAMES_PER_SECOND * self.seconds)


class _Inline(Executor):
    """Runs tasks in this process (``--jobs 1``), with the same code path as the pool."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        future.set_result(fn(*args, **kwargs))
        return future


def _pool(case_path: Path, blueprint: Blueprint, jobs: int) -> Executor:
    if jobs <= 1:
        workers.use(blueprint)
        return _Inline()
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    return ProcessPoolExecutor(jobs, mp_context=context, initializer=workers.init_worker, initargs=(str(case_path),))


def _split(seeds: Sequence[int], parts: int) -> list[list[int]]:
    size = max(1, math.ceil(len(seeds) / max(1, parts)))
    return [list(seeds[i : i + size]) for i in range(0, len(seeds), size)]


def _draws() -> tuple[list[Draw], list[Draw]]:
    return (
        [(SEARCH_SEED, fork) for fork in range(TRAIN_START)],
        [(SEARCH_SEED, fork) for fork in range(TRAIN_START, TRAIN_TOTAL)],
    )


@dataclass
class _Search:
    """One family of searches (open or cynical): its beams, in the order they are tried (the
    next only when none before it found a plan that reached the best ending at all), and its
    climbs."""

    label: str
    pool: Executor
    beams: list[workers.Beam]
    futures: list[Future[tuple[list[tuple[Plan, int]], bool]]] = field(default_factory=list)
    climbs: list[Future[tuple[Plan, Fitness, bool]]] = field(default_factory=list)

    def launch(self) -> _Search:
        self.futures.append(self.pool.submit(workers.search, self.beams[0], 2))
        return self

    def starts(self) -> list[Plan]:
        """The plans the climbs start from: those that won on more sessions first."""
        while not any(won for f in self.futures for _, won in f.result()[0]) and len(self.futures) < len(self.beams):
            self.futures.append(self.pool.submit(workers.search, self.beams[len(self.futures)], 2))
        found = [item for f in self.futures for item in f.result()[0]]
        ranked = sorted(found, key=lambda item: -item[1])  # stable: the first beam's first
        return list({plan.moves: plan for plan, _ in ranked}.values())

    def best(self) -> tuple[Plan, Fitness] | None:
        """The climbs' best plan on the training draws (ties: the first climb)."""
        results = [f.result() for f in self.climbs]
        if not results:
            return None
        plan, fit, _ = max(results, key=lambda r: r[1])
        return plan, fit

    def cut(self) -> list[str]:
        beam = [f"{self.label} beam search"] if any(f.result()[1] for f in self.futures) else []
        climb = [f"{self.label} climbing"] if any(f.result()[2] for f in self.climbs) else []
        return beam + climb


def _beams(
    options: ProbeOptions,
    deadline: float,
    allowed: frozenset[str] | None,
    fixed: frozenset[str],
    choices: Choices | None = None,
) -> list[workers.Beam]:
    """A beam over the fixed-outcome moves, scored on reseeded forks (a plan that needs luck
    shows it); if it finds no plan that reaches the best ending, one over every allowed move,
    on the seed alone (the climbs make it robust)."""
    sure = workers.Beam(SEARCH_SEED, options.width, deadline, options.forks, _within(allowed, fixed), choices)
    return [sure, workers.Beam(SEARCH_SEED, options.width, deadline, 0, allowed, choices)]


def _within(allowed: frozenset[str] | None, fixed: frozenset[str]) -> frozenset[str]:
    return fixed if allowed is None else allowed & fixed


def _climbs(
    pool: Executor,
    search: _Search,
    count: int,
    budget: int,
    deadline: float,
    pools: _Pools,
) -> None:
    """A portfolio of climbs: climb k starts from plan k // 2 of the beams; even climbs may
    bring in only fixed-outcome options, odd ones any allowed option; the middle two also
    try targeted repairs."""
    starts = search.starts()
    if not starts:
        return
    draws, more = _draws()
    for k in range(count):
        plan = starts[(k // 2) % len(starts)]
        settings = Climb(
            rng_seed=k,
            budget=budget // count,
            deadline=deadline,
            options=pools[k % 2],
            repair=REPAIR_SHARE if k % 4 in (1, 2) else 0.0,
        )
        search.climbs.append(pool.submit(workers.climb, plan, draws, more, settings))


@dataclass(frozen=True)
class _Sides:
    """The sections that need no search: spam, and the greedy mediators (open and cynical)."""

    spam: dict[tuple[Option, str], Future[list[SpamRun]]]
    greedy: list[Future[list[str | None]]]
    cynic_greedy: list[Future[list[str | None]]]

    @classmethod
    def submit(
        cls, pool: Executor, options: ProbeOptions, every: Sequence[Option], cynic: Cynic, seeds: list[int]
    ) -> _Sides:
        spam_seeds = list(range(1, 1 + options.spam_seeds))
        chunks = _split(seeds, options.jobs)
        return cls(
            {
                (o, fallback): pool.submit(workers.spam, o, fallback, spam_seeds)
                for o in every
                for fallback in FALLBACKS
            },
            [pool.submit(workers.greedy, chunk, None, {}) for chunk in chunks],
            [pool.submit(workers.greedy, chunk, cynic.allowed, cynic.choices) for chunk in chunks],
        )


def _confirmed_spam(
    pool: Executor, options: ProbeOptions, spam: dict[tuple[Option, str], list[SpamRun]], top2: frozenset[str]
) -> dict[tuple[Option, str], list[SpamRun]]:
    """Each policy that reached one of the two best endings on its first seeds, played on
    ``spam_confirm`` seeds more: its share is then measured on all of them."""
    first = 1 + options.spam_seeds
    more = list(range(first, first + options.spam_confirm))
    flagged = [key for key, runs in spam.items() if any(ending in top2 for ending, _, _ in runs)]
    extra = {key: pool.submit(workers.spam, key[0], key[1], more) for key in flagged if more}
    return {key: runs + (extra[key].result() if key in extra else []) for key, runs in spam.items()}


def probe(case_path: Path, blueprint: Blueprint, options: ProbeOptions) -> dict[str, Any]:
    """Run every section and return the report (plain data, as ``--json`` prints it)."""
    start = time.monotonic()
    seconds = options.seconds
    best, top2 = top_endings(blueprint, 1), top_endings(blueprint, 2)
    cynic = cynic_of(blueprint)
    fixed = fixed_outcome(blueprint)
    every = blueprint.options
    held_out = list(range(HELD_OUT_START, HELD_OUT_START + options.held_out))
    jobs = max(1, options.jobs)
    with _pool(case_path, blueprint, jobs) as pool:
        # 1. Beam searches on one seed, open and cynical, side by side.
        beam_deadline = start + 0.6 * seconds
        open_search = _Search("open", pool, _beams(options, beam_deadline, None, fixed)).launch()
        cynic_search = _Search(
            "cynical", pool, _beams(options, beam_deadline, cynic.allowed, fixed, cynic.choices)
        ).launch()
        # 2. Spam and the greedy mediators, queued before the climbs: the time guard may cut a
        # climb (the best plan so far stands), never a section.
        sides = _Sides.submit(pool, options, every, cynic, held_out[: options.greedy_seeds])
        # 3. Climbs on reseeded forks of the same seed: first from the case's own golden paths
        # (one move added, dropped or moved can turn good practice played blind into a trick:
        # the Algiers path with one more capital move won 57.5% of other seeds, as written 35%),
        # then from the beams' plans.
        climb_deadline = start + 0.85 * seconds
        games = options.games
        goldens = golden_plans(blueprint)
        golden_climbs = _golden_climbs(pool, goldens, games // 4, climb_deadline, _pools(every, fixed, None)[1])
        _climbs(pool, open_search, OPEN_CLIMBS, games * 2 // 3, climb_deadline, _pools(every, fixed, None))
        _climbs(pool, cynic_search, CYNIC_CLIMBS, games // 3, climb_deadline, _pools(every, fixed, cynic.allowed))
        trick, cynical = open_search.best(), cynic_search.best()
        # 4. Held-out seeds.
        starts = open_search.starts()
        runs = {
            "trick": _held_out(pool, trick[0] if trick else None, held_out, jobs),
            "beam": _held_out(pool, starts[0] if starts else None, held_out, jobs),
            "cynic": _held_out(pool, cynical[0] if cynical else None, held_out, jobs),
        }
        golden = [(name, plan, _held_out(pool, plan, held_out, jobs)) for name, plan in goldens]
        climbed = [f.result()[0] for f in golden_climbs]
        climbed_runs = [_held_out(pool, plan, held_out, jobs) for plan in climbed]
        cynic_starts = cynic_search.starts()
        cynic_beam = _held_out(pool, cynic_starts[0] if cynic_starts else None, [SEARCH_SEED], 1)
        spam = _confirmed_spam(pool, options, {key: f.result() for key, f in sides.spam.items()}, top2)
        greedy = [e for f in sides.greedy for e in f.result()]
        cyn_greedy = [e for f in sides.cynic_greedy for e in f.result()]
    return {
        "case": blueprint.case.id,
        "options": {
            "seconds": seconds,
            "jobs": jobs,
            "held_out": options.held_out,
            "width": options.width,
            "forks": options.forks,
            "budget": games,
        },
        "best_endings": sorted(best),
        "two_best_endings": sorted(top2),
        "trick": {
            "search_seed": SEARCH_SEED,
            "training_draws": TRAIN_TOTAL,
            "beam": plan_entry(starts[0] if starts else None, runs["beam"], best),
            "robust": plan_entry(trick[0] if trick else None, runs["trick"], best),
            "training_wins": trick[1][0] if trick else 0,
            # The case's own golden paths, played blind: a known plan the search may not find.
            "golden": [
                dict(
                    plan_entry(plan, found, best) or {},
                    name=name,
                    climbed=dict(plan_entry(better, runs, best) or {}, changes=plan_changes(plan, better)),
                )
                for (name, plan, found), better, runs in zip(golden, climbed, climbed_runs, strict=True)
            ],
        },
        "spam": spam_section(spam, top2),
        "cynical": cynic_section(
            cynic,
            plan_entry(cynical[0] if cynical else None, runs["cynic"], best),
            plan_entry(cynic_starts[0] if cynic_starts else None, cynic_beam, best),
            {"runs": len(cyn_greedy), "endings": distribution(cyn_greedy), "top_two_share": share(cyn_greedy, top2)},
            training_wins=cynical[1][0] if cynical else 0,
        ),
        "inflation": inflation_section(blueprint, spam),
        "seeds": {
            "plan_by_block": blocks([e for e, _ in runs["trick"]], best),
            "greedy": {"runs": len(greedy), "endings": distribution(greedy), "best_share": share(greedy, best)},
        },
        "cut_by_time": open_search.cut() + cynic_search.cut(),
        "seconds": round(time.monotonic() - start, 1),
    }


def _pools(every: Sequence[Option], fixed: frozenset[str], allowed: frozenset[str] | None) -> _Pools:
    """The options a climb may bring in: the fixed-outcome ones, and every allowed one."""
    ok = [o for o in every if allowed is None or o[0] in allowed]
    return [o for o in ok if o[0] in fixed], ok


def _golden_climbs(
    pool: Executor, goldens: list[tuple[str, Plan]], budget: int, deadline: float, options: Sequence[Option]
) -> list[Future[tuple[Plan, Fitness, bool]]]:
    """A climb from each golden path, over every move, with targeted repairs."""
    draws, more = _draws()
    share = budget // max(1, len(goldens))
    return [
        pool.submit(
            workers.climb,
            plan,
            draws,
            more,
            Climb(rng_seed=100 + index, budget=share, deadline=deadline, options=options, repair=REPAIR_SHARE),
        )
        for index, (_, plan) in enumerate(goldens)
    ]


def plan_changes(before: Plan, after: Plan) -> list[str]:
    """The moves a climb added or dropped, in words a report can show ("+ move", "- move")."""
    old, new = before.steps(), after.steps()
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            changes += [f"- {step}" for step in old[i1:i2]]
        if op in ("insert", "replace"):
            changes += [f"+ {step} (after step {i1})" for step in new[j1:j2]]
    return changes


def _held_out(pool: Executor, plan: Plan | None, seeds: list[int], jobs: int) -> list[tuple[str | None, int]]:
    if plan is None:
        return []
    futures = [pool.submit(workers.endings_of, plan, chunk) for chunk in _split(seeds, jobs)]
    return [r for f in futures for r in f.result()]


__all__ = ["ProbeOptions", "probe", "report_text"]
