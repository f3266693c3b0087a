"""Playtests from any point (issue 14): `--at PHASE --set NAME=VALUE` and the debug panel set
values by hand as recorded inputs, so a playtest replays exactly and says it is one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FULL_ALGIERS_PATH as ALGIERS
from helpers import case_loaded, new_session, wait_for

from roleplay.cli import main
from roleplay.debrief import build_debrief
from roleplay.errors import MoveError, UsageError
from roleplay.game.playtest import parse_setting
from roleplay.loading import LoadedCase, load_case
from roleplay.storage.saves import resume, save
from roleplay.tui.app import create_app
from roleplay.tui.screens.debug import DebugScreen
from roleplay.tui.screens.mediation import MediationScreen
from roleplay.tui.widgets.parties_table import PartiesTable

pytestmark = pytest.mark.usefixtures("data_dir")


@pytest.fixture(scope="module")
def algiers() -> LoadedCase:
    return load_case(ALGIERS)


def test_a_setting_is_recorded_with_its_change_and_replays_exactly(algiers: LoadedCase, tmp_path: Path) -> None:
    session = new_session(algiers, 4)
    session.set("phase", "p3_committee")
    record = session.set("trust.coordination", 33)
    assert record["type"] == "set" and record["name"] == "trust.coordination"
    assert [(c["value"], c["to"]) for c in record.get("changes", [])] == [("trust.coordination", 33.0)]
    assert session.world.phase == "p3_committee" and "phase3" in session.world.phase_path
    assert session.world.parties["coordination"].trust == 33
    assert ("table_elements", None) in session.playable()  # a Phase III move, at turn 0
    session.play("table_elements")
    path = tmp_path / "playtest.jsonl"
    save(session, path)
    replayed = resume(path, algiers.blueprint, algiers.digest)
    assert replayed.records == session.records


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("trust.nobody", 40, "cannot be set"),
        ("trust.coordination", 140, "from 0 to 100"),
        ("flag.hearings", 1, "true or false"),
        ("standing.platform", "asleep", "one of"),
        ("phase", "inclusive_agreement", "a phase of the case"),
        ("date", "2014-01-01", "cannot go back"),
    ],
)
def test_a_setting_that_cannot_be_made_says_why(algiers: LoadedCase, name: str, value: object, words: str) -> None:
    session = new_session(algiers, 1)
    with pytest.raises(MoveError, match=words):
        session.set(name, value)  # type: ignore[arg-type]
    assert len(session.records) == 1  # nothing recorded


def test_a_position_stays_inside_its_red_line(algiers: LoadedCase) -> None:
    session = new_session(algiers, 1)
    party = session.world.parties["government"]
    session.set("position.government.status", 100)
    assert party.position["status"] == party.red_high["status"] < 100


def test_settings_are_read_as_an_author_types_them() -> None:
    assert parse_setting("trust.coordination=40") == ("trust.coordination", 40)
    assert parse_setting(" flag.hearings = true ") == ("flag.hearings", True)
    assert parse_setting("draft.status=12.5") == ("draft.status", 12.5)
    assert parse_setting("phase=p3_committee") == ("phase", "p3_committee")
    for bad in ("trust.coordination", "=40", "trust.coordination=", "capital=nan"):
        with pytest.raises(UsageError):
            parse_setting(bad)


def test_run_from_a_phase_with_values(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    transcript = tmp_path / "t.jsonl"
    argv = ["run", str(ALGIERS), "--at", "p3_committee", "--set", "trust.coordination=21", "--set"]
    code = main([*argv, "flag.hearings=true", "--moves", "table_elements", "--json", "--transcript", str(transcript)])
    out, err = capsys.readouterr()
    assert code == 0, err
    summary = json.loads(out)
    assert summary["turns"] == 1
    records = [json.loads(line) for line in transcript.read_text(encoding="utf-8").splitlines()[1:]]
    assert [r["name"] for r in records if r["type"] == "set"] == ["phase", "trust.coordination", "flag.hearings"]
    assert main(["replay", str(transcript)]) == 0
    capsys.readouterr()


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--set", "trust.coordination"], "NAME=VALUE"),
        (["--set", "trust.somebody=3"], "cannot be set"),
        (["--at", "phase9"], "a phase of the case"),
    ],
)
def test_run_with_a_bad_setting_says_which(capsys: pytest.CaptureFixture[str], extra: list[str], words: str) -> None:
    code = main(["run", str(ALGIERS), *extra, "--moves", "college_meeting"])
    out, err = capsys.readouterr()
    assert code != 0 and words in err and "Traceback" not in out + err


def test_the_debrief_of_a_playtest_says_it_is_one(algiers: LoadedCase) -> None:
    session = new_session(algiers, 2)
    session.set("capital", 90)
    session.play("college_meeting")
    debrief = build_debrief(algiers.blueprint, session.records)
    assert any("Set by hand (a playtest): capital = 90" in entry.action for entry in debrief.timeline)


async def test_the_debug_panel_sets_a_value_by_hand() -> None:
    app = create_app(case=ALGIERS, seed=5, debug=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await case_loaded(pilot)
        await pilot.press("escape")  # the briefing
        await wait_for(pilot, lambda: isinstance(app.screen, MediationScreen), timeout=10, message="the main screen")
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: isinstance(app.screen, DebugScreen), timeout=5, message="the debug panel")
        await pilot.press(*"trust.platform = 12", "enter")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MediationScreen), timeout=5, message="the main screen")
        assert app.game is not None and app.game.session.world.parties["platform"].trust == 12
        table = app.screen.query_one(PartiesTable)
        row = table.get_row("platform")
        assert any(str(cell).strip().startswith("12 ") for cell in row)


async def test_without_debug_the_panel_is_not_there() -> None:
    app = create_app(case=ALGIERS, seed=5)
    async with app.run_test(size=(120, 40)) as pilot:
        await case_loaded(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MediationScreen), timeout=10, message="the main screen")
        await pilot.press("ctrl+d")
        await pilot.pause(0.2)
        assert isinstance(app.screen, MediationScreen)
