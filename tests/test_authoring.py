"""Author tools: golden paths (`roleplay test`) and the skeleton (`roleplay new`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.authoring.golden import load_paths, run_path
from roleplay.authoring.scaffold import scaffold
from roleplay.cli import main
from roleplay.errors import ScenarioError
from roleplay.loading import LoadedCase, load_case
from roleplay.model.case import GoldenPath


def test_the_roadmap_golden_paths_pass(algiers: LoadedCase) -> None:
    paths = load_paths(algiers.path, algiers.blueprint)
    assert len(paths) >= 3
    assert all(run_path(algiers.blueprint, p).passed for p in paths)


def test_a_diverging_step_is_named_with_its_reason(algiers: LoadedCase) -> None:
    path = GoldenPath(name="too early", steps=["propose_road_map"])
    outcome = run_path(algiers.blueprint, path)
    assert not outcome.passed
    assert "step 1 ('propose_road_map') diverged at turn 0" in outcome.detail
    assert "needs phase == 'drafting' (phase is opening)" in outcome.detail


def test_a_failing_check_and_a_wrong_ending_say_what_they_found(algiers: LoadedCase) -> None:
    check = run_path(algiers.blueprint, GoldenPath(name="c", steps=["college_meeting", "? capital > 200"]))
    assert not check.passed and "step 2 ('? capital > 200') does not hold at turn 1" in check.detail
    ending = run_path(algiers.blueprint, GoldenPath(name="e", then="history", expect_ending="roadmap_joint"))
    assert not ending.passed and "expected ending roadmap_joint, got roadmap_separate" in ending.detail


def test_a_sibling_file_with_mistakes_names_file_line_and_field(algiers: LoadedCase, tmp_path: Path) -> None:
    case = tmp_path / "roadmap.toml"
    case.write_text(algiers.path.read_text(encoding="utf-8"), encoding="utf-8")
    sibling = tmp_path / "roadmap.tests.toml"
    sibling.write_text(
        '[[tests]]\nname = "x"\nsteps = ["prisoner_exchange",\n  "proximity_talk:platform"]\n'
        'expect = ["trust.platfrom > 3"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ScenarioError) as caught:
        load_paths(case, algiers.blueprint)
    problems = {p.field: p for p in caught.value.problems}
    assert problems["tests[0].steps[1]"].line == 4
    assert "neither a move nor a choice" in problems["tests[0].steps[1]"].message
    assert problems["tests[0].expect[0]"].line == 5 and "platform" in problems["tests[0].expect[0]"].message


def test_test_command_exit_codes(algiers: LoadedCase, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(algiers.path)]) == 0
    assert "3 passed, 0 failed" in capsys.readouterr().out


def test_new_makes_a_case_that_validates_and_passes_its_own_test(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    created = scaffold("peace-talks", tmp_path)
    assert {p.name for p in created} == {
        "peace-talks.toml",
        "peace_talks_party_a.toml",
        "peace_talks_party_b.toml",
        "peace_talks_mediator.toml",
        "case.json",
        "persona.json",
        ".taplo.toml",
    }
    assert main(["validate", str(tmp_path)]) == 0
    case = load_case(tmp_path / "scenarios" / "peace-talks.toml")
    assert case.case.id == "peace_talks"
    assert main(["test", str(tmp_path / "scenarios" / "peace-talks.toml")]) == 0
    before = (tmp_path / "scenarios" / "peace-talks.toml").read_text(encoding="utf-8")
    assert main(["new", "peace-talks", "--dir", str(tmp_path)]) == 1
    assert "not overwriting" in capsys.readouterr().err
    assert (tmp_path / "scenarios" / "peace-talks.toml").read_text(encoding="utf-8") == before
    assert main(["new", "Bad Name", "--dir", str(tmp_path)]) == 1


def test_validate_checks_golden_path_files_with_their_case(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CASE.tests.toml is checked with its case (a typo in it is one error, in it), never as a
    case of its own; hidden files such as an editor's .taplo.toml are left alone (issue 14)."""
    scaffold("peace-talks", tmp_path)
    tests = tmp_path / "scenarios" / "peace-talks.tests.toml"
    tests.write_text('[[tests]]\nname = "a typo"\nseed = 1\nsteps = ["no_such_move"]\n', encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.count("peace-talks.tests.toml:4") == 1 and "no_such_move" in out, out
    assert ".taplo.toml" not in out
    tests.write_text('[[tests]]\nname = "fine"\nseed = 1\nsteps = []\n', encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 0
    assert main(["validate", str(tests)]) == 0
    capsys.readouterr()
    (tmp_path / "scenarios" / "peace-talks.toml").rename(tmp_path / "scenarios" / "other.toml")
    assert main(["validate", str(tests)]) == 1
    assert "a case that is not there: peace-talks.toml" in capsys.readouterr().out


def test_a_golden_path_names_the_history_steps_it_skipped() -> None:
    """`then = "history"` names each historical step it could not play and why (issue 14:
    the history strategy failed silently)."""
    from conftest import BAMAKO_PATH

    from roleplay.authoring.golden import run_path

    loaded = load_case(BAMAKO_PATH)
    path = next(t for t in loaded.case.tests if t.then == "history")
    outcome = run_path(loaded.blueprint, path)
    # Bamako's replay ends on 20 June 2017 before its spare sessions: each is named, with why
    assert "history skipped: step 33 (Chair the monthly committee session) was not played: the game ended on" in (
        outcome.detail
    )
