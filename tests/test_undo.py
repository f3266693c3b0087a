"""Undo in solo practice (issue 12): `u` takes back the last move and the crisis responses
that followed it, by playing the transcript again without them; the autosave follows; in a
class the key says why it does nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASE_PATH as ROADMAP
from helpers import case_loaded, choose, new_session, screens
from textual.widgets import OptionList

from roleplay.classroom.store import SqliteStore
from roleplay.engine.transcript import render
from roleplay.game import Game
from roleplay.loading import LoadedCase
from roleplay.storage.transcripts import read_records
from roleplay.tui.app import RoleplayApp, create_app
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.event import EventDialog
from roleplay.tui.screens.mediation import MediationScreen
from roleplay.tui.widgets.move_list import MoveList
from roleplay.tui.widgets.status_bar import StatusBar

SIZE = (100, 30)
pytestmark = pytest.mark.usefixtures("data_dir")


async def begin(pilot, app: RoleplayApp) -> Game:  # type: ignore[no-untyped-def]
    await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MediationScreen) and app.game is not None
    return app.game


async def answer_crises(pilot, app: RoleplayApp) -> None:  # type: ignore[no-untyped-def]
    for _ in range(20):
        if not isinstance(app.screen, EventDialog):
            return
        await choose(pilot, app.screen.query_one(OptionList), app.screen.event.choices[0].id)
    raise AssertionError(f"crises kept coming: {screens(pilot)}")


async def test_u_takes_back_the_last_move_and_its_crisis(data_dir: Path) -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot, app)
        await choose(pilot, app.screen.query_one(MoveList), "hundred_days")  # one day: no crisis yet
        assert isinstance(app.screen, MediationScreen), screens(pilot)
        before = render(game.records)
        world = game.session.world.snapshot()
        await choose(pilot, app.screen.query_one(MoveList), "college_meeting")  # 16 July: the Platform's crisis
        assert isinstance(app.screen, EventDialog), screens(pilot)
        await answer_crises(pilot, app)
        assert app.game is not None and app.game.turn == 2
        assert app.game.records[-1]["type"] == "choice"  # the move, then the response to its crisis
        await pilot.press("u")
        await pilot.pause()
        game = app.game
        assert game.turn == 1
        assert render(game.records) == before  # the move and the response are both gone
        assert game.session.world.snapshot() == world
        assert "turn 1 of" in str(app.screen.query_one(StatusBar).render())
        autosave = data_dir / "autosave" / "algiers_roadmap.jsonl"
        assert render(read_records(autosave)) == before  # the autosave follows the undo
        await choose(pilot, app.screen.query_one(MoveList), "two_tracks")  # and play goes on
        await answer_crises(pilot, app)
        assert game.turn == 2 and game.records[2]["type"] == "turn" and game.records[2]["move"] == "two_tracks"


async def test_u_before_any_move_says_there_is_nothing_to_undo() -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot, app)
        await pilot.press("u")
        await pilot.pause()
        assert game.turn == 0 and app.game is game
        assert any("Nothing to undo" in str(n.message) for n in app._notifications)


def test_undo_replays_to_the_same_state_as_before_the_move(algiers: LoadedCase) -> None:
    """Without the app: the game after an undo is the game that never played the move, down
    to the random generator (the next move draws the same outcome it would have)."""
    game = Game(algiers, new_session(algiers, 7), None)
    game.play("hundred_days", None)
    records, world, rng = render(game.records), game.session.world.snapshot(), game.session.rng.getstate()
    game.play("two_tracks", None)
    while game.session.pending:
        game.respond(game.session.pending[0].choices[0].choice.id)
    undone = game.undo()
    assert undone["move"] == "two_tracks" and undone["turn"] == 2 and game.turn == 1
    assert render(game.records) == records
    assert game.session.world.snapshot() == world and game.session.rng.getstate() == rng
    game.undo()
    assert game.turn == 0 and len(game.records) == 1


async def test_undo_is_off_in_a_class_and_says_so(tmp_path: Path, algiers: LoadedCase) -> None:
    store = SqliteStore(tmp_path / "class.sqlite")
    code = store.create_class("test class", str(algiers.path), algiers.digest, 4).code
    app = create_app(class_code=code, team="blue", store=store.path)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot)
        await pilot.press("enter")  # the briefing
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen) and app.game is not None
        await choose(pilot, app.screen.query_one(MoveList), "college_meeting")
        await answer_crises(pilot, app)
        turn = app.game.turn
        await pilot.press("u")
        await pilot.pause()
        assert app.game.turn == turn == 1
        assert any("Undo is off in a class" in str(n.message) for n in app._notifications)
    assert [a.ident for a in store.actions(code, "blue")][:1] == ["college_meeting"]  # nothing taken back
