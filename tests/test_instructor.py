"""The instructor token (roleplay/classroom/instructor.py): printed once by `class new`, kept by
the instructor's terminal, and needed by `class watch`, `class token` and `class report`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from roleplay.cli import main
from roleplay.loading import LoadedCase


def test_class_commands_need_the_instructor_token(
    tmp_path: Path, algiers: LoadedCase, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = str(tmp_path / "class.sqlite")
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "instructor"))
    assert main(["class", "new", str(algiers.path), "--store", store]) == 0
    printed = capsys.readouterr().out
    code = printed.split()[1].rstrip(":")
    token = printed.split("instructor token (this terminal keeps it; shown once): ")[1].split()[0]
    assert main(["class", "report", code, "--store", store]) == 0  # the instructor's own terminal
    capsys.readouterr()

    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "trainee"))  # another account
    for command in (["report", code], ["watch", code], ["token", code, "--team", "Blue"]):
        assert main(["class", *command, "--store", store]) == 1, command
        err = capsys.readouterr().err
        assert f"only the instructor can do this in class {code}" in err and "Traceback" not in err
    assert main(["class", "report", code, "--store", store, "--token", "guess"]) == 1
    assert "that is not the instructor token" in capsys.readouterr().err
    assert main(["class", "report", code, "--store", store, "--token", token]) == 0
    monkeypatch.setenv("ROLEPLAY_INSTRUCTOR_TOKEN", token)
    assert main(["class", "report", code, "--store", store]) == 0


def test_the_instructor_lists_reopens_renames_resets_and_removes(
    tmp_path: Path, algiers: LoadedCase, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from roleplay.classroom.store import SqliteStore

    store = str(tmp_path / "class.sqlite")
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "instructor"))
    assert main(["class", "list", "--store", store]) == 1  # no store yet: said in words
    assert "no class store here" in capsys.readouterr().err
    assert main(["class", "new", str(algiers.path), "--seed", "5", "--name", "\x1b[2JMonday", "--store", store]) == 0
    code = capsys.readouterr().out.split()[1].rstrip(":")
    run = ["run", "--class", code, "--strategy", "history", "--store", store]
    assert main([*run, "--team", "Blue"]) == main([*run, "--team", "=Red"]) == 0
    SqliteStore(store).set_status(code, "ended")
    capsys.readouterr()

    assert main(["class", "list", "--store", store]) == 0
    listed = capsys.readouterr().out
    assert code in listed and "ended" in listed and "2 teams" in listed and algiers.path.name in listed
    assert "\x1b" not in listed and "seed" not in listed.lower()  # text only, and no seed
    assert main(["class", "reopen", code, "--store", store]) == 0
    assert SqliteStore(store).get_class(code).status == "running"

    assert main(["class", "rename", code, "--team", "blue", "--to", "Navy", "--store", store]) == 0
    printed = capsys.readouterr().out
    assert f"roleplay play --class {code} --team Navy --token " in printed
    assert main(["class", "rename", code, "--team", "navy", "--to", "=red", "--store", store]) == 1
    assert "already has a team =Red" in capsys.readouterr().err
    assert main(["class", "reset", code, "--team", "navy", "--store", store]) == 0
    assert SqliteStore(store).actions(code, "Navy") == []
    assert main(["class", "remove", code, "--team", "=RED", "--store", store]) == 0
    assert SqliteStore(store).teams(code) == ["Navy"]
    assert main(["class", "remove", code, "--team", "nobody", "--store", store]) == 1
    err = capsys.readouterr().err
    assert f"no team nobody in class {code}" in err and "Traceback" not in err

    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "trainee"))
    for command in (["reopen", code], ["reset", code, "--team", "Navy"], ["remove", code, "--team", "Navy"]):
        assert main(["class", *command, "--store", store]) == 1, command
    assert SqliteStore(store).teams(code) == ["Navy"]


async def test_the_dashboard_logs_injections_and_who_they_reached(tmp_path: Path, algiers: LoadedCase) -> None:
    from roleplay.classroom.store import SqliteStore
    from roleplay.classroom.team import TeamSession
    from roleplay.tui.dashboard.app import Dashboard
    from roleplay.tui.dashboard.injection_log import InjectionLog

    store = SqliteStore(tmp_path / "class.sqlite")
    code = store.create_class("test class", str(algiers.path), algiers.digest, 4).code
    hostile = TeamSession(store, code, "[b]x[/b]\x1b[2J")
    TeamSession(store, code, "Red")
    first, second = algiers.case.events[:2]
    store.inject(code, first.id, hostile.team)
    store.inject(code, second.id)
    step = algiers.case.history.steps[0]  # type: ignore[union-attr]
    hostile.submit("move", step.move, step.target)  # both reach this team; Red has not moved yet
    app = Dashboard(store, code)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        shown = str(app.query_one(InjectionLog).render())
    assert f"#1 {first.title} → team [b]x[/b][2J: reached 1 of 1" in shown  # text, never markup
    assert f"#2 {second.title} → every team: reached 1 of 2 (the others at their next move)" in shown
    assert "\x1b" not in shown


async def test_a_team_screen_keeps_a_pause_banner_and_the_message_history(
    tmp_path: Path, algiers: LoadedCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    from helpers import case_loaded, wait_for

    from roleplay.classroom.store import SqliteStore
    from roleplay.tui.app import create_app
    from roleplay.tui.screens.class_messages import MessagesScreen
    from roleplay.tui.screens.mediation import MediationScreen
    from roleplay.tui.widgets.class_line import ClassLine

    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "data"))
    store = SqliteStore(tmp_path / "class.sqlite")
    code = store.create_class("test class", str(algiers.path), algiers.digest, 4).code
    app = create_app(class_code=code, team="blue", store=store.path)
    async with app.run_test(size=(120, 34)) as pilot:
        await case_loaded(pilot)
        await pilot.press("enter")  # the briefing
        await wait_for(pilot, lambda: isinstance(app.screen, MediationScreen), timeout=10, message="the main screen")
        line = app.screen.query_one(ClassLine)
        store.post_message(code, "first [/] message")
        store.post_message(code, "second\x1b[2J", "blue")
        store.set_status(code, "paused")
        await wait_for(pilot, lambda: len(line.messages) == 2, timeout=10, message="both messages")
        await wait_for(pilot, lambda: "PAUSED" in str(line.render()), timeout=10, message="the pause banner")
        notices = [str(n.message) for n in app._notifications]
        assert "second [2J" in notices and not any("\x1b" in notice for notice in notices)  # the notice too
        await pilot.pause(1.5)  # the notice may go; the banner stays
        assert "PAUSED by the instructor" in str(line.render())
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, MessagesScreen)
        shown = str(app.screen.query_one("#messages").render())
        assert "1. first [/] message" in shown and "2. second [2J" in shown and "\x1b" not in shown
        await pilot.press("escape")
        store.set_status(code, "running")
        await wait_for(pilot, lambda: "PAUSED" not in str(line.render()), timeout=10, message="the banner to go")


async def test_the_dashboard_renames_resets_and_removes_the_team_under_the_cursor(
    tmp_path: Path, algiers: LoadedCase
) -> None:
    from helpers import choose, row_to, wait_for
    from textual.widgets import DataTable, OptionList

    from roleplay.classroom.store import SqliteStore
    from roleplay.classroom.team import TeamSession
    from roleplay.tui.dashboard.app import Dashboard
    from roleplay.tui.screens.choice import ChoiceDialog
    from roleplay.tui.screens.confirm import ConfirmDialog
    from roleplay.tui.screens.prompt import PromptDialog

    store = SqliteStore(tmp_path / "class.sqlite")
    code = store.create_class("test class", str(algiers.path), algiers.digest, 4).code
    step = algiers.case.history.steps[0]  # type: ignore[union-attr]
    for name in ("blue", "red"):
        TeamSession(store, code, name).submit("move", step.move, step.target)
    app = Dashboard(store, code)

    async def change(pilot: Any, how: str, *keys: str) -> None:
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog), timeout=10, message="the changes")
        await choose(pilot, app.screen.query_one(OptionList), how)
        dialog = PromptDialog if how == "rename" else ConfirmDialog
        await wait_for(pilot, lambda: isinstance(app.screen, dialog), timeout=10, message=f"the {how} dialog")
        await pilot.press(*keys)
        await wait_for(pilot, lambda: not isinstance(app.screen, dialog), timeout=10, message="the dialog to close")

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.query_one("#teams", DataTable)
        await row_to(pilot, table, "red")
        await change(pilot, "rename", "backspace", "backspace", "backspace", *"blue", "enter")  # taken: a notice
        assert sorted(store.teams(code)) == ["blue", "red"]
        await change(pilot, "rename", "backspace", "backspace", "backspace", *"[b]Navy", "enter")
        assert sorted(store.teams(code)) == ["[b]Navy", "blue"]
        await wait_for(pilot, lambda: table.row_count == 2, timeout=10, message="the table to show the renamed team")
        await row_to(pilot, table, "blue")
        await change(pilot, "reset", "y")
        assert store.actions(code, "blue") == []
        await change(pilot, "remove", "y")
        assert store.teams(code) == ["[b]Navy"]
        assert app.is_running


def test_a_team_reset_or_removed_by_the_instructor_is_told_so(tmp_path: Path, algiers: LoadedCase) -> None:
    from helpers import settle

    from roleplay.classroom.store import SqliteStore
    from roleplay.classroom.team import TeamSession
    from roleplay.errors import MoveError
    from roleplay.game import PlayedElsewhere
    from roleplay.strategies import RandomStrategy

    def play(team: TeamSession) -> None:
        settle(team)  # a crisis waiting is answered first
        move = RandomStrategy(1).choose(team.session)
        assert move is not None
        team.submit("move", *move)

    store = SqliteStore(tmp_path / "class.sqlite")
    code = store.create_class("test class", str(algiers.path), algiers.digest, 4).code
    team = TeamSession(store, code, "blue")
    play(team)
    store.change_team(code, "blue", "reset")
    with pytest.raises(PlayedElsewhere, match="The instructor has reset team blue's game"):
        play(team)
    team.rejoin()  # what the screen does: the game starts again
    assert team.seq == 0
    play(team)
    store.change_team(code, "blue", "remove")
    with pytest.raises(MoveError, match="The instructor has removed or renamed team blue"):
        play(team)
    assert store.teams(code) == [] and store.actions(code, "blue") == []  # nothing recorded for a removed team


async def test_the_dashboard_reopens_an_ended_class(tmp_path: Path, algiers: LoadedCase) -> None:
    from roleplay.classroom.store import SqliteStore
    from roleplay.tui.dashboard.app import Dashboard

    store = SqliteStore(tmp_path / "class.sqlite")
    code = store.create_class("test class", str(algiers.path), algiers.digest, 4).code
    app = Dashboard(store, code)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", "y")  # end
        await pilot.pause()
        assert store.get_class(code).status == "ended"
        await pilot.press("e", "y")  # reopen
        await pilot.pause()
        assert store.get_class(code).status == "running"
