"""`roleplay play CASE --watch`: an edit to the case shows at the point reached; a broken edit
shows its errors and keeps the last good game (issue 14, live reload)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import case_loaded, wait_for

from roleplay.game import Game
from roleplay.game.reload import reload_game
from roleplay.tui.app import create_app
from roleplay.tui.screens.mediation import MediationScreen
from roleplay.tui.widgets.move_list import MoveList

pytestmark = pytest.mark.usefixtures("data_dir")

OLD_NAME = 'name = "Proximity talks"'
NEW_NAME = 'name = "Proximity talks, as edited"'


@pytest.fixture
def case(tmp_path: Path) -> Path:
    """A copy of the tutorial case with its personas, to edit."""
    shutil.copytree(ROOT / "personas", tmp_path / "personas")
    (tmp_path / "scenarios").mkdir()
    path = tmp_path / "scenarios" / "tutorial.toml"
    shutil.copy(ROOT / "scenarios" / "tutorial.toml", path)
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000  # a save within the same clock tick still shows
    os.utime(path, ns=(stamp, stamp))


def played_game(case: Path, moves: list[tuple[str, str | None]]) -> Game:
    game = Game.new(case, 3)
    for move, target in moves:
        game.play(move, target)
    return game


def test_an_edit_is_replayed_to_the_same_point(case: Path) -> None:
    game = played_game(case, [("proximity_talks", "coordination"), ("plenary", None)])
    edit(case, OLD_NAME, NEW_NAME)
    result = reload_game(game)
    assert (result.replayed, result.inputs, result.stopped) == (2, 2, None)
    assert result.game.turn == game.turn == 2
    assert result.game.move_name("proximity_talks") == "Proximity talks, as edited"
    assert result.game.seed == 3


def test_an_input_the_edited_case_refuses_stops_the_replay_with_its_reason(case: Path) -> None:
    game = played_game(case, [("plenary", None), ("proximity_talks", "coordination")])
    edit(case, "available = \"standing.target != 'outside'\"", 'available = "turn > 5"')
    result = reload_game(game)
    assert result.replayed == 1 and result.inputs == 2
    assert result.stopped is not None
    assert "input 2 (Proximity talks with" in result.stopped and "turn" in result.stopped
    assert result.game.turn == 1


async def test_the_app_reloads_on_save_and_keeps_the_game_when_the_edit_is_broken(case: Path) -> None:
    app = create_app(case=case, seed=2, watch=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await case_loaded(pilot)
        await pilot.press("escape")  # the briefing
        await wait_for(pilot, lambda: isinstance(app.screen, MediationScreen), timeout=10, message="the main screen")
        assert app.game is not None
        first = app.game
        first.play("plenary", None)

        edit(case, OLD_NAME, NEW_NAME)

        def reloaded_names() -> bool:
            if app.game is first or not isinstance(app.screen, MediationScreen):
                return False
            lists = app.screen.query(MoveList)  # the new screen may not have composed its widgets yet
            return any(
                "as edited" in str(moves.get_option_at_index(i).prompt)
                for moves in lists
                for i in range(moves.option_count)
            )

        await wait_for(pilot, reloaded_names, timeout=10, message="the edited move name on screen")
        assert app.game is not None and app.game.turn == 1
        good = app.game

        case.write_text(case.read_text(encoding="utf-8") + "\n[[moves]\n", encoding="utf-8")
        await wait_for(
            pilot,
            lambda: any("does not load" in (n.title or "") for n in app._notifications),
            timeout=10,
            message="the errors of the broken edit",
        )
        assert app.game is good and app.game.turn == 1
        assert isinstance(app.screen, MediationScreen)
