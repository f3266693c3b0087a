"""The probe (issue 11, item 10): it finds tricks where they exist, and its sections compute
what they say. Run on the tutorial case with a small budget, so the tests take seconds."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from roleplay.authoring.probe.cynic import cynic_of, procedure, rubric_good_practice
from roleplay.authoring.probe.improve import Climb, Fitness, accept_worse, fitness, improve
from roleplay.authoring.probe.plans import Plan, fixed_outcome, play_plan, start, top_endings
from roleplay.authoring.probe.run import ProbeOptions, probe, report_text
from roleplay.authoring.probe.search import Goal, best_ending_rule
from roleplay.cli import main
from roleplay.loading import load_case

TUTORIAL = Path(__file__).resolve().parent.parent / "scenarios" / "tutorial.toml"
# A budget of games, and a guard far above what the searches need: the report cannot depend
# on the machine's load.
SMALL = ProbeOptions(
    seconds=300, jobs=1, held_out=20, spam_seeds=3, spam_confirm=7, greedy_seeds=3, width=8, budget=600
)


@pytest.fixture(scope="module")
def report() -> dict[str, object]:
    return probe(TUTORIAL, load_case(TUTORIAL).blueprint, SMALL)


def test_the_probe_finds_a_plan_that_wins_the_best_ending(report: dict[str, object]) -> None:
    trick = report["trick"]
    assert isinstance(trick, dict)
    robust = trick["robust"]
    assert robust is not None and robust["moves"]
    blueprint = load_case(TUTORIAL).blueprint
    best = top_endings(blueprint, 1)
    plan = Plan(
        tuple((m.split(":")[0], m.split(":")[1] if ":" in m else None) for m in robust["moves"]), robust["responses"]
    )
    wins = sum(1 for seed in range(1000, 1020) if (e := play_plan(blueprint, seed, plan).ending) and e.id in best)
    assert wins / 20 == robust["best_share"]  # the share is what the plan does when replayed
    assert robust["best_share"] > 0


def test_spam_counts_every_option_with_both_fallbacks(report: dict[str, object]) -> None:
    spam = report["spam"]
    assert isinstance(spam, dict)
    blueprint = load_case(TUTORIAL).blueprint
    assert spam["policies"] == 2 * len(blueprint.options)
    for row in spam["worst"]:
        # a policy that reached one of the two best endings on its first seeds is played on more
        games = SMALL.spam_seeds + (SMALL.spam_confirm if row["top_two_share"] > 0 else 0)
        assert sum(row["endings"].values()) == row["games"] == games


def test_a_spam_policy_that_wins_early_is_measured_on_more_seeds(report: dict[str, object]) -> None:
    spam = report["spam"]
    assert isinstance(spam, dict)
    confirmed = [row for row in spam["worst"] if row["games"] > SMALL.spam_seeds]
    assert confirmed  # the tutorial's spam reaches its two best endings (a small case)
    blueprint = load_case(TUTORIAL).blueprint
    top2 = top_endings(blueprint, 2)
    row = confirmed[0]
    assert row["top_two_share"] == sum(n for e, n in row["endings"].items() if e in top2) / row["games"]


def test_the_cynic_avoids_good_practice_but_keeps_the_procedure(report: dict[str, object]) -> None:
    blueprint = load_case(TUTORIAL).blueprint
    cynical = report["cynical"]
    assert isinstance(cynical, dict)
    assert cynical["basis"] == "rubric"  # the tutorial tags no move as good practice
    needed = procedure(blueprint, best_ending_rule(blueprint))
    waiting = {m for m, c in blueprint.moves.items() if c.move.cost.capital == 0}
    assert set(cynical["avoided_moves"]) == rubric_good_practice(blueprint) - needed - waiting
    assert set(cynical["avoided_moves"]).isdisjoint(cynical["kept"])
    plan = cynical["plan"]
    if plan is not None:
        assert not {m.split(":")[0] for m in plan["moves"]} & set(cynical["avoided_moves"])


def test_inflation_compares_k_plays_with_the_log_bound(report: dict[str, object]) -> None:
    inflation = report["inflation"]
    assert isinstance(inflation, dict)
    assert inflation["worst"]
    for row in inflation["worst"]:
        harmonic = sum(1 / k for k in range(1, row["k"] + 1))
        for fundamental, first in row["first"].items():
            # The debrief counts the k-th play's mark / k: k plays stay within (ln k + 1) marks.
            assert row["after_k"][fundamental] == pytest.approx(first * harmonic, abs=0.01)
        assert row["ratio"] <= 1.0


def test_same_options_same_report_whatever_the_jobs(report: dict[str, object]) -> None:
    assert "(a) Open-loop trick" in report_text(report)
    again = probe(TUTORIAL, load_case(TUTORIAL).blueprint, replace(SMALL, jobs=2))
    # The budget, not the clock, ends every search: nothing was cut, so nothing may differ.
    assert report["cut_by_time"] == again["cut_by_time"] == []
    assert report["trick"]["robust"] is not None  # there was something to compare
    same = {k: v for k, v in report.items() if k not in ("seconds", "options")}
    assert {k: v for k, v in again.items() if k not in ("seconds", "options")} == same


def test_cli_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["probe", str(TUTORIAL), "--seconds", "4", "--held-out", "5", "--json"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {"trick", "spam", "cynical", "inflation", "seeds", "cut_by_time", "best_endings"}
    assert main(["probe", str(TUTORIAL), "--jobs", "0"]) == 1
    assert main(["probe", str(TUTORIAL), "--budget", "0"]) == 1


ALGIERS = TUTORIAL.with_name("algiers-2014-2015.toml")


def test_a_reseeded_fork_keeps_the_case_seed_and_changes_only_the_luck() -> None:
    blueprint = load_case(ALGIERS).blueprint
    plan = Plan((("prisoner_exchange", None), ("proximity_talks", "coordination"), ("propose_road_map", None)) * 4)
    native = play_plan(blueprint, 7, plan)
    assert play_plan(blueprint, 7, plan, 0).summary() == native.summary()  # fork 0 is the seed itself
    assert start(blueprint, 7, 3).summary() == start(blueprint, 7).summary()  # the same case draws
    forks = [play_plan(blueprint, 7, plan, fork).summary() for fork in range(1, 6)]
    assert any(f != native.summary() for f in forks)  # other luck: a cold meeting, a random event
    assert forks == [play_plan(blueprint, 7, plan, fork).summary() for fork in range(1, 6)]  # and reproducible


def test_fixed_outcome_moves_leave_nothing_to_chance() -> None:
    blueprint = load_case(ALGIERS).blueprint
    fixed = fixed_outcome(blueprint)
    assert "review_separately" in fixed and "enshrine_red_lines" in fixed
    assert "proximity_talks" not in fixed  # heard or cold, by the draw
    assert "sanctions_threat" not in fixed  # pressure: a walk-out, by the draw
    assert all(not blueprint.moves[m].move.outcomes for m in fixed)


def test_a_climb_never_returns_a_worse_plan_than_its_start() -> None:
    blueprint = load_case(TUTORIAL).blueprint
    goal = Goal.of(blueprint)
    draws = [(1, fork) for fork in range(6)]
    plan = Plan(tuple(blueprint.options[:3]))
    before = fitness(blueprint, plan, draws, goal)
    after, fit = improve(blueprint, plan, draws, goal, Climb(rng_seed=0, budget=240, deadline=float("inf")))
    assert fit == fitness(blueprint, after, draws, goal) and fit >= before
    unchanged, _ = improve(blueprint, plan, draws, goal, Climb(rng_seed=0, budget=0, deadline=float("inf")))
    assert unchanged == plan  # no budget, no step


def test_the_cynic_avoids_the_tagged_moves_except_those_the_best_ending_cannot_do_without() -> None:
    blueprint = load_case(ALGIERS).blueprint
    cynic = cynic_of(blueprint)
    assert cynic.basis == "tags"
    assert cynic.good == {m for m, c in blueprint.moves.items() if c.move.good_practice}
    assert cynic.avoided | cynic.kept == cynic.good and not cynic.avoided & cynic.allowed
    # The best ending needs flag.direct_dialogue, which only direct dialogue sets.
    assert "direct_dialogue" in cynic.kept
    # Both doors out of the hearings phase are tagged: the cynic must take one of them.
    assert {"civil_society_hearings", "civil_society_at_table"} <= cynic.kept
    # ... but reopening the text opens `consultation_granted or reopened`, and status_first
    # unblocks Phase II as well as the triumvirate does.
    assert {"grant_consultation_time", "triumvirate", "prisoner_exchange"} <= cynic.avoided
    # Crises: never an answer with net positive marks when another exists.
    assert cynic.choices["platform_recognition"] == {"fold_into_government"}
    assert cynic.choices["tabankort_clashes"] == {"blame_proxies"}
    assert "security_seats_only" not in cynic.choices["splinters_demand_seats"]


def test_annealing_keeps_a_worse_plan_only_while_hot() -> None:
    rng = random.Random(0)
    current: Fitness = (5, -2.0, -40.0, -30)
    worse: Fitness = (4, -2.5, -40.0, -30)  # half a point more shortfall
    assert not any(accept_worse(worse, current, 0.0, rng) for _ in range(200))  # cold: never
    hot = sum(accept_worse(worse, current, 0.5, rng) for _ in range(2000)) / 2000
    assert 0.3 < hot < 0.45  # exp(-0.5 / 0.5) = 0.37
    assert accept_worse((5, -2.0, -41.0, -31), current, 0.1, rng)  # no worse in shortfall: kept


def test_the_cases_golden_paths_are_played_blind(report: dict[str, object]) -> None:
    """An author's own winning path, replayed without looking on the held-out seeds, is a
    trick the search must not miss: the report plays each golden path's moves blind."""
    from conftest import FULL_ALGIERS_PATH

    from roleplay.authoring.probe.plans import golden_plans

    trick = report["trick"]
    assert isinstance(trick, dict) and trick["golden"] == []  # the tutorial's path only says 'then history'
    blueprint = load_case(FULL_ALGIERS_PATH).blueprint
    plans = dict(golden_plans(blueprint))
    path = next(t for t in blueprint.case.tests if t.name in plans and len(t.steps) > 20)
    plan = plans[path.name]
    moves = [s.partition("@")[0] for s in path.steps if s.partition(":")[0].partition("@")[0] in blueprint.moves]
    assert plan.steps() == moves
    answers = {c.choice.id for e in blueprint.events.values() for c in e.choices}
    assert set(plan.responses.values()) == {s for s in path.steps if s in answers}


def test_the_report_says_what_a_climb_changed_in_a_golden_path() -> None:
    from roleplay.authoring.probe.run import plan_changes

    before = Plan((("a", None), ("b", None), ("c", "x")), {})
    after = Plan((("a", None), ("d", None), ("c", "x"), ("e", None)), {})
    assert plan_changes(before, after) == ["- b", "+ d (after step 1)", "+ e (after step 3)"]
    assert plan_changes(before, before) == []


def test_a_golden_path_is_also_climbed_and_the_climb_played_blind() -> None:
    """A golden path with one move added or moved can be a trick the path as written is not
    (Algiers: 35% of held-out seeds as written, 49% after a climb): the probe climbs from each
    golden path and plays what it ends on blind, beside the path as written."""
    roadmap = TUTORIAL.with_name("algiers-roadmap-2014.toml")
    found = probe(roadmap, load_case(roadmap).blueprint, replace(SMALL, held_out=5, budget=300))
    golden = found["trick"]["golden"]  # type: ignore[index]
    assert golden and all("climbed" in entry for entry in golden)
    for entry in golden:
        climbed = entry["climbed"]
        assert climbed["seeds"] == 5 and isinstance(climbed["changes"], list)
        assert (climbed["moves"] != entry["moves"]) == bool(climbed["changes"])
    assert "golden path" in report_text(found)
