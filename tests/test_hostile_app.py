"""The app under faults it used to crash on (issue 13; issue 15's "Session ended" in the
browser and the blank screen after a double Enter): each is said in a notice or a dialog,
the user's data intact, and the app goes on.

- resuming an autosave after the case file was edited (or a damaged autosave);
- the same team playing in two windows (the store says "input is stale");
- a store locked for over 10 s, a full disk (the store's and the autosave's);
- answering a crisis while the class is paused or ended; Enter twice on a crisis.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import CASE_PATH, BrokenCase
from helpers import LOAD_TIMEOUT, case_loaded, choose, screens, wait_for
from textual.widgets import OptionList

from roleplay.classroom.store import SqliteStore, StoreError, store_error
from roleplay.classroom.team import TeamSession
from roleplay.classroom.tokens import saved_token
from roleplay.loading import LoadedCase
from roleplay.tui.app import RoleplayApp, create_app
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.confirm import ConfirmDialog
from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.screens.event import EventDialog
from roleplay.tui.screens.mediation import MediationScreen
from roleplay.tui.widgets.move_list import MoveList

SIZE = (100, 30)
#: Seed 1: 'prisoner_exchange' takes three days and 16 July passes: a crisis asks for an answer.
CRISIS_SEED, CRISIS_MOVE, CRISIS_ANSWER = 1, "prisoner_exchange", "fold_into_government"
pytestmark = pytest.mark.usefixtures("data_dir")


def notices(app: RoleplayApp) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def to_mediation(pilot: Any) -> RoleplayApp:
    app: RoleplayApp = pilot.app
    await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen | MediationScreen))
    if isinstance(app.screen, BriefingScreen):
        await pilot.press("enter")
        await pilot.pause()
    assert isinstance(app.screen, MediationScreen), screens(pilot)
    return app


async def play_a_move(pilot: Any, app: RoleplayApp, move: str = "college_meeting") -> None:
    await choose(pilot, app.screen.query_one(MoveList), move)
    while isinstance(app.screen, EventDialog):
        await choose(pilot, app.screen.query_one(OptionList), app.screen.event.choices[0].id)


# --- the autosave of a case that changed ----------------------------------------------------------


@pytest.fixture
def copied_case(broken_case: Any) -> Path:
    case: BrokenCase = broken_case(source=CASE_PATH)
    return case.path


async def _leave_an_autosave(case: Path) -> list[Any]:
    app = create_app(case=case, seed=5)
    async with app.run_test(size=SIZE) as pilot:
        await to_mediation(pilot)
        await play_a_move(pilot, app)
        assert app.game is not None
        return list(app.game.records)


async def test_an_autosave_of_an_edited_case_is_kept_and_a_new_game_offered(copied_case: Path, data_dir: Path) -> None:
    await _leave_an_autosave(copied_case)
    autosave = data_dir / "autosave" / "algiers_roadmap.jsonl"
    saved = autosave.read_bytes()
    copied_case.write_text(copied_case.read_text(encoding="utf-8") + "\n# an author's edit\n", encoding="utf-8")

    app = create_app(case=copied_case, seed=5)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=LOAD_TIMEOUT, message="a dialog")
        assert isinstance(app.screen, ConfirmDialog)
        assert "the case file has changed since it was saved" in app.screen.question
        assert "Start a new game?" in app.screen.question
        await pilot.press("y")
        await to_mediation(pilot)
        assert app.game is not None and app.game.turn == 0
        await play_a_move(pilot, app)  # the new game's autosave overwrites nothing
        assert "kept as" in notices(app)
    kept = autosave.with_name("algiers_roadmap.unresumed-1.jsonl")
    assert kept.read_bytes() == saved
    assert autosave.read_bytes() != saved


async def test_declining_the_new_game_changes_nothing(copied_case: Path, data_dir: Path) -> None:
    await _leave_an_autosave(copied_case)
    autosave = data_dir / "autosave" / "algiers_roadmap.jsonl"
    saved = autosave.read_bytes()
    copied_case.write_text(copied_case.read_text(encoding="utf-8") + "\n# an author's edit\n", encoding="utf-8")
    app = create_app(case=copied_case, seed=5)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=LOAD_TIMEOUT, message="a dialog")
        await pilot.press("n")
        await pilot.pause()
    assert app.return_code == 0
    assert autosave.read_bytes() == saved
    assert list(autosave.parent.iterdir()) == [autosave]


async def test_a_resume_that_does_not_reproduce_offers_a_new_game(
    copied_case: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest matches but the save does not replay (an engine change): said, not crashed."""
    from roleplay.errors import SaveError
    from roleplay.game import Game

    await _leave_an_autosave(copied_case)

    def refuse(*args: object, **kwargs: object) -> Game:
        raise SaveError("algiers_roadmap.jsonl:3: the save does not reproduce with this case and engine")

    monkeypatch.setattr(Game, "resumed", refuse)
    app = create_app(case=copied_case, seed=5)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=LOAD_TIMEOUT, message="a dialog")
        await pilot.press("y")  # resume
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog), screens(pilot)
        assert "does not reproduce" in app.screen.question
        await pilot.press("y")  # new game
        await to_mediation(pilot)
    assert (data_dir / "autosave" / "algiers_roadmap.unresumed-1.jsonl").is_file()


async def test_a_damaged_autosave_is_said_not_silently_dropped(copied_case: Path, data_dir: Path) -> None:
    autosave = data_dir / "autosave" / "algiers_roadmap.jsonl"
    autosave.parent.mkdir(parents=True)
    autosave.write_text('{"type": "start", "half a record\n', encoding="utf-8")
    app = create_app(case=copied_case, seed=5)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=LOAD_TIMEOUT, message="a dialog")
        assert isinstance(app.screen, ConfirmDialog)
        assert "cannot be read" in app.screen.question
        await pilot.press("y")
        await to_mediation(pilot)
    assert autosave.with_name("algiers_roadmap.unresumed-1.jsonl").read_text(encoding="utf-8").startswith('{"type"')


# --- the autosave on a full disk ---------------------------------------------------------------------


async def test_an_autosave_that_fails_loses_no_move(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "autosave").write_text("a file where the folder should be", encoding="utf-8")  # every write fails
    app = create_app(case=CASE_PATH, seed=5)
    async with app.run_test(size=SIZE) as pilot:
        await to_mediation(pilot)
        await play_a_move(pilot, app)
        assert app.game is not None and app.game.turn == 1  # the move counts
        assert isinstance(app.screen, MediationScreen)
        assert "could not be saved automatically" in notices(app)
        assert "nothing was lost" in notices(app)
        await play_a_move(pilot, app, "security_sidelines")
        assert notices(app).count("could not be saved automatically") == 1  # said once, not every move
        (data_dir / "autosave").unlink()
        await play_a_move(pilot, app, "college_meeting")
        assert "saved automatically again" in notices(app)
        records = list(app.game.records)
    from roleplay.storage.transcripts import read_records

    assert read_records(data_dir / "autosave" / "algiers_roadmap.jsonl") == records


# --- in a class ------------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(tmp_path / "class.sqlite")


@pytest.fixture
def code(store: SqliteStore, algiers: LoadedCase) -> str:
    return store.create_class("test class", str(algiers.path), algiers.digest, CRISIS_SEED).code


async def test_a_team_playing_in_two_windows_is_told_and_rejoins(store: SqliteStore, code: str) -> None:
    app = create_app(class_code=code, team="blue", store=store.path)
    async with app.run_test(size=SIZE) as pilot:
        await to_mediation(pilot)
        token = saved_token(str(store.path), code, "blue")  # the same team, another terminal (admitted)
        other = TeamSession(SqliteStore(store.path), code, "blue", token=token)
        other.submit("move", "college_meeting")
        await choose(pilot, app.screen.query_one(MoveList), "security_sidelines")
        assert "playing in another window" in notices(app)
        assert "Rejoin to continue from there" in notices(app)
        assert app.is_running
        assert app.game is not None
        assert app.game.records == other.session.records  # refreshed from the store
        assert [a.ident for a in store.actions(code, "blue")] == ["college_meeting"]
        while isinstance(app.screen, EventDialog):  # a crisis the other window's move raised
            await choose(pilot, app.screen.query_one(OptionList), app.screen.event.choices[0].id)
        await play_a_move(pilot, app, "security_sidelines")  # and play goes on from there
    moves = [a.ident for a in store.actions(code, "blue") if a.kind == "move"]
    assert moves == ["college_meeting", "security_sidelines"]


async def test_a_crisis_answered_from_a_stale_window_rejoins(store: SqliteStore, code: str) -> None:
    app = create_app(class_code=code, team="blue", store=store.path)
    async with app.run_test(size=SIZE) as pilot:
        await to_mediation(pilot)
        await choose(pilot, app.screen.query_one(MoveList), CRISIS_MOVE)
        assert isinstance(app.screen, EventDialog)
        other = TeamSession(SqliteStore(store.path), code, "blue", token=saved_token(str(store.path), code, "blue"))
        other.submit("choice", CRISIS_ANSWER)
        await choose(pilot, app.screen.query_one(OptionList), CRISIS_ANSWER)
        assert "playing in another window" in notices(app)
        assert isinstance(app.screen, MediationScreen), screens(pilot)
        assert app.game is not None and app.game.records == other.session.records
        assert not app.game.session.pending


async def test_a_locked_store_or_a_full_disk_is_a_notice(
    store: SqliteStore, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(class_code=code, team="blue", store=store.path)
    async with app.run_test(size=SIZE) as pilot:
        await to_mediation(pilot)
        assert app.game is not None and app.game.team is not None
        for fault in ("database is locked", "database or disk is full"):

            def fail(*args: object, fault: str = fault) -> None:
                raise store_error(store.path, sqlite3.OperationalError(fault))

            monkeypatch.setattr(SqliteStore, "commit", fail)
            await choose(pilot, app.screen.query_one(MoveList), "college_meeting")
            assert isinstance(app.screen, MediationScreen) and app.is_running
            assert app.game.turn == 0
        said = notices(app)
        assert "locked by another process for over 10 s" in said
        assert "the disk is full: nothing was lost" in said
        monkeypatch.undo()
        await play_a_move(pilot, app)  # once the store works again, play goes on
        assert app.game.turn == 1
    assert [a.ident for a in store.actions(code, "blue") if a.kind == "move"] == ["college_meeting"]


async def test_a_store_that_cannot_be_polled_is_said_once(
    store: SqliteStore, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(class_code=code, team="blue", store=store.path)
    async with app.run_test(size=SIZE) as pilot:
        await to_mediation(pilot)

        def locked(*args: object) -> None:
            raise store_error(store.path, sqlite3.OperationalError("database is locked"))

        monkeypatch.setattr(SqliteStore, "get_class", locked)
        await wait_for(pilot, lambda: "locked" in notices(app), timeout=5, message="a notice of the lock")
        await pilot.pause(2.5)  # the watcher polls every second
        assert notices(app).count("locked by another process") == 1
        assert app.is_running


@pytest.mark.parametrize("status", ["paused", "ended"])
async def test_answering_a_crisis_in_a_paused_or_ended_class(store: SqliteStore, code: str, status: str) -> None:
    app = create_app(class_code=code, team="blue", store=store.path)
    async with app.run_test(size=SIZE) as pilot:
        await to_mediation(pilot)
        await choose(pilot, app.screen.query_one(MoveList), CRISIS_MOVE)
        assert isinstance(app.screen, EventDialog)
        store.set_status(code, status)  # before the app's watcher has seen it
        await choose(pilot, app.screen.query_one(OptionList), CRISIS_ANSWER)
        assert app.is_running
        assert app.game is not None and app.game.session.pending  # nothing was sent
        assert status in notices(app)
        if status == "paused":
            assert isinstance(app.screen, EventDialog), screens(pilot)  # asked again, never a blank screen
            store.set_status(code, "running")
            await choose(pilot, app.screen.query_one(OptionList), CRISIS_ANSWER)
            assert not app.game.session.pending
            assert isinstance(app.screen, MediationScreen)
        else:
            await wait_for(
                pilot, lambda: isinstance(app.screen, DebriefScreen), timeout=5, message="the debrief the end reveals"
            )
    assert [a.ident for a in store.actions(code, "blue")] == [CRISIS_MOVE] + (
        [CRISIS_ANSWER] if status == "paused" else []
    )


# --- Enter twice on a crisis -----------------------------------------------------------------------


async def test_enter_twice_on_a_crisis_answers_once_and_keeps_the_game_on_screen() -> None:
    app = create_app(case=CASE_PATH, seed=CRISIS_SEED)
    async with app.run_test(size=SIZE) as pilot:
        await to_mediation(pilot)
        await choose(pilot, app.screen.query_one(MoveList), CRISIS_MOVE)
        dialog = app.screen
        assert isinstance(dialog, EventDialog)
        options = dialog.query_one(OptionList)
        options.highlighted = options.get_option_index(CRISIS_ANSWER)
        options.action_select()  # two Enters before the dialog has gone
        options.action_select()
        await pilot.pause()
        await pilot.pause()
        assert app.game is not None
        assert [r.get("choice") for r in app.game.records].count(CRISIS_ANSWER) == 1
        assert any(isinstance(s, MediationScreen) for s in app.screen_stack), screens(pilot)
        assert isinstance(app.screen, MediationScreen | EventDialog), screens(pilot)
        await play_a_move(pilot, app)  # and the game goes on
        assert app.is_running


async def test_a_store_error_is_a_store_error() -> None:
    """The fakes above raise what the store raises: the words come from store_error."""
    error = store_error(Path("class.sqlite"), sqlite3.OperationalError("database is locked"))
    assert isinstance(error, StoreError)
