"""Monte Carlo playthroughs for balance: which endings a case reaches, how often, by which moves.

Runs are independent: run i of a strategy uses seed ``seed + i`` for both the session and the
strategy, so the same command always gives the same report, whatever the number of jobs.
"""

from __future__ import annotations

import math
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roleplay.engine.blueprint import Blueprint
from roleplay.engine.session import Session
from roleplay.game.mediators import MEDIATORS
from roleplay.strategies import autoplay

Z95 = 1.959964


@dataclass(frozen=True)
class Run:
    """One playthrough, in the few fields the report needs (cheap to send between processes)."""

    strategy: str
    seed: int
    ending: str | None
    reason: str | None
    turns: int
    moves: tuple[tuple[str, int], ...]
    events: tuple[str, ...]
    phases: tuple[str, ...]


def play_one(blueprint: Blueprint, strategy: str, seed: int) -> Run:
    mediator = MEDIATORS[strategy](seed)
    session = Session(blueprint, seed, record=False, events=mediator.events)
    autoplay(session, mediator)
    world = session.world
    return Run(
        strategy,
        seed,
        session.ending.id if session.ending else None,
        session.end_reason,
        world.turn,
        tuple(sorted(world.played.items())),
        tuple(sorted(world.fired)),
        tuple(sorted(session.phases_seen)),
    )


def wilson(successes: int, n: int) -> tuple[float, float]:
    """95% Wilson score interval for a proportion."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def newcombe(hits_a: int, n_a: int, hits_b: int, n_b: int) -> tuple[float, float]:
    """95% interval for the difference of two shares, hits_a/n_a - hits_b/n_b.

    Newcombe's hybrid score method (his method 10, Statistics in Medicine 1998), built from each
    share's Wilson interval: unlike the textbook (Wald) interval it keeps its coverage when a
    share is 0 or 1, as the chance of a rare best ending often is, and it never leaves [-1, 1].
    """
    p_a, p_b = hits_a / n_a, hits_b / n_b
    low_a, high_a = wilson(hits_a, n_a)
    low_b, high_b = wilson(hits_b, n_b)
    difference = p_a - p_b
    return (
        difference - math.hypot(p_a - low_a, high_b - p_b),
        difference + math.hypot(high_a - p_a, p_b - low_b),
    )


# -- running in parallel ------------------------------------------------------------------

_blueprint: Blueprint | None = None


def _init_worker(case_path: str) -> None:
    global _blueprint
    from roleplay.loading import load_case

    _blueprint = load_case(case_path).blueprint


def _play_chunk(jobs: list[tuple[str, int]]) -> list[Run]:
    assert _blueprint is not None
    return [play_one(_blueprint, strategy, seed) for strategy, seed in jobs]


def _chunks(items: list[tuple[str, int]], size: int) -> Iterator[list[tuple[str, int]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def run_all(
    case_path: Path,
    blueprint: Blueprint,
    strategies: Iterable[str],
    runs: int,
    seed: int,
    jobs: int,
    progress: Callable[[int], None] = lambda done: None,
) -> list[Run]:
    work = [(strategy, seed + i) for strategy in strategies for i in range(runs)]
    results: list[Run] = []
    if jobs <= 1:
        for chunk in _chunks(work, 200):
            results.extend(play_one(blueprint, s, n) for s, n in chunk)
            progress(len(results))
        return results
    size = max(20, min(500, len(work) // (jobs * 8) or 1))
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker, initargs=(str(case_path),)) as pool:
        for chunk_result in pool.map(_play_chunk, _chunks(work, size)):
            results.extend(chunk_result)
            progress(len(results))
    return results


# -- the report ---------------------------------------------------------------------------


@dataclass
class StrategyReport:
    strategy: str
    runs: int
    endings: dict[str, dict[str, float]] = field(default_factory=dict)
    turns: dict[str, float] = field(default_factory=dict)
    turn_limit_hits: int = 0
    #: The mean quality of the endings reached (a run without an ending counts 0).
    quality_mean: float = 0.0
    #: Per move: how often it was played, by how many runs (n), and its effects: for each watched
    #: ending, the shares of runs with and without it that reached the ending and their difference.
    moves: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The endings each move's effects are given for, by id with their role ("best", "historical"):
    #: those this strategy reached. The ones it never reached are only named in ``unreached``, as
    #: a difference of 0% against 0% would say nothing.
    watched: dict[str, str] = field(default_factory=dict)
    unreached: list[str] = field(default_factory=list)


@dataclass
class Report:
    case: str
    seed: int
    runs: int
    strategies: list[StrategyReport]
    never_reached_phases: list[str]
    never_reached_endings: list[str]
    never_fired_events: list[str]
    never_played_moves: list[str]

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


def _quantile(values: list[int], q: float) -> float:
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(q * len(ordered)))])


def _watched_endings(blueprint: Blueprint) -> dict[str, str]:
    """The best ending and the first historical one, by id, with their role."""
    endings = blueprint.case.endings
    best = max(endings, key=lambda e: e.quality).id
    roles = {best: "best"}
    historical = next((e.id for e in endings if e.historical), None)
    if historical is not None:
        roles[historical] = "best, historical" if historical == best else "historical"
    return roles


def _move_entry(runs: list[Run], times: list[int], watched: dict[str, str]) -> dict[str, Any]:
    """How often one move was played and, per watched ending, how runs with it and without it fared."""
    n = len(runs)
    with_move = [r.ending for r, t in zip(runs, times, strict=True) if t]
    without = [r.ending for r, t in zip(runs, times, strict=True) if not t]
    entry: dict[str, Any] = {
        "runs_played": len(with_move) / n,
        "mean_times": sum(times) / n,
        "runs_with": len(with_move),
        "runs_without": len(without),
        "effects": {},
    }
    if with_move and without:  # a move played in every run, or in none, has nothing to compare
        for ending_id, role in watched.items():
            entry["effects"][ending_id] = _effect(with_move, without, ending_id, role)
    return entry


def _effect(with_move: list[str | None], without: list[str | None], ending_id: str, role: str) -> dict[str, Any]:
    """The share of runs with and without a move that reached an ending, and the difference's interval.

    An observed difference, not a cause: a strategy may play a move only in games already going
    well (or badly), so the move goes with the ending without having to bring it about.
    """
    hits_with, hits_without = with_move.count(ending_id), without.count(ending_id)
    share_with, share_without = hits_with / len(with_move), hits_without / len(without)
    low, high = newcombe(hits_with, len(with_move), hits_without, len(without))
    return {
        "role": role,
        "runs_with": len(with_move),
        "runs_without": len(without),
        "reached_with": hits_with,
        "reached_without": hits_without,
        "share_with": share_with,
        "share_without": share_without,
        "difference": share_with - share_without,
        "ci95_low": low,
        "ci95_high": high,
    }


def build_report(blueprint: Blueprint, runs: list[Run], seed: int, per_strategy: int) -> Report:
    case = blueprint.case
    quality = {e.id: e.quality for e in case.endings}
    roles = _watched_endings(blueprint)
    reports = []
    for strategy in dict.fromkeys(r.strategy for r in runs):
        mine = [r for r in runs if r.strategy == strategy]
        n = len(mine)
        counts = Counter(r.ending or "none" for r in mine)
        report = StrategyReport(strategy, n)
        for ending_id, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            low, high = wilson(count, n)
            report.endings[ending_id] = {"count": count, "share": count / n, "ci95_low": low, "ci95_high": high}
        turns = [r.turns for r in mine]
        report.turns = {
            "mean": sum(turns) / n,
            "median": _quantile(turns, 0.5),
            "p90": _quantile(turns, 0.9),
            "max": max(turns),
        }
        report.turn_limit_hits = sum(1 for r in mine if r.reason == "turn_limit")
        report.quality_mean = sum(quality.get(r.ending or "", 0.0) for r in mine) / n
        report.unreached = [e for e in roles if not counts.get(e)]
        report.watched = {e: role for e, role in roles.items() if counts.get(e)}
        played_counts = [dict(r.moves) for r in mine]
        for move in blueprint.moves:
            times = [p.get(move, 0) for p in played_counts]
            report.moves[move] = _move_entry(mine, times, report.watched)
        reports.append(report)
    reached = {p for r in runs for p in r.phases}
    endings_reached = {r.ending for r in runs}
    fired = {e for r in runs for e in r.events}
    played = {m for r in runs for m, _ in r.moves}
    return Report(
        case=case.id,
        seed=seed,
        runs=per_strategy,
        strategies=reports,
        never_reached_phases=[p for p in blueprint.phases if p not in reached],
        never_reached_endings=[e.id for e in case.endings if e.id not in endings_reached],
        never_fired_events=[e for e in blueprint.events if e not in fired],
        never_played_moves=[m for m in blueprint.moves if m not in played],
    )


def report_text(report: Report, blueprint: Blueprint) -> str:
    lines = [f"{blueprint.case.title}: {report.runs} runs per strategy from seed {report.seed}", ""]
    titles = {e.id: e for e in blueprint.case.endings}
    for sr in report.strategies:
        t = sr.turns
        lines.append(
            f"== {sr.strategy}: {sr.runs} runs · turns mean {t['mean']:.1f}, median {t['median']:g}, "
            f"p90 {t['p90']:g}, max {t['max']:g} · ending quality mean {sr.quality_mean:.1f}"
        )
        if sr.turn_limit_hits:
            lines.append(
                f"   {sr.turn_limit_hits} runs stopped at the case's turn limit ({blueprint.case.clock.max_turns})"
            )
        for ending_id, e in sr.endings.items():
            ending = titles.get(ending_id)
            mark = " (historical)" if ending and ending.historical else ""
            quality = f"q{ending.quality:g}" if ending else ""
            lines.append(
                f"   {e['share']:6.1%}  [{e['ci95_low']:5.1%}-{e['ci95_high']:5.1%}]  {ending_id}{mark} {quality}"
            )
        lines += _moves_text(sr)
        lines.append("")
    for label, items in (
        ("phases never reached", report.never_reached_phases),
        ("endings never reached", report.never_reached_endings),
        ("events never fired", report.never_fired_events),
        ("moves never played", report.never_played_moves),
    ):
        lines.append(f"{label}: {', '.join(items) if items else 'none'}")
    return "\n".join(lines) + "\n"


def _moves_text(sr: StrategyReport) -> list[str]:
    lines = ["   moves: share of runs that played it · mean times per run"]
    if sr.watched and any(m["effects"] for m in sr.moves.values()):
        lines += EFFECTS_INTRO
    if sr.unreached:
        lines.append(f"   (never reached by {sr.strategy}, so nothing to compare: {', '.join(sr.unreached)})")
    for move, m in sorted(sr.moves.items(), key=lambda kv: -kv[1]["runs_played"]):
        note = "  (played in every run: nothing to compare)" if not m["runs_without"] else ""
        lines.append(f"     {m['runs_played']:6.1%} {m['mean_times']:5.2f}  {move}{note}")
        lines += [f"          {_effect_text(ending_id, e)}" for ending_id, e in m["effects"].items()]
    return lines


EFFECTS_INTRO = [
    "   under each move, how much more or less often the runs that played it reached the watched",
    "   endings than the runs that did not, in percentage points, with a 95% interval (Newcombe)",
    "   and n = runs that played it / runs that did not. A correlation, not a cause: a move may be",
    "   played in games already going well (or badly).",
]


def _effect_text(ending_id: str, e: dict[str, Any]) -> str:
    points = round(100 * e["difference"], 1) + 0.0  # + 0.0: no "-0.0"
    direction = "as often" if points == 0 else f"{abs(points):.1f} points {'more' if points > 0 else 'less'} often"
    return (
        f"runs that played it reached {ending_id} ({e['role']}) {direction}: "
        f"{e['share_with']:.1%} vs {e['share_without']:.1%} "
        f"(95% CI {100 * e['ci95_low'] + 0.0:.1f} to {100 * e['ci95_high'] + 0.0:.1f}; "
        f"n = {e['runs_with']} / {e['runs_without']})"
    )
