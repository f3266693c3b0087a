"""The probe's sections as report data: plans with the endings they reached, single-move
spam, and rubric inflation by repetition."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from roleplay.authoring.probe.cynic import Cynic
from roleplay.authoring.probe.plans import Option, Plan, rubric_tally
from roleplay.engine.blueprint import Blueprint

#: One spam game: its ending, its rubric tally and the most plays of the spammed move.
SpamRun = tuple[str | None, dict[str, float], int]


def share(endings: Sequence[str | None], goal: frozenset[str]) -> float:
    return round(sum(1 for e in endings if e in goal) / len(endings), 3) if endings else 0.0


def distribution(endings: Iterable[str | None]) -> dict[str, int]:
    counts = Counter(e or "(no ending)" for e in endings)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def plan_entry(plan: Plan | None, runs: list[tuple[str | None, int]], best: frozenset[str]) -> dict[str, Any] | None:
    if plan is None:
        return None
    endings = [e for e, _ in runs]
    won = sorted(t for e, t in runs if e in best)
    return {
        "moves": plan.steps(),
        "responses": dict(sorted(plan.responses.items())),
        "seeds": len(runs),
        "best_share": share(endings, best),
        "endings": distribution(endings),
        "median_turns_when_won": won[len(won) // 2] if won else None,
    }


def cynic_section(
    cynic: Cynic,
    plan: dict[str, Any] | None,
    beam_plan: dict[str, Any] | None,
    greedy: dict[str, Any],
    training_wins: int,
) -> dict[str, Any]:
    """What the cynic avoided and kept, on what basis, and how its plans and the greedy cynic did."""
    return {
        "basis": cynic.basis,
        "good_practice": sorted(cynic.good),
        "avoided_moves": sorted(cynic.avoided),
        "kept": sorted(cynic.kept),
        "choices": {event: sorted(ids) for event, ids in sorted(cynic.choices.items())},
        "plan": plan,
        "training_wins": training_wins,
        "beam_plan": beam_plan,
        "greedy": greedy,
    }


def spam_section(spam: dict[tuple[Option, str], list[SpamRun]], top2: frozenset[str]) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for (option, fallback), runs in spam.items():
        endings = [e for e, _, _ in runs]
        rows.append(
            {
                "move": option[0] if option[1] is None else f"{option[0]}:{option[1]}",
                "fallback": fallback,
                "top_two_share": share(endings, top2),
                "games": len(endings),
                "endings": distribution(endings),
            }
        )
    rows.sort(key=lambda r: (-r["top_two_share"], r["move"], r["fallback"]))
    worst = rows[0]["top_two_share"] if rows else 0.0
    return {
        "policies": len(rows),
        "max_top_two_share": worst,
        "reaching_top_two": sum(1 for r in rows if r["top_two_share"] > 0),
        "worst": rows[:10],
    }


def inflation_section(blueprint: Blueprint, spam: dict[tuple[Option, str], list[SpamRun]]) -> dict[str, Any]:
    """For each move, the most plays in one spam game, what those plays add to each rubric
    fundamental (the move's own marks, counted as the debrief counts them), and the ratio to
    (ln k + 1) times its first mark."""
    rows: list[dict[str, Any]] = []
    for move_id, compiled in blueprint.moves.items():
        marks = compiled.move.rubric
        if not marks:
            continue
        k = max(
            (count for (option, _), runs in spam.items() if option[0] == move_id for _, _, count in runs), default=0
        )
        if k < 2:
            continue
        one = _tally_of(blueprint, move_id, 1)
        many = _tally_of(blueprint, move_id, k)
        bound = math.log(k) + 1
        worst = max((abs(many[f]) / (bound * abs(one[f])) for f in one if one[f]), default=0.0)
        rows.append(
            {
                "move": move_id,
                "k": k,
                "first": one,
                "after_k": many,
                "bound_factor": round(bound, 2),
                "ratio": round(worst, 2),
            }
        )
    rows.sort(key=lambda r: (-r["ratio"], r["move"]))
    return {
        "moves": len(rows),
        "max_ratio": rows[0]["ratio"] if rows else 0.0,
        "over_bound": sum(1 for r in rows if r["ratio"] > 1.0),
        "worst": rows[:10],
    }


def _tally_of(blueprint: Blueprint, move_id: str, k: int) -> dict[str, float]:
    tally = rubric_tally(blueprint, {move_id: k})
    return {f: round(v, 2) for f, v in tally.items() if v}


def blocks(endings: list[str | None], best: frozenset[str], size: int = 50) -> list[float]:
    return [share(endings[i : i + size], best) for i in range(0, len(endings), size)]
