"""The class store and team sessions: no input lost or duplicated, rejoin where a team was,
injected events delivered exactly once, a damaged store refused and left as it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import case_loaded, choose, press_until, row_to, settle, wait_for

from roleplay.classroom.report import class_results, to_csv
from roleplay.classroom.store import SqliteStore, StoreError
from roleplay.classroom.team import TeamSession, join_team
from roleplay.cli import main
from roleplay.loading import LoadedCase

pytestmark = pytest.mark.usefixtures("data_dir")  # autosaves and team tokens in a temporary folder


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(tmp_path / "class.sqlite")


@pytest.fixture
def code(store: SqliteStore, algiers: LoadedCase) -> str:
    return store.create_class("test class", str(algiers.path), algiers.digest, 4).code


# Numbered inputs, rejoins, injections once, pause and a team killed mid-game: tests/test_store.py,
# on SQLite and PostgreSQL.


def test_a_damaged_store_is_refused_and_left_as_it_is(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "class.sqlite"
    path.write_bytes(b"not a database, but someone's file")
    with pytest.raises(StoreError, match="left as it is"):
        SqliteStore(path)
    assert main(["class", "report", "ABC123", "--store", str(path)]) == 1
    assert "not a class store" in capsys.readouterr().err
    assert path.read_bytes() == b"not a database, but someone's file"


def test_class_commands(tmp_path: Path, algiers: LoadedCase, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "class.sqlite"
    assert main(["class", "new", str(algiers.path), "--seed", "3", "--store", str(path)]) == 0
    printed = capsys.readouterr().out
    code = printed.split()[1].rstrip(":")
    # The printed commands are the ones that work with this store.
    assert f"roleplay play --class {code} --team NAME --store {path}" in printed
    assert f"roleplay class watch {code} --store {path}" in printed
    for team in ("red", "<b>blue</b>"):
        assert main(["run", "--class", code, "--team", team, "--strategy", "history", "--store", str(path)]) == 0
    assert main(["run", "--class", code, "--team", "grey", "--strategy", "random", "--store", str(path)]) == 0
    capsys.readouterr()
    html_path = tmp_path / "class.html"
    assert main(["class", "report", code, "--store", str(path), "--format", "html", "-o", str(html_path)]) == 0
    html = html_path.read_text(encoding="utf-8")
    parties = len(algiers.blueprint.parties)
    assert html.count("<svg") == 2 + parties  # endings, quality per team, then trust per party
    assert "<b>blue</b>" not in html and "&lt;b&gt;blue&lt;/b&gt;" in html
    grey = next(r for r in class_results(SqliteStore(path), code) if r.team == "grey").debrief
    assert f"Trust of {next(iter(grey.trust))}" in html
    assert f">{grey.ending_title}</text>" in html  # the spread of endings, by name
    assert f">{grey.ending_quality:g}</text>" in html  # each bar says its value in words
    assert main(["class", "report", code, "--store", str(path), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.strip().splitlines()
    assert rows[0].startswith("class,seed,date,team,ending,finished,historical") and len(rows) == 4
    results = [r for r in class_results(SqliteStore(path), code) if r.team != "grey"]
    assert all(r.debrief.historical for r in results)
    assert all(r.divergence == "followed history step for step" for r in results)
    assert to_csv(results).count("Road map signed separately") == 2


async def test_the_dashboard_pauses_injects_messages_and_ends(store: SqliteStore, code: str) -> None:
    from textual.widgets import DataTable, OptionList

    from roleplay.tui.dashboard.app import EVERY_TEAM, Dashboard
    from roleplay.tui.dashboard.team_detail import TeamDetail
    from roleplay.tui.dashboard.teams_table import TeamsTable

    async def pick(pilot: Any, option: str) -> None:
        await choose(pilot, app.screen.query_one(OptionList), option)

    red = TeamSession(store, code, "red")
    red.submit("move", "college_meeting")
    blue = TeamSession(store, code, "blue")
    app = Dashboard(store, code)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        assert table.row_count == 2 and table.get_row("red")[1].plain == "1"
        await row_to(pilot, table, "blue")
        TeamSession(store, code, "blue", token=blue.token).submit("move", "college_meeting")
        app.refresh_view()  # what the one-second timer does
        await pilot.pause()
        assert table.get_row("blue")[1].plain == "1"
        assert app.query_one(TeamsTable).highlighted_key() == "blue"  # the cursor stays on its team
        assert str(app.query_one(TeamDetail).render()).startswith("Team blue")
        await pilot.press("p")
        assert store.get_class(code).status == "paused"
        await pilot.press("p")
        assert store.get_class(code).status == "running"
        await row_to(pilot, table, "red")
        await pilot.press("i")  # the event from the case's list, then the team
        await pilot.pause()
        await pick(pilot, "peacekeepers_targeted")
        listed = app.screen.query_one(OptionList)
        recipients = [listed.get_option_at_index(i).id for i in range(listed.option_count)]
        assert recipients == [EVERY_TEAM, "red", "blue"]  # the highlighted team first
        await pick(pilot, "red")
        await pilot.press("m")  # to every team, then the text
        await pilot.pause()
        await pick(pilot, EVERY_TEAM)
        await pilot.press(*"Five minutes left", "enter")
        await pilot.pause()
        await pilot.press("i", "escape")  # changing one's mind sends nothing
        await pilot.pause()
        await pilot.press("e", "y")
        await pilot.pause()
    assert store.get_class(code).status == "ended"
    assert store.messages(code, "red") == [(1, "Five minutes left")]
    team = TeamSession(store, code, "red", token=red.token)
    store.set_status(code, "running")
    settle(team)  # the next input delivers the injection; it happens at the end of the next move
    turn = team.submit("move", "college_meeting")[-1]
    assert "peacekeepers_targeted" in turn["events"]
    assert [a.kind for a in store.actions(code, "red")].count("inject") == 1


async def test_team_names_and_messages_are_text_in_the_dashboard(store: SqliteStore, code: str) -> None:
    """Team names are typed by the teams: brackets in them are shown as typed, never read as
    markup (``[/]`` crashed the dashboard; ``[@click=app.quit]`` made a name that quits it)."""
    from textual.widgets import OptionList

    from roleplay.tui.dashboard.app import Dashboard
    from roleplay.tui.dashboard.team_detail import TeamDetail
    from roleplay.tui.dashboard.teams_table import TeamsTable
    from roleplay.tui.screens.choice import ChoiceDialog
    from roleplay.tui.screens.prompt import PromptDialog

    closing, clicking = "[/]", "[@click=app.quit]x[/]"
    tokens = {}
    for name in (closing, clicking):
        made = TeamSession(store, code, name)
        made.submit("move", "college_meeting")
        tokens[name] = made.token
    app = Dashboard(store, code)
    async with app.run_test(size=(120, 24)) as pilot:
        await pilot.pause()
        table = app.query_one(TeamsTable)
        assert {str(table.get_row(name)[0]) for name in (closing, clicking)} == {closing, clicking}
        await row_to(pilot, table, clicking)
        assert str(app.query_one(TeamDetail).render()).startswith(f"Team {clicking}")
        await pilot.click(TeamsTable, offset=(2, 1 + table.get_row_index(clicking)))  # on the name itself
        await pilot.pause()
        assert app.is_running
        await pilot.press("m")  # a message to the team under the cursor: its name is in the list and the question
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        options = app.screen.query_one(OptionList)
        assert f"Team {clicking}" in options.render_line(1).text
        await choose(pilot, options, clicking)
        assert isinstance(app.screen, PromptDialog)
        assert clicking in str(app.screen.query_one(".question").render())
        await pilot.press(*"[b]on time[/b]", "enter")  # the confirmation names the team
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        await choose(pilot, app.screen.query_one(OptionList), "peacekeepers_targeted")
        await choose(pilot, app.screen.query_one(OptionList), closing)
        await pilot.pause()
        assert app.is_running
    assert store.messages(code, clicking) == [(1, "[b]on time[/b]")]
    team = TeamSession(store, code, closing, token=tokens[closing])
    settle(team)  # the injection is delivered with the team's next input
    assert "peacekeepers_targeted" in team.submit("move", "college_meeting")[-1]["events"]


def test_a_team_rejoins_only_with_its_token(
    tmp_path: Path, algiers: LoadedCase, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run --class --team Victim` cannot play another team's game; the instructor's `class token`
    admits a team from another terminal; the token file is the owner's only."""
    path = tmp_path / "class.sqlite"
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "instructor"))
    assert main(["class", "new", str(algiers.path), "--store", str(path)]) == 0
    code = capsys.readouterr().out.split()[1].rstrip(":")
    victim_home, other_home = tmp_path / "victim", tmp_path / "other"
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(victim_home))
    victim = join_team(SqliteStore(path), code, "Victim")
    victim.submit("move", "college_meeting")
    tokens = victim_home / "team-tokens.json"
    assert tokens.stat().st_mode & 0o777 == 0o600
    assert victim.token is not None and victim.token in tokens.read_text(encoding="utf-8")
    assert join_team(SqliteStore(path), code, " victim ").seq == 1  # the same terminal rejoins

    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(other_home))
    run = ["run", "--class", code, "--team", "VICTIM", "--strategy", "random", "--store", str(path)]
    assert main(run) == 1
    refusal = f"team Victim already exists in class {code}: rejoin from the terminal that created it"
    assert capsys.readouterr().err.strip().endswith(f"{refusal}, or ask the instructor")
    assert [a.ident for a in SqliteStore(path).actions(code, "Victim")] == ["college_meeting"]  # untouched

    assert main(["class", "token", code, "--team", "victim", "--store", str(path)]) == 1  # not the instructor
    assert f"only the instructor can do this in class {code}" in capsys.readouterr().err
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "instructor"))  # the instructor's terminal
    assert main(["class", "token", code, "--team", "victim", "--store", str(path)]) == 0
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(other_home))
    printed = capsys.readouterr().out
    fresh = printed.split("--token ")[1].split()[0]
    assert f"roleplay play --class {code} --team victim --token {fresh}" in printed
    assert main([*run, "--token", fresh]) == 0  # admitted: plays on, and keeps the token
    assert fresh in (other_home / "team-tokens.json").read_text(encoding="utf-8")
    with pytest.raises(StoreError, match="already exists"):
        join_team(SqliteStore(path), code, "Victim", victim.token)  # the old token no longer works
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "instructor"))
    assert main(["class", "admit", code, "--team", "nobody", "--store", str(path)]) == 1
    assert "no team nobody" in capsys.readouterr().err


async def test_the_app_refuses_a_team_it_does_not_hold_the_token_of(store: SqliteStore, code: str) -> None:
    from roleplay.tui.app import create_app

    TeamSession(store, code, "blue")  # made elsewhere: this terminal holds no token
    app = create_app(class_code=code, team="Blue", store=store.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await wait_for(pilot, lambda: not app.is_running, timeout=10, message="the app to refuse the team")
    assert app.return_code == 1


async def test_a_team_plays_in_the_terminal_app_through_the_store(store: SqliteStore, code: str) -> None:
    from roleplay.tui.app import create_app
    from roleplay.tui.screens.mediation import MediationScreen
    from roleplay.tui.widgets.move_list import MoveList

    app = create_app(class_code=code, team="blue", store=store.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await case_loaded(pilot)
        await pilot.press("enter")  # the briefing
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen)
        await choose(pilot, app.screen.query_one(MoveList), "college_meeting")
    assert [a.ident for a in store.actions(code, "blue")] == ["college_meeting"]


async def test_a_class_game_cannot_be_restarted_reloaded_or_told_its_seed(
    store: SqliteStore, code: str, tmp_path: Path
) -> None:
    """Exercise integrity: no restart, no load, no seed change, and the seed (4) in no name or
    debrief a team sees until the instructor ends the class."""
    from textual.widgets import Input

    from roleplay.tui.app import create_app
    from roleplay.tui.export import export_debrief
    from roleplay.tui.screens.debrief import DebriefScreen
    from roleplay.tui.screens.mediation import MediationScreen

    app = create_app(class_code=code, team="blue", store=store.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await case_loaded(pilot)
        await pilot.press("enter")  # the briefing
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen) and app.game is not None
        game = app.game
        current: Any = app.screen  # the palette's commands for this screen
        commands = {command.title for command in app.get_system_commands(current)}
        assert "Save game" in commands and not commands & {"Load game", "Restart with a seed"}
        app.action_restart()
        app.action_load()
        await pilot.pause()
        notices = "\n".join(str(n.message) for n in app._notifications)
        assert "Restarting with a seed is off in a class" in notices
        assert "Loading another game is off in a class" in notices
        assert isinstance(app.screen, MediationScreen) and app.game is game  # nothing asked, nothing changed
        app.action_save()
        await pilot.pause()
        assert app.screen.query_one(Input).value == f"algiers_roadmap-class-{code}.jsonl"
        await pilot.press("escape")
        written = export_debrief(game, "md", tmp_path)
        assert written.name == f"debrief-algiers_roadmap-class-{code}.md"
        assert "Seed 4" not in written.read_text(encoding="utf-8")
        debrief = DebriefScreen(game)
        await app.push_screen(debrief)
        await pilot.pause()
        summary = debrief.summary_text()
        assert "Debrief:" in summary and "Seed" not in summary
        store.set_status(code, "ended")  # the instructor ends the class: the seed may be told
        assert "Seed 4 · " in export_debrief(game, "md", tmp_path).read_text(encoding="utf-8")


async def test_every_team_screen_shows_the_class_and_the_team_as_text(store: SqliteStore, code: str) -> None:
    from roleplay.tui.app import create_app
    from roleplay.tui.screens.briefing import BriefingScreen
    from roleplay.tui.screens.debrief import DebriefScreen
    from roleplay.tui.screens.mediation import MediationScreen
    from roleplay.tui.widgets.class_line import ClassLine

    name = "[b]Red[/] \u200f[@click=app.quit]x"

    def shown() -> str:
        return str(app.screen.query_one(ClassLine).render())

    app = create_app(class_code=code, team=name, store=store.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await case_loaded(pilot)
        expected = f"Class {code} · Team [b]Red[/] [@click=app.quit]x"  # as typed, minus the invisible mark
        assert isinstance(app.screen, BriefingScreen) and shown() == expected
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen) and shown() == expected
        assert app.game is not None
        await app.push_screen(DebriefScreen(app.game))
        await pilot.pause()
        assert shown() == expected
        await pilot.click(ClassLine, offset=(30, 0))  # on the name: nothing happens
        await pilot.pause()
        assert app.is_running


async def test_a_team_without_a_name_is_asked_for_one(store: SqliteStore, code: str) -> None:

    from roleplay.tui.app import create_app
    from roleplay.tui.screens.prompt import PromptDialog

    app = create_app(class_code=code, store=store.path)  # as `roleplay serve --class` starts it
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"Table 7", "enter")
        await case_loaded(pilot)  # joining the class loads its case: a team that never got it fails here
    assert "Table 7" in store.teams(code)


async def test_an_injection_shows_in_the_team_app_and_a_rejoin_replays_it(store: SqliteStore, code: str) -> None:
    """The instructor's injection is announced in the story as it arrives, 'why?' steps over
    it, and a team that rejoins afterwards finds the same story (it used to crash)."""
    from roleplay.tui.app import create_app
    from roleplay.tui.screens.mediation import MediationScreen
    from roleplay.tui.screens.why import WhyScreen
    from roleplay.tui.widgets.move_list import MoveList
    from roleplay.tui.widgets.narrative_log import NarrativeLog

    def story(app: Any) -> str:
        from textual.css.query import NoMatches

        try:
            log = app.screen.query_one(NarrativeLog)
        except NoMatches:  # the screen is shown, its widgets not composed yet (a loaded machine)
            return ""
        return "\n".join("".join(segment.text for segment in line) for line in log.lines)

    async def story_shows(pilot: Any, app: Any, text: str) -> bool:
        # The story log wraps what it is given once it has a size.
        return await wait_for(
            pilot,
            lambda: text in story(app),
            timeout=5,
            message=f"the story to show {text!r}",
            state=lambda: story(app)[-500:],
        )

    async def joined(pilot: Any, app: Any) -> None:
        await case_loaded(pilot)
        # The briefing, or a crisis's first answer.
        await press_until(
            pilot, "enter", lambda: isinstance(app.screen, MediationScreen), attempts=10, message="the mediation screen"
        )

    store.inject(code, "peacekeepers_targeted", "blue")
    app = create_app(class_code=code, team="blue", store=store.path)
    async with app.run_test(size=(100, 30)) as pilot:
        await joined(pilot, app)
        await choose(pilot, app.screen.query_one(MoveList), "college_meeting")
        await press_until(  # a crisis may follow the move
            pilot, "enter", lambda: isinstance(app.screen, MediationScreen), attempts=10, message="the mediation screen"
        )
        assert await story_shows(pilot, app, "The instructor brings in: Attacks on peacekeepers")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        await pilot.press("left", "left", "escape")
        await pilot.pause()
    again = create_app(class_code=code, team="blue", store=store.path)
    async with again.run_test(size=(100, 30)) as pilot:
        await joined(pilot, again)
        assert await story_shows(pilot, again, "The instructor brings in: Attacks on peacekeepers")
    assert [a.kind for a in store.actions(code, "blue")].count("inject") == 1


def test_the_class_report_only_reads_the_store(
    store: SqliteStore, code: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report replays each team's committed inputs: it joins no team and writes nothing,
    so it works on a store SQLite itself keeps read-only and leaves the file byte for byte."""
    for name in ("red", "blue"):
        team = TeamSession(store, code, name)
        team.submit("move", "college_meeting")
        settle(team)
    store.close()  # the last connection folds the write-ahead log into the file
    before = store.path.read_bytes()
    assert main(["class", "report", code, "--store", str(store.path)]) == 0
    assert "### red" in capsys.readouterr().out
    assert store.path.read_bytes() == before
    read_only = SqliteStore(store.path, read_only=True)
    with pytest.raises(StoreError, match="cannot be written"):
        read_only.join(code, "intruder")  # the connection cannot write at all
    results = class_results(read_only, code)
    assert sorted(r.team for r in results) == ["blue", "red"]
    assert all(r.debrief.turns >= 1 for r in results)
    assert sorted(read_only.teams(code)) == ["blue", "red"]
    assert store.path.read_bytes() == before


def test_a_class_report_on_a_missing_store_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "none.sqlite"
    assert main(["class", "report", "ABC123", "--store", str(path)]) == 1
    assert "no class store here" in capsys.readouterr().err
    assert not path.exists()
