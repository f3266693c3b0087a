"""`roleplay simulate`: reproducible Monte Carlo reports, in parallel or not, with turn limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES

from roleplay.authoring.simulate import build_report, run_all, wilson
from roleplay.cli import main
from roleplay.loading import LoadedCase, load_case


def test_wilson_interval() -> None:
    low, high = wilson(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-3) and high == pytest.approx(0.5962, abs=1e-3)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == pytest.approx(1.0)


def test_same_seed_same_report_whatever_the_jobs(algiers: LoadedCase) -> None:
    one = run_all(algiers.path, algiers.blueprint, ["random", "history"], 60, 7, jobs=1)
    two = run_all(algiers.path, algiers.blueprint, ["random", "history"], 60, 7, jobs=2)
    assert one == two
    other = run_all(algiers.path, algiers.blueprint, ["random"], 60, 8, jobs=1)
    assert [r.ending for r in other] != [r.ending for r in one[:60]]


def test_report_counts_and_reachability(algiers: LoadedCase) -> None:
    runs = run_all(algiers.path, algiers.blueprint, ["random", "history"], 100, 0, jobs=1)
    report = build_report(algiers.blueprint, runs, 0, 100)
    for strategy in report.strategies:
        assert sum(e["count"] for e in strategy.endings.values()) == 100
        for e in strategy.endings.values():
            assert e["ci95_low"] <= e["share"] <= e["ci95_high"]
    history = next(s for s in report.strategies if s.strategy == "history")
    assert history.endings["roadmap_separate"]["count"] == 100
    reached = {e for s in report.strategies for e in s.endings}
    assert set(report.never_reached_endings) == {e.id for e in algiers.case.endings} - reached
    assert all(history.moves[m]["runs_played"] == 1.0 for m in ("prisoner_exchange", "call_signing"))
    # Shifts are given only for the watched endings a strategy reached; the others are named.
    for strategy in report.strategies:
        for ending in strategy.unreached:
            assert ending not in strategy.endings
            assert not any(f"shift_{ending}" in m for m in strategy.moves.values())
    random = next(s for s in report.strategies if s.strategy == "random")
    assert "roadmap_joint" in random.unreached
    assert any("shift_roadmap_separate" in m for m in random.moves.values())


def test_a_case_that_never_ends_stops_at_the_turn_limit(tmp_path: Path) -> None:
    source = (FIXTURES / "mini" / "scenarios" / "mini.toml").read_text(encoding="utf-8")
    # A long clock and a small turn limit: only the limit can end these sessions.
    text = source.replace('end = "2020-01-11"', 'end = "2030-01-01"').replace("max_turns = 50", "max_turns = 7")
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "endless.toml").write_text(text, encoding="utf-8")
    (tmp_path / "personas").symlink_to(FIXTURES / "mini" / "personas", target_is_directory=True)
    case = load_case(tmp_path / "scenarios" / "endless.toml")
    runs = run_all(case.path, case.blueprint, ["random"], 30, 0, jobs=1)
    report = build_report(case.blueprint, runs, 0, 30)
    hits = report.strategies[0].turn_limit_hits
    assert hits == sum(1 for r in runs if r.reason == "turn_limit") and hits > 0
    assert all(r.turns <= 7 for r in runs)


def test_simulate_command_json(capsys: pytest.CaptureFixture[str], algiers: LoadedCase) -> None:
    assert main(["simulate", str(algiers.path), "--runs", "40", "--jobs", "2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["runs"] == 40 and report["strategies"][0]["strategy"] == "random"
    assert main(["simulate", str(algiers.path), "--runs", "0"]) == 1
    assert "at least 1" in capsys.readouterr().err
