"""Undo in solo practice (issue 12): `u` takes back the last move and the crisis responses
that followed it, by playing the transcript again without them, and records that it did (an
undo record, which replays as nothing and the debrief counts); the autosave follows; in a
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
from roleplay.tui.widgets.narrative_log import NarrativeLog
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
        undo = {"type": "undo", "turn": 1, "move": "college_meeting", "target": None}
        assert render(game.records) == before + render([undo])  # the move and the response are gone, the undo kept
        assert game.session.world.snapshot() == world
        assert "turn 1 of" in str(app.screen.query_one(StatusBar).render())
        assert "Took back turn 2, Convene the college of mediators" in "\n".join(
            strip.text for strip in app.screen.query_one(NarrativeLog).lines
        )
        autosave = data_dir / "autosave" / "algiers_roadmap.jsonl"
        assert render(read_records(autosave)) == render(game.records)  # the autosave follows the undo
        await choose(pilot, app.screen.query_one(MoveList), "two_tracks")  # and play goes on
        await answer_crises(pilot, app)
        assert game.turn == 2 and game.records[3]["type"] == "turn" and game.records[3]["move"] == "two_tracks"


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
    assert render(game.records) == records + render([{"type": "undo", "turn": 1, "move": "two_tracks", "target": None}])
    assert game.session.world.snapshot() == world and game.session.rng.getstate() == rng
    game.undo()
    assert game.turn == 0 and [r["type"] for r in game.records] == ["start", "undo"]
    assert game.records[1] == {"type": "undo", "turn": 0, "move": "hundred_days", "target": None}


def test_a_game_with_undos_replays_and_its_debrief_counts_them(algiers: LoadedCase, tmp_path: Path) -> None:
    """The undo records are part of the transcript: the saved game replays exactly (resume,
    `roleplay replay`), the debrief counts the moves taken back and its timeline names them."""
    from roleplay.debrief import build_debrief
    from roleplay.debrief.markdown import to_markdown
    from roleplay.engine.transcript import replay
    from roleplay.storage.saves import session_from_header

    game = Game(algiers, new_session(algiers, 7), None)
    for move in ("hundred_days", "two_tracks", "college_meeting"):
        game.play(move, None)
        while game.session.pending:
            game.respond(game.session.pending[0].choices[0].choice.id)
        if move != "hundred_days":
            game.undo()
    game.play("college_meeting", None)
    kinds = [r["type"] for r in game.records]
    assert kinds.count("undo") == 2
    save = tmp_path / "undone.jsonl"
    game.save_to(save)
    records = read_records(save)
    assert render(records) == render(game.records)
    again = session_from_header(algiers.blueprint, records[0])
    assert replay(again, records) is None and again.world.snapshot() == game.session.world.snapshot()
    debrief = build_debrief(algiers.blueprint, records)
    assert debrief.undone == 2
    taken_back = [e.action for e in debrief.timeline if e.action.startswith("Took back")]
    names = [algiers.blueprint.moves[m].move.name for m in ("two_tracks", "college_meeting")]
    assert taken_back == [f"Took back turn 2, {name}, and what followed it" for name in names]
    assert "2 moves taken back (undo)" in to_markdown(debrief)


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


def test_a_save_that_claims_an_undo_of_no_such_move_is_refused(algiers: LoadedCase, tmp_path: Path) -> None:
    """An undo record replays as nothing, but only of a move the case has: a tampered one
    does not reproduce, as any other record."""
    from roleplay.engine.transcript import replay
    from roleplay.storage.saves import session_from_header

    game = Game(algiers, new_session(algiers, 7), None)
    game.play("hundred_days", None)
    game.undo()
    records = [dict(r) for r in game.records]
    assert replay(session_from_header(algiers.blueprint, records[0]), records) is None  # type: ignore[arg-type]
    records[-1]["move"] = "[x](http://host)"
    assert replay(session_from_header(algiers.blueprint, records[0]), records) == 2  # type: ignore[arg-type]
