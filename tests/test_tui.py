"""Pilot tests: drive the Textual app with keys and assert on the app's and the engine's state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import BAMAKO_PATH, ROOT
from conftest import CASE_PATH as ROADMAP
from conftest import FULL_ALGIERS_PATH as ALGIERS
from helpers import LOAD_TIMEOUT, case_loaded, choose, focus_by_tab, highlight, new_session, screens, wait_for
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList

from roleplay.engine.session import Session
from roleplay.tui.app import RoleplayApp, create_app
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.confirm import ConfirmDialog
from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.screens.event import EventDialog
from roleplay.tui.screens.help import HelpScreen
from roleplay.tui.screens.load import LoadDialog
from roleplay.tui.screens.mediation import MediationScreen
from roleplay.tui.screens.picker import CasePicker
from roleplay.tui.screens.target import TargetDialog
from roleplay.tui.screens.why import WhyScreen
from roleplay.tui.widgets.keys_footer import KeysFooter
from roleplay.tui.widgets.markdown_text import MarkdownText
from roleplay.tui.widgets.move_list import MoveList
from roleplay.tui.widgets.narrative_log import NarrativeLog

SIZE = (100, 30)
#: More crises than any case raises in one game: a loop answering them stops here and fails.
MAX_CRISES = 100
pytestmark = pytest.mark.usefixtures("data_dir")  # autosaves go to a temporary folder


async def settle(pilot, app: RoleplayApp) -> None:  # type: ignore[no-untyped-def]
    """Answer any crisis on screen as history did (a dialog that never closes fails the test)."""
    for _ in range(MAX_CRISES):
        if not isinstance(app.screen, EventDialog):
            return
        historical = next(c.id for c in app.screen.event.choices if c.historical)
        await choose(pilot, app.screen.query_one(OptionList), historical)
    raise AssertionError(f"still answering crises after {MAX_CRISES}: {screens(pilot)}")


async def palette(pilot, command: str) -> None:  # type: ignore[no-untyped-def]
    """Run a command from the command palette (ctrl+p), typed as a trainee would; the palette
    searches in the background, so wait until its first hit is highlighted."""
    from textual.command import CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*command)
    hits = pilot.app.screen.query_one(CommandList)
    for _ in range(100):
        await pilot.pause(0.02)
        if hits.option_count and hits.highlighted is not None:
            break
    assert hits.option_count, f"no command matches {command!r}"
    await pilot.press("enter")
    await pilot.pause()


def fits(widget: Widget, app: RoleplayApp) -> bool:
    """The widget is drawn whole inside the terminal (a dialog not cut off)."""
    region, screen = widget.region, app.screen.region
    return bool(region.width and region.height) and screen.contains_region(region)


async def start(pilot) -> RoleplayApp:  # type: ignore[no-untyped-def]
    app: RoleplayApp = pilot.app
    await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))  # one pause was a race with the worker
    assert isinstance(app.screen, BriefingScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, MediationScreen)
    return app


async def play_history(pilot, app: RoleplayApp) -> None:  # type: ignore[no-untyped-def]
    """Play the case's historical steps through the UI: move list, target dialog, crisis dialog."""
    assert app.game is not None
    steps = list(app.game.blueprint.case.history.steps)
    for _ in range(len(steps) + MAX_CRISES):
        if app.game.session.ended:
            return
        screen = app.screen
        if isinstance(screen, EventDialog):
            historical = next(c.id for c in screen.event.choices if c.historical)
            await choose(pilot, screen.query_one(OptionList), historical)
            continue
        assert isinstance(screen, MediationScreen), type(screen)
        assert steps, "the historical steps ran out before the case ended"
        step = steps.pop(0)
        await choose(pilot, screen.query_one(MoveList), step.move)
        if step.target is not None:
            assert isinstance(app.screen, TargetDialog)
            await choose(pilot, app.screen.query_one(OptionList), step.target)
    raise AssertionError(
        f"the historical steps did not end the case: turn {app.game.session.world.turn}, {screens(pilot)}"
    )


async def test_play_the_roadmap_case_to_its_ending_through_the_ui() -> None:
    app = create_app(case=ROADMAP, seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await play_history(pilot, app)
        await pilot.pause()
        assert app.game is not None
        assert app.game.session.ending is not None
        assert app.game.session.ending.id == "roadmap_separate"
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.debrief.historical
        await pilot.press("n")  # the positions chart moves to the next issue
        await pilot.pause()
        from roleplay.tui.widgets.debrief_views import PositionsPlot

        assert app.screen.query_one(PositionsPlot).issue_index == 1


async def test_the_debrief_exports_from_the_screen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = create_app(case=ROADMAP, seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await play_history(pilot, app)
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)
        await pilot.press("m", "h")
        await pilot.pause()
    markdown = (tmp_path / "debrief-algiers_roadmap-seed3.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Debrief: Algiers 2014") and "## Your timeline" in markdown
    assert (tmp_path / "debrief-algiers_roadmap-seed3.html").read_text(encoding="utf-8").startswith("<!doctype html>")


async def test_unavailable_moves_are_listed_with_their_reason() -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        moves = app.screen.query_one(MoveList)
        assert "✗ Propose a road map" in str(moves.get_option("propose_road_map").prompt)
        assert "▸ Prisoner exchange" in str(moves.get_option("prisoner_exchange").prompt)
        await highlight(pilot, moves, "propose_road_map")
        detail = str(app.screen.query_one("#move-detail-text").render())
        assert "Unavailable: only in Phase I: drafting the road map" in detail  # words, not engine syntax
        assert "only in Phase I: drafting" in str(moves.get_option("propose_road_map").prompt)  # one line in the list
        await pilot.press("enter")  # explains instead of playing
        await pilot.pause()
        assert app.game is not None and app.game.session.world.turn == 0


async def test_the_move_detail_holds_still_and_shows_each_move_in_full() -> None:
    """Moving the cursor from a long move to a short one does not shrink the detail, so the
    screen does not jump under the trainee's eyes (and a key costs a repaint, not a relayout),
    yet every move's detail has the lines it needs."""
    app = create_app(case=ALGIERS, seed=1)
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot)
        moves = app.screen.query_one(MoveList)
        detail = app.screen.query_one("#move-detail")
        panel = app.screen.query_one("#move-detail-text")
        needed: dict[int, int] = {}
        for index in range(moves.option_count):
            moves.highlighted = index
            await pilot.pause()
            text = panel.render()
            assert isinstance(text, Text)
            needed[index] = len(text.wrap(app.console, panel.size.width))
            # in full, or (beyond its 40% of the screen) scrolling to the last line
            assert detail.size.height + detail.max_scroll_y >= needed[index]
        longest = max(needed, key=lambda index: needed[index])
        shortest = min(needed, key=lambda index: needed[index])
        assert needed[longest] > needed[shortest]
        moves.highlighted = longest
        await pilot.pause()
        held = detail.size.height
        moves.highlighted = shortest
        await pilot.pause()
        assert detail.size.height == held


async def test_q_in_a_crisis_asks_to_quit_as_the_keys_line_says() -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await choose(pilot, app.screen.query_one(MoveList), "proximity_talks")
        await choose(pilot, app.screen.query_one(OptionList), "platform")
        await wait_for(pilot, lambda: isinstance(app.screen, EventDialog), timeout=5, message="the crisis")
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # stay: the crisis still waits for its answer
        await pilot.pause()
        assert isinstance(app.screen, EventDialog)


async def test_the_story_shows_its_newest_lines_after_a_move_through_a_dialog() -> None:
    """The story log is filled while the target dialog still covers it: it must still end up
    scrolled to what the move just did."""
    app = create_app(case=ROOT / "scenarios" / "tutorial.toml", seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await choose(pilot, app.screen.query_one(MoveList), "proximity_talks")
        await choose(pilot, app.screen.query_one(OptionList), "platform")
        await pilot.pause(0.3)
        log = app.screen.query_one(NarrativeLog)
        assert log.max_scroll_y > 0
        assert log.scroll_y == log.max_scroll_y


async def test_a_move_updates_the_parties_and_why_explains_it() -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await choose(pilot, app.screen.query_one(MoveList), "proximity_talks")
        assert isinstance(app.screen, TargetDialog)
        await choose(pilot, app.screen.query_one(OptionList), "platform")
        assert app.game is not None
        assert app.game.session.world.turn == 1
        if isinstance(app.screen, EventDialog):  # the Coordination's objection arrives on 16 July
            await choose(pilot, app.screen.query_one(OptionList), "keep_platform")
        table = app.screen.query_one("#parties-table")
        trust_cell = table.get_row("platform")[2].plain
        assert trust_cell.startswith(f"{app.game.session.world.parties['platform'].trust:3.0f}")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        assert "your response" in str(app.screen.query_one("#why-title").render())
        await pilot.press("left")
        await pilot.pause()
        body = str(app.screen.query_one("#why-body").render())
        assert "Left out of a one-party move" in body
        assert "Proximity talks" in body
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen)


async def test_a_crisis_waits_for_a_response() -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await choose(pilot, app.screen.query_one(MoveList), "prisoner_exchange")  # 3 days: 16 July passes
        assert isinstance(app.screen, EventDialog)
        await pilot.press("escape")  # no way around it
        await pilot.pause()
        assert isinstance(app.screen, EventDialog)
        await choose(pilot, app.screen.query_one(OptionList), "fold_into_government")
        assert app.game is not None
        assert not app.game.session.pending
        assert app.game.session.records[-1]["choice"] == "fold_into_government"


async def test_quitting_a_game_in_progress_asks_first() -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await choose(pilot, app.screen.query_one(MoveList), "college_meeting")
        await settle(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen)
        assert app.is_running
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_autosave_offers_to_resume_after_a_crash(data_dir: Path) -> None:
    first = create_app(case=ROADMAP, seed=5)
    async with first.run_test(size=SIZE) as pilot:
        await start(pilot)
        await choose(pilot, first.screen.query_one(MoveList), "college_meeting")
        await settle(pilot, first)
        await choose(pilot, first.screen.query_one(MoveList), "security_sidelines")
        await settle(pilot, first)
        assert first.game is not None
        records = list(first.game.session.records)
    assert (data_dir / "autosave" / "algiers_roadmap.jsonl").is_file()
    second = create_app(case=ROADMAP, seed=5)
    async with second.run_test(size=SIZE) as pilot:
        await wait_for(
            pilot, lambda: isinstance(second.screen, ConfirmDialog), timeout=LOAD_TIMEOUT, message="the offer to resume"
        )
        assert isinstance(second.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(second.screen, MediationScreen)
        assert second.game is not None
        assert second.game.session.records == records


async def test_picker_lists_the_tutorial_first(tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(ROADMAP, folder / "algiers-roadmap-2014.toml")
    shutil.copy(ROADMAP, folder / "tutorial.toml")
    (folder / "notes.toml").write_text('title = "not a case"\n')
    shutil.copytree(ROOT / "personas", tmp_path / "personas")
    app = RoleplayApp(create_app().options.__class__(scenarios=folder, autosave=False))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CasePicker)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 2
        assert options.get_option_at_index(0).id == str(folder / "tutorial.toml")
        # The path field and the keys come a frame after the list, and a missing path is said.
        await wait_for(pilot, lambda: bool(app.screen.query(Input)), timeout=5, message="the path field")
        assert app.screen.query(KeysFooter)
        assert app.screen.query_one(KeysFooter).render().plain.count("Quit") == 1  # esc, the app's q
        app.screen.query_one(Input).value = str(folder / "missing.toml")
        await app.screen.query_one(Input).action_submit()
        await pilot.pause()
        assert "No such file" in str(app.screen.query_one("#picker-error", Label).render())
        app.screen.query_one(OptionList).focus()
        await pilot.press("enter")
        await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))
        assert isinstance(app.screen, BriefingScreen)


async def test_the_keys_line_shows_the_screens_keys_and_answers_a_click() -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        footer = app.screen.query_one(KeysFooter)
        line = footer.render().plain
        assert " w Why? " in line and " f1 Help " in line
        assert line.rstrip().endswith("^p palette")  # the palette's key on the right, as Footer has it
        assert len(line) == footer.size.width
        column = line.index(" f1 Help ") + 2
        await pilot.hover(KeysFooter, offset=(column, 0))
        assert footer.tooltip and "influence" in str(footer.tooltip)
        await pilot.click(KeysFooter, offset=(column, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        # The keys follow the screen: the briefing's line is its own.
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        assert "Begin" in app.screen.query_one(KeysFooter).render().plain
        assert "Why?" not in app.screen.query_one(KeysFooter).render().plain


async def test_at_80_columns_every_key_shows_whole() -> None:
    app = create_app(case=ALGIERS, seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        line = app.screen.query_one(KeysFooter).render().plain
        for words in ("w Why?", "u Undo", "h Coach", "f1 Help", "^s Save", "q Quit"):
            assert words in line
        assert len(line) <= 80


async def test_help_and_a_small_terminal() -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        moves = app.screen.query_one(MoveList)
        assert moves.region.width >= 30 and moves.region.height >= 5
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen)


async def test_save_load_and_restart_with_a_seed(tmp_path: Path) -> None:
    from roleplay.tui.screens.prompt import PromptDialog

    save_path = tmp_path / "mine.jsonl"
    app = create_app(case=ROADMAP, seed=2)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await choose(pilot, app.screen.query_one(MoveList), "college_meeting")
        await settle(pilot, app)
        assert app.game is not None
        records = list(app.game.session.records)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*str(save_path), "enter")  # the suggested name is selected: typing replaces it
        await wait_for(pilot, save_path.is_file, timeout=LOAD_TIMEOUT, message=f"the game saved to {save_path}")
        await palette(pilot, "Restart")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("9", "enter")
        await case_loaded(
            pilot,
            lambda: app.game is not None and app.game.session.seed == 9 and isinstance(app.screen, BriefingScreen),
        )
        await pilot.press("enter")  # the new game's briefing
        await wait_for(pilot, lambda: isinstance(app.screen, MediationScreen), timeout=LOAD_TIMEOUT, message="the game")
        assert app.game.session.seed == 9 and app.game.session.world.turn == 0
        await palette(pilot, "Load")
        assert isinstance(app.screen, LoadDialog)
        await focus_by_tab(pilot, app.screen.query_one(Input))  # the list of saves has the focus
        await pilot.press(*str(save_path.with_name("nothing.jsonl")), "enter")
        await pilot.pause()
        assert isinstance(app.screen, LoadDialog)  # a typo is said in the dialog, which stays
        assert "No such file" in str(app.screen.query_one("#load-error", Label).render())
        app.screen.query_one(Input).value = ""
        await pilot.press(*str(save_path), "enter")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, MediationScreen) and app.game is not None and app.game.session.records == records
            ),
            timeout=LOAD_TIMEOUT,
            message="the saved game to load",
        )


async def test_the_cursor_follows_the_move_when_the_list_reorders() -> None:
    """After a turn the list is sorted again (available moves first): the cursor stays on the
    move it was on, so Enter pressed again never plays another move. Here the move just
    played is unavailable now and moves down the list: Enter on it says why and plays nothing."""
    app = create_app(case=ROADMAP, seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        moves = app.screen.query_one(MoveList)
        await choose(pilot, moves, "prisoner_exchange")
        row_before = 1
        await settle(pilot, app)
        assert app.game is not None
        turn = app.game.turn
        assert moves.highlighted_option is not None and moves.highlighted_option.id == "prisoner_exchange"
        assert moves.highlighted != row_before  # the rows moved; the cursor went with the move
        assert moves.has_focus
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.turn == turn and isinstance(app.screen, MediationScreen)  # nothing played
        assert any("is not available now" in str(n.title) for n in app._notifications)


async def test_load_lists_the_saves_in_the_usual_places(data_dir: Path) -> None:
    """The autosave is listed (newest first) and loads with Enter: no path to type."""
    app = create_app(case=ROADMAP, seed=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await choose(pilot, app.screen.query_one(MoveList), "college_meeting")
        await settle(pilot, app)
        assert app.game is not None
        records = list(app.game.session.records)
        await palette(pilot, "Load")
        assert isinstance(app.screen, LoadDialog)
        saves = app.screen.query_one("#saves", OptionList)
        assert saves.has_focus and saves.highlighted == 0
        autosave = data_dir / "autosave" / "algiers_roadmap.jsonl"
        assert saves.get_option_at_index(0).id == str(autosave)
        assert fits(app.screen.query_one("#load"), app)
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, MediationScreen) and app.game is not None and app.game.records == records,
            timeout=LOAD_TIMEOUT,
            message="the autosave to load",
        )


async def test_the_tables_fit_seven_parties_and_detail_the_highlighted_row() -> None:
    """The full case has seven parties: the issues table keeps three columns, and the party or
    issue under the cursor is shown in full underneath, following the cursor."""
    from roleplay.tui.widgets.issue_detail import IssueDetail
    from roleplay.tui.widgets.issues_table import IssuesTable
    from roleplay.tui.widgets.parties_table import PartiesTable
    from roleplay.tui.widgets.party_detail import PartyDetail

    app = create_app(case=ALGIERS, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))  # the full case takes a moment
        await start(pilot)
        assert app.game is not None
        world = app.game.session.world
        screen = app.screen

        parties = screen.query_one(PartiesTable)
        await pilot.press("1")  # the parties tab, with the cursor in its table
        await wait_for(pilot, lambda: parties.has_focus, timeout=5, message="1 to focus the parties table")
        await pilot.press("down")
        await pilot.pause()
        second = list(world.parties.values())[1]
        detail = str(screen.query_one(PartyDetail).render())
        assert detail.startswith(app.game.name(second.id))
        assert f"Trust in you {second.trust:.0f}" in detail

        moves = screen.query_one(MoveList)
        await pilot.press("escape")  # back to the moves: the arrows move through them again
        await wait_for(pilot, lambda: moves.has_focus, timeout=5, message="escape to focus the move list")
        row = moves.highlighted
        await pilot.press("down")
        await pilot.pause()
        assert moves.highlighted == (row or 0) + 1 and parties.cursor_row == 1

        await pilot.press("2")
        await pilot.pause()
        issues = screen.query_one(IssuesTable)
        assert len(issues.columns) == 3 and issues.row_count == len(world.issues)
        assert issues.virtual_size.width <= issues.size.width  # no sideways scrolling
        await wait_for(pilot, lambda: issues.has_focus, timeout=5, message="2 to focus the issues table")
        await pilot.press("down", "down")
        await pilot.pause()
        issue = app.game.blueprint.case.issues[2]
        lines = str(screen.query_one(IssueDetail).render()).splitlines()
        assert lines[0] == issue.name
        involved = [p for p in world.parties.values() if p.standing != "outside"]
        shown = [line for line in lines if "●" in line and not line.startswith("●")]
        assert len(shown) == len(involved) < len(world.parties)  # splinter groups outside are left out
        rows = {p.name: p for p in app.game.issue_rows()[2].parties}
        for party, line in zip(involved, shown, strict=True):
            known = rows[app.game.name(party.id)].red_line  # an estimate: never the truth
            assert line.startswith(app.game.name(party.id))
            assert line.endswith(f"{party.position[issue.id]:3.0f}  {known.words()}")
            assert known.possibly[0] <= party.red_low[issue.id] <= known.possibly[1]


def test_common_ground_and_the_axis() -> None:
    from roleplay.tui.widgets.issue_detail import axis, common_ground

    assert common_ground([(0, 30), (20, 100)]) == (20, 30)
    assert common_ground([(0, 30), (40, 100)]) is None
    assert axis(10, 0, 30, None) == "─●──·······"
    assert axis(70, 10, 100, 50) == "·────│─●───"
    # An estimate: surely inside 30-60, perhaps from 10 to 80.
    assert axis(40, 30, 60, None, (10, 80)) == "·┄┄─●──┄┄··"


def test_the_first_frame_imports_neither_the_engine_nor_the_formats() -> None:
    """The first frame is drawn while the case loads in a worker: importing the app must not
    pay for pydantic, transitions or the engine, nor the command line for the web server's
    aiohttp (benchmarks/bench_tui.py and bench_tui_full.py measure the time)."""
    import subprocess
    import sys

    probe = (  # `roleplay play` up to the app's first frame: the command line, the app, the picker
        "import sys, pathlib, roleplay.tui.app as a, roleplay.tui.screens.picker as p; "
        "a.RoleplayApp.run = lambda self: None; "
        "from roleplay.cli import main; main(['play']); "
        "p.shipped_cases(pathlib.Path('scenarios')); "
        "print(sorted(m for m in ('pydantic', 'transitions', 'roleplay.engine.session', 'roleplay.model.case', "
        "'roleplay.game.game', 'aiohttp') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"


async def test_the_debrief_continues_the_story_into_the_case_that_carries_over(
    finished_algiers: tuple[Session, Path],
) -> None:
    """A finished Algiers game's debrief offers Bamako (c), which starts from how it ended."""
    finished, path = finished_algiers
    assert finished.ending is not None
    app = create_app(resume=path)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot, lambda: isinstance(app.screen, DebriefScreen))
        assert isinstance(app.screen, DebriefScreen)
        assert app.screen.sequel is not None and app.screen.sequel[0].name == "bamako-implementation-2015-2017.toml"
        depth = len(app.screen_stack)
        await pilot.press("c")
        await wait_for(
            pilot,
            lambda: app.game is not None and app.game.blueprint.case.id == "bamako",
            timeout=LOAD_TIMEOUT,
            message="Bamako to load after pressing c",
        )
        assert app.game is not None and app.game.blueprint.case.id == "bamako"
        assert app.game.session.prior is not None
        assert app.game.session.prior["ending"] == finished.ending.id
        await pilot.press("enter")  # the briefing
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen)
        assert len(app.screen_stack) <= depth  # the finished game's screens are gone, not stacked


def test_numbers_near_a_bound_keep_their_decimal() -> None:
    from roleplay.tui.widgets.issue_detail import number

    assert number(30.0) == "30" and number(29.98) == "30"
    assert number(30.2) == "30.2"  # a draft at 30.2 does not read as inside a red line ending at 30


async def test_play_after_a_finished_game_starts_the_case_from_it(
    finished_algiers: tuple[Session, Path], data_dir: Path
) -> None:
    """`roleplay play BAMAKO --after SAVE`: the case starts from how the saved Algiers game
    ended, without offering to resume an unfinished Bamako game saved earlier."""
    from roleplay.loading import load_case
    from roleplay.storage.saves import save

    finished, path = finished_algiers
    bamako = BAMAKO_PATH
    earlier = new_session(load_case(bamako), 1)
    earlier.play(*earlier.playable()[0])
    (data_dir / "autosave").mkdir(parents=True)
    save(earlier, data_dir / "autosave" / "bamako.jsonl")

    app = create_app(case=bamako, after=path)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await pilot.pause()  # let the screens finish mounting before the test ends the app
        assert app.game is not None and app.game.session.prior is not None
        assert app.game.session.prior["ending"] == finished.ending.id  # type: ignore[union-attr]
        assert isinstance(app.screen, BriefingScreen)  # not a resume question


async def test_the_target_dialog_shows_unreachable_parties_with_the_reason() -> None:
    app = create_app(case=ALGIERS, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await start(pilot)
        await choose(pilot, app.screen.query_one(MoveList), "proximity_talks")
        assert isinstance(app.screen, TargetDialog)
        options = app.screen.query_one(OptionList)
        listed = [options.get_option_at_index(i) for i in range(options.option_count)]
        outside = next(o for o in listed if o.id == "gatia")
        assert outside.disabled and "outside" in str(outside.prompt)  # shown, with why, not choosable
        assert not next(o for o in listed if o.id == "government").disabled
        assert not app.screen.disabled  # the dialog itself stays usable
        await choose(pilot, options, "government")
        assert app.game is not None and app.game.session.world.turn == 1


async def test_every_quit_asks_while_a_game_is_in_progress() -> None:
    """q, ctrl+q and the palette's Quit are one quit path: each asks once a move is played."""
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await choose(pilot, app.screen.query_one(MoveList), "college_meeting")
        await settle(pilot, app)
        for ask in ("ctrl+q", "palette"):
            if ask == "palette":
                await palette(pilot, "Quit")
            else:
                await pilot.press(ask)
                await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog), ask
            await pilot.press("n")
            await pilot.pause()
            assert isinstance(app.screen, MediationScreen) and app.is_running
        await palette(pilot, "Quit")
        await pilot.press("y")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_palette_quits_at_once_before_the_first_move() -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await palette(pilot, "Quit")
        assert not app.is_running


async def test_help_lists_every_binding_of_the_screen_it_opened_from() -> None:
    """The help is generated from the bindings, so it cannot drift from them."""
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(MarkdownText).markdown
        assert "Begin" in text and "Why?" not in text  # the briefing's keys, not the next screen's
        await pilot.press("escape")
        await pilot.pause()
        await start(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(MarkdownText).markdown
        mediation = app.screen_stack[-2]
        for binding in [*MediationScreen.BINDINGS, *RoleplayApp.BINDINGS]:
            assert not isinstance(binding, tuple | str)
            if mediation.check_action(binding.action, ()) is False:  # the debug panel, without --debug
                assert binding.description not in text, binding
                continue
            assert binding.description and binding.description in text, binding
            for key in binding.key.split(","):
                assert app.get_key_display(binding.with_key(key)) in text, key
        assert "Begin" not in text


async def test_the_export_writes_the_debrief_without_building_its_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roleplay.engine.session import Session
    from roleplay.loading import load_case
    from roleplay.storage.saves import save
    from roleplay.strategies import HistoryStrategy, autoplay
    from roleplay.tui.screens import debrief

    loaded = load_case(ROADMAP)
    finished = autoplay(
        Session(loaded.blueprint, 3, case_ref=str(ROADMAP), case_digest=loaded.digest), HistoryStrategy(3)
    )
    save(finished, tmp_path / "roadmap.jsonl")
    monkeypatch.chdir(tmp_path)
    app = create_app(resume=tmp_path / "roadmap.jsonl")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen)  # a finished game opens on its debrief
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen)

        def no_screen(*args: object) -> None:
            raise AssertionError("the export built a debrief screen")

        monkeypatch.setattr(debrief.DebriefScreen, "__init__", no_screen)
        await palette(pilot, "Markdown")
        await palette(pilot, "HTML")
        assert isinstance(app.screen, MediationScreen)
    markdown = (tmp_path / "debrief-algiers_roadmap-seed3.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Debrief: Algiers 2014")
    assert (tmp_path / "debrief-algiers_roadmap-seed3.html").read_text(encoding="utf-8").startswith("<!doctype html>")


async def test_case_text_in_a_crisis_is_shown_as_written(broken_case) -> None:  # type: ignore[no-untyped-def]
    """Brackets in a case's text are text, not markup: '[sic]' shows as '[sic]'."""
    broken = broken_case(
        ('title = "The Coordination refuses', 'title = "The Coordination [sic] refuses'),
        ("never fought the government", "never fought [sic] the government"),
        ('label = "Keep the Platform as a party', 'label = "Keep the Platform [sic] as a party'),
    )
    app = create_app(case=broken.path, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await choose(pilot, app.screen.query_one(MoveList), "college_meeting")
        await wait_for(pilot, lambda: isinstance(app.screen, EventDialog), timeout=5, message="the crisis of 16 July")
        dialog = app.screen
        assert (
            str(dialog.query_one(".question").render()) == "⚠ The Coordination [sic] refuses to recognise the Platform"
        )
        assert "never fought [sic] the government" in str(dialog.query_one(".narrative").render())
        choices = dialog.query_one(OptionList)
        assert "Keep the Platform [sic] as a party" in choices.render_line(0).text
