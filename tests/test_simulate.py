"""`roleplay simulate`: reproducible Monte Carlo reports, in parallel or not, with turn limits."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES

from roleplay.authoring.simulate import StrategyReport, build_report, newcombe, report_text, run_all, wilson
from roleplay.cli import main, progress
from roleplay.loading import LoadedCase, load_case


def test_wilson_interval() -> None:
    low, high = wilson(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-3) and high == pytest.approx(0.5962, abs=1e-3)
    assert wilson(0, 10)[0] == 0.0 and wilson(10, 10)[1] == pytest.approx(1.0)


def test_newcombe_interval_for_a_difference() -> None:
    # Newcombe (1998), table II, example (a): 56/70 against 48/80, method 10.
    low, high = newcombe(56, 70, 48, 80)
    assert low == pytest.approx(0.0524, abs=1e-4) and high == pytest.approx(0.3339, abs=1e-4)
    # Both shares 0 (a best ending neither group reached): an interval around 0, not a point.
    low, high = newcombe(0, 20, 0, 30)
    assert -1 <= low < 0 < high <= 1


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
    # Effects are given only for the watched endings a strategy reached; the others are named.
    for strategy in report.strategies:
        for ending in strategy.unreached:
            assert ending not in strategy.endings and ending not in strategy.watched
            assert not any(ending in m["effects"] for m in strategy.moves.values())
    random = next(s for s in report.strategies if s.strategy == "random")
    assert "roadmap_joint" in random.unreached and random.watched == {"roadmap_separate": "historical"}
    assert any("roadmap_separate" in m["effects"] for m in random.moves.values())


def _assert_effects_consistent(strategy: StrategyReport) -> int:
    """Every move's n adds up to the runs, and every interval holds its difference; returns the effects seen."""
    seen = 0
    for m in strategy.moves.values():
        assert m["runs_with"] + m["runs_without"] == strategy.runs
        assert m["runs_played"] == pytest.approx(m["runs_with"] / strategy.runs)
        compared = 0 < m["runs_with"] < strategy.runs
        assert set(m["effects"]) == (set(strategy.watched) if compared else set())
        for ending, e in m["effects"].items():
            assert e["role"] == strategy.watched[ending]
            assert (e["runs_with"], e["runs_without"]) == (m["runs_with"], m["runs_without"])
            assert e["share_with"] == pytest.approx(e["reached_with"] / e["runs_with"])
            assert e["share_without"] == pytest.approx(e["reached_without"] / e["runs_without"])
            assert e["reached_with"] + e["reached_without"] == strategy.endings[ending]["count"]
            assert e["difference"] == pytest.approx(e["share_with"] - e["share_without"])
            assert -1 <= e["ci95_low"] <= e["difference"] <= e["ci95_high"] <= 1
            seen += 1
    return seen


def test_each_move_effect_has_its_n_and_an_interval(algiers: LoadedCase) -> None:
    runs = run_all(algiers.path, algiers.blueprint, ["random", "greedy"], 120, 0, jobs=1)
    report = build_report(algiers.blueprint, runs, 0, 120)
    assert sum(_assert_effects_consistent(s) for s in report.strategies) > 0
    text = report_text(report, algiers.blueprint)
    assert "A correlation, not a cause" in text and "Newcombe" in text
    random = report.strategies[0]
    move, m = next((k, m) for k, m in random.moves.items() if m["effects"])
    e = m["effects"]["roadmap_separate"]
    below = text.split(f"  {move}\n", 1)[1].splitlines()[0]  # the line under the move's
    assert below.strip().startswith("runs that played it reached roadmap_separate (historical)")
    ci = f"(95% CI {100 * e['ci95_low']:.1f} to {100 * e['ci95_high']:.1f}; n = {m['runs_with']} / {m['runs_without']})"
    assert below.endswith(ci)


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
    random = report["strategies"][0]
    effects = [e for m in random["moves"].values() for e in m["effects"].values()]
    assert effects and all(e["ci95_low"] <= e["difference"] <= e["ci95_high"] for e in effects)
    assert all(e["runs_with"] + e["runs_without"] == 40 for e in effects)
    assert all(m["runs_with"] + m["runs_without"] == 40 for m in random["moves"].values())
    assert main(["simulate", str(algiers.path), "--runs", "0"]) == 1
    assert "at least 1" in capsys.readouterr().err


@pytest.mark.parametrize("form", [[], ["--format", "json"]])
def test_the_report_is_the_same_whatever_the_jobs(
    capsys: pytest.CaptureFixture[str], algiers: LoadedCase, form: list[str]
) -> None:
    reports = []
    for jobs in ("1", "2"):
        assert main(["simulate", str(algiers.path), "--runs", "50", "--jobs", jobs, *form]) == 0
        reports.append(capsys.readouterr().out)
    assert reports[0] == reports[1] and "roadmap_separate" in reports[0]


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_line_is_drawn_on_a_terminal_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, algiers: LoadedCase
) -> None:
    argv = ["simulate", str(algiers.path), "--runs", "30", "--jobs", "1", "--format", "json"]
    assert main(argv) == 0
    piped = capsys.readouterr()
    assert piped.err == ""  # stderr is not a terminal under capsys: no line at all
    monkeypatch.setattr(progress, "MIN_INTERVAL", 0.0)  # draw every update, however fast the runs
    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(argv) == 0
    drawn = terminal.getvalue()
    assert "\rsimulating: 0/30 runs" in drawn and "simulating: 30/30 runs · " in drawn and "runs/s · ETA" in drawn
    assert drawn.endswith("\r") and drawn.rsplit("\r", 2)[1].strip() == ""  # erased at the end
    assert capsys.readouterr().out == piped.out  # the JSON alone, the same as without a terminal


def test_the_progress_line_shows_rate_and_eta_at_most_four_times_a_second() -> None:
    now = [100.0]
    terminal = FakeTerminal()
    with progress.ProgressLine(terminal, 4000, clock=lambda: now[0]) as line:
        now[0] = 102.0
        line.update(1200)
        assert terminal.getvalue() == "\rsimulating: 1,200/4,000 runs · 600 runs/s · ETA 5 s"
        now[0] = 102.1  # too soon after the last: not drawn
        line.update(1300)
        assert "1,300" not in terminal.getvalue()
        now[0] = 300.0  # 200 s in: 10 runs/s, 2,000 to go
        line.update(2000)
        assert terminal.getvalue().endswith("2,000/4,000 runs · 10 runs/s · ETA 3 min 20 s")
    assert terminal.getvalue().endswith(
        "\r" + " " * len("simulating: 2,000/4,000 runs · 10 runs/s · ETA 3 min 20 s") + "\r"
    )
    off = io.StringIO()
    with progress.ProgressLine(off, 10) as line:
        line.update(5)
    assert off.getvalue() == ""
