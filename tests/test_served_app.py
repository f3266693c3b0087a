"""The app in a browser (roleplay serve, roleplay/tui/browser.py): it never reads or writes the
server's files for a trainee (save and export are downloads, load is off, no autosave), and a
browser team keeps its own token (the server's token file is never used).

ROLEPLAY_BROWSER=1 makes the test's headless app behave as under textual-serve's web driver;
``deliver_text`` is replaced on the app, so the test sees what the browser would download."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import CASE_PATH
from helpers import case_loaded, wait_for

from roleplay.classroom.store import SqliteStore
from roleplay.classroom.team import TeamSession
from roleplay.engine.session import Session
from roleplay.loading import LoadedCase
from roleplay.tui.app import RoleplayApp, create_app
from roleplay.tui.browser import NO_LOAD
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.confirm import ConfirmDialog
from roleplay.tui.screens.load import LoadDialog
from roleplay.tui.screens.mediation import MediationScreen
from roleplay.tui.screens.notice import NoticeDialog
from roleplay.tui.screens.prompt import PromptDialog

SIZE = (100, 30)


@pytest.fixture(autouse=True)
def browser(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A browser's app, in a working directory of its own (nothing may appear in it)."""
    monkeypatch.setenv("ROLEPLAY_BROWSER", "1")
    work = tmp_path / "server-cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    return work


def downloads(app: RoleplayApp) -> dict[str, str]:
    """Replace the app's delivery to the browser: what it sends lands in the returned dict."""
    delivered: dict[str, str] = {}

    def deliver_text(file: io.StringIO, *, save_filename: str, **_: Any) -> str:
        delivered[save_filename] = file.getvalue()
        return "key"

    app.deliver_text = deliver_text  # type: ignore[assignment,method-assign]
    return delivered


def notices(app: RoleplayApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def files_under(*folders: Path) -> list[Path]:
    return [p for folder in folders if folder.exists() for p in folder.rglob("*") if p.is_file()]


async def test_save_is_a_download_load_is_off_and_nothing_is_written_on_the_server(
    browser: Path, data_dir: Path
) -> None:
    app = create_app(case=CASE_PATH, seed=3)
    delivered = downloads(app)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot)
        await pilot.press("enter")  # the briefing
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PromptDialog)  # no path is asked for
        app.action_load()
        await pilot.pause()
        assert not isinstance(app.screen, PromptDialog | LoadDialog)  # no file of the server is listed
        commands = [command.title for command in app.get_system_commands(app.screen)]
    assert list(delivered) == ["algiers_roadmap-seed3.jsonl"]
    assert json.loads(delivered["algiers_roadmap-seed3.jsonl"].splitlines()[0])["type"] == "transcript"
    assert NO_LOAD in notices(app)
    assert "Load game" not in commands and "Save game" in commands
    assert files_under(browser, data_dir) == []  # no save, no autosave


async def test_the_debrief_exports_as_downloads(browser: Path, finished_algiers: tuple[Session, Path]) -> None:
    from roleplay.tui.screens.debrief import DebriefScreen

    app = create_app(resume=finished_algiers[1])
    delivered = downloads(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen), timeout=30, message="the debrief")
        await pilot.press("m")
        await pilot.press("h")
        await pilot.pause()
        app.action_export("md")  # the palette's export, from the app
        await pilot.pause()
    names = sorted(delivered)
    assert len(names) == 2 and names[0].endswith(".html") and names[1].endswith(".md"), names
    assert delivered[names[1]].startswith("# Debrief")
    assert files_under(browser) == []


@pytest.fixture
def code(tmp_path: Path, algiers: LoadedCase) -> tuple[SqliteStore, str]:
    store = SqliteStore(tmp_path / "class.sqlite")
    return store, store.create_class("test class", str(algiers.path), algiers.digest, 4).code


async def test_a_browser_team_gets_its_token_once_and_the_server_keeps_none(
    code: tuple[SqliteStore, str], data_dir: Path
) -> None:
    store, class_code = code
    app = create_app(class_code=class_code, team="Table 3", store=store.path)
    delivered = downloads(app)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog) and "Its token is" in dialog.question
        token = dialog.question.split("\n\n")[1]
        await pilot.press("y")  # download it
        await pilot.pause()
    assert delivered == {f"token-{class_code}.txt": f"Class {class_code}, team Table 3\ntoken: {token}\n"}
    assert not (data_dir / "team-tokens.json").exists()  # the server's token file: untouched
    TeamSession(store, class_code, "table 3", token=token)  # the token is the team's


async def rejoin(store: SqliteStore, class_code: str, answers: list[str]) -> RoleplayApp:
    """A second browser types the team's name, then each answer to the token question."""
    app = create_app(class_code=class_code, team="Table 3", store=store.path)
    async with app.run_test(size=SIZE) as pilot:
        for number, answer in enumerate(answers):
            await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog), timeout=30, message="the question")
            question = app.screen.question  # type: ignore[attr-defined]
            assert "Team Table 3 is already in class" in question
            assert ("That is not its token" in question) == (number > 0)
            await pilot.press(*answer, "enter")
        await wait_for(
            pilot, lambda: app.game is not None or isinstance(app.screen, NoticeDialog), timeout=30, message="an end"
        )
        if isinstance(app.screen, NoticeDialog):  # why the session ends, said in the browser
            assert "The team's token is needed to rejoin it." in app.screen.text
            await pilot.press("enter")
            await wait_for(pilot, lambda: not app.is_running, timeout=10, message="the end of the session")
    return app


async def test_rejoining_a_browser_team_asks_for_its_token(code: tuple[SqliteStore, str], data_dir: Path) -> None:
    store, class_code = code
    token = TeamSession(store, class_code, "Table 3").token
    assert token is not None
    (data_dir / "team-tokens.json").parent.mkdir(parents=True, exist_ok=True)
    # Even a server account that holds the team's token does not let a browser in without it.
    from roleplay.classroom.tokens import save_token

    save_token(store.location, class_code, "Table 3", token)
    joined = await rejoin(store, class_code, ["wrong", token])
    assert joined.game is not None and joined.game.team is not None and joined.game.team.team == "Table 3"
    refused = await rejoin(store, class_code, ["wrong", ""])  # no token: no game
    assert refused.game is None and refused.return_code == 1


async def test_a_team_played_in_another_browser_is_refused_with_a_sentence(
    code: tuple[SqliteStore, str], data_dir: Path
) -> None:
    store, class_code = code
    token = TeamSession(store, class_code, "Table 3").token
    assert token is not None and store.hold(class_code, "Table 3", "the other browser", 20)
    app = create_app(class_code=class_code, team="Table 3", store=store.path, token=token)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=30, message="the refusal")
        question = app.screen.question  # type: ignore[attr-defined]
        assert "Team Table 3 is being played in another window or browser right now" in question
        assert app.game is None
        store.let_go(class_code, "Table 3", None)  # the other browser closed (or the instructor admitted)
        await pilot.press("y")  # try again
        await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await pilot.pause()
    assert not store.hold(class_code, "Table 3", "the other browser", 20)  # this app is the live one now


async def test_a_terminal_team_played_elsewhere_is_refused(
    code: tuple[SqliteStore, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ROLEPLAY_BROWSER")
    store, class_code = code
    token = TeamSession(store, class_code, "Table 3").token
    store.hold(class_code, "Table 3", "another terminal", 20)
    app = create_app(class_code=class_code, team="Table 3", store=store.path, token=token)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: not app.is_running, timeout=30, message="the app to refuse the team")
    assert app.return_code == 1 and app.game is None


async def test_in_a_browser_the_reason_a_session_ends_is_shown_first(code: tuple[SqliteStore, str]) -> None:
    store, _ = code
    app = create_app(class_code="ZZZZZZ", team="Table 3", store=store.path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, NoticeDialog), timeout=30, message="the reason")
        assert "no class with code ZZZZZZ" in app.screen.text  # type: ignore[attr-defined]
        assert app.is_running  # until the trainee has read it
        await pilot.press("enter")
        await wait_for(pilot, lambda: not app.is_running, timeout=10, message="the end of the session")
    assert app.return_code == 1


def tabs_mounted(app: Any) -> bool:
    """Whether the main screen under the briefing has mounted its tabs (an app that leaves while
    they mount trips Textual: "No nodes match 'Underline' on ContentTabs()")."""
    screens = [s for s in app.screen_stack if isinstance(s, MediationScreen)]
    return bool(screens) and bool(list(screens[0].query("ContentTabs Underline")))


async def test_the_same_browser_rejoins_its_team_without_typing_the_token(
    code: tuple[SqliteStore, str], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """roleplay serve gives each browser a key (a cookie) and its app process the key: the app
    keeps the browser's tokens under a hash of it, never in the terminal's token file."""
    store, class_code = code
    monkeypatch.setenv("ROLEPLAY_BROWSER_KEY", "k" * 43)
    first = create_app(class_code=class_code, team="Table 3", store=store.path)
    async with first.run_test(size=SIZE) as pilot:
        await case_loaded(pilot, lambda: isinstance(first.screen, ConfirmDialog))  # the token, shown once
        await wait_for(pilot, lambda: tabs_mounted(first), timeout=30, message="the main screen behind")
    kept = (data_dir / "browser-tokens.json").read_text(encoding="utf-8")
    assert "k" * 43 not in kept and not (data_dir / "team-tokens.json").exists()

    again = create_app(class_code=class_code, team="table 3", store=store.path)
    async with again.run_test(size=SIZE) as pilot:
        # No question: this browser holds the token. (Wait for the briefing: leaving while the
        # main screen's tabs mount trips Textual.)
        await case_loaded(pilot, lambda: isinstance(again.screen, BriefingScreen))
        await wait_for(pilot, lambda: tabs_mounted(again), timeout=30, message="the main screen behind")
    assert again.game is not None and again.game.team is not None and again.game.team.team == "Table 3"

    monkeypatch.setenv("ROLEPLAY_BROWSER_KEY", "o" * 43)  # another browser
    other = create_app(class_code=class_code, team="Table 3", store=store.path)
    async with other.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(other.screen, PromptDialog), timeout=30, message="the token question")
        assert other.game is None
