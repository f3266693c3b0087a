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
    moves: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The endings whose chance each move's shift is given for (best, historical), when reached;
    unreached: list[str] = field(default_factory=list)  # and those this strategy never reached


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


def build_report(blueprint: Blueprint, runs: list[Run], seed: int, per_strategy: int) -> Report:
    case = blueprint.case
    quality = {e.id: e.quality for e in case.endings}
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
        best = max(quality, key=lambda e: quality[e])
        historical = [e.id for e in case.endings if e.historical]
        watched = [best, *historical[:1]] if historical and historical[0] != best else [best]
        report.unreached = [e for e in watched if not counts.get(e)]  # a shift of 0 would say nothing
        watched = [e for e in watched if counts.get(e)]
        played_counts = [dict(r.moves) for r in mine]
        for move in blueprint.moves:
            times = [p.get(move, 0) for p in played_counts]
            with_move = [r for r, t in zip(mine, times, strict=True) if t]
            entry: dict[str, Any] = {"runs_played": len(with_move) / n, "mean_times": sum(times) / n}
            for ending_id in watched:  # how playing the move shifts the chance of the ending
                if 0 < len(with_move) < n:
                    hits_with = sum(1 for r in with_move if r.ending == ending_id)
                    hits_all = counts.get(ending_id, 0)
                    p_with = hits_with / len(with_move)
                    p_without = (hits_all - hits_with) / (n - len(with_move))
                    entry[f"shift_{ending_id}"] = p_with - p_without
            report.moves[move] = entry
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
        header = "   moves: share of runs that played it · mean times per run"
        if len(sr.unreached) < 2 and any(k.startswith("shift_") for m in sr.moves.values() for k in m):
            header += " · how playing it shifts the chance of the best (and historical) ending"
        if sr.unreached:
            header += f"\n   (never reached by {sr.strategy}, so no shift to show: {', '.join(sr.unreached)})"
        lines.append(header)
        for move, m in sorted(sr.moves.items(), key=lambda kv: -kv[1]["runs_played"]):
            shifts = " ".join(f"{k.removeprefix('shift_')} {v:+.1%}" for k, v in m.items() if k.startswith("shift_"))
            lines.append(f"     {m['runs_played']:6.1%} {m['mean_times']:5.2f}  {move}  {shifts}")
        lines.append("")
    for label, items in (
        ("phases never reached", report.never_reached_phases),
        ("endings never reached", report.never_reached_endings),
        ("events never fired", report.never_fired_events),
        ("moves never played", report.never_played_moves),
    ):
        lines.append(f"{label}: {', '.join(items) if items else 'none'}")
    return "\n".join(lines) + "\n"
