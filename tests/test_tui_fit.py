"""Everything a trainee must read fits a small terminal (issue 12): F1 help scrolls at 80x24
and at 36 rows, every confirmation dialog shows its whole question and its buttons at 80x24,
and the Load and prompt dialogs fit."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CASE_PATH as ROADMAP
from helpers import LOAD_TIMEOUT, wait_for
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Label

from roleplay.tui.app import create_app
from roleplay.tui.browser import token_words
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.confirm import ConfirmDialog
from roleplay.tui.screens.help import HelpScreen
from roleplay.tui.screens.mediation import MediationScreen
from roleplay.tui.screens.prompt import PromptDialog

pytestmark = pytest.mark.usefixtures("data_dir")

#: Every question the app and the dashboard ask with a ConfirmDialog, the long ones at their longest.
QUESTIONS = [
    "Quit this game? It is saved automatically; you can resume it next time.",
    "An unfinished game of this case was saved automatically. Resume it?",
    "An unfinished game of this case was saved automatically, but it cannot be resumed: the save "
    "/home/trainee/.local/share/roleplay/autosave/algiers_roadmap.jsonl is damaged (line 17: a "
    "record cut short; the copy may have been interrupted). Start a new game? The old save is kept beside it.",
    token_words("K7QX2M", "The blue team of the Tuesday group", "x" * 43),
    "The class has ended. Reopen it?",
    "End the session for every team and reveal the debriefs?",
]


def inside(widget: Widget, screen: Screen[object]) -> bool:
    region = widget.region
    return bool(region.width and region.height) and screen.region.contains_region(region)


@pytest.mark.parametrize("question", QUESTIONS)
async def test_every_confirmation_fits_80x24(question: str) -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), timeout=LOAD_TIMEOUT, message="briefing")
        app.push_screen(ConfirmDialog(question, "Yes", "No"))
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), timeout=5, message="the dialog")
        await pilot.pause()
        dialog = app.screen
        for button in dialog.query(Button):
            assert inside(button, dialog), button.id
        label = dialog.query_one(".question", Label)
        body = dialog.query_one(".question-body", VerticalScroll)
        assert inside(body, dialog) and label.region.width <= dialog.query_one(".dialog").region.width
        lines = label.render_lines(label.region.reset_offset)
        assert len(lines) == label.region.height  # wrapped at the dialog's width, not cut at its edge
        body.scroll_end(animate=False)
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y  # a question taller than the box scrolls to its end
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)


async def test_a_prompt_fits_80x24() -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), timeout=LOAD_TIMEOUT, message="briefing")
        app.push_screen(PromptDialog("Class ABC123: your team's name? " * 4, "a value"))
        await pilot.pause()
        for widget in app.screen.query("Label, Input"):
            assert inside(widget, app.screen), widget


@pytest.mark.parametrize("size", [(80, 24), (100, 36), (120, 30)])
async def test_help_scrolls_to_its_end_in_a_small_terminal(size: tuple[int, int]) -> None:
    app = create_app(case=ROADMAP, seed=1)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), timeout=LOAD_TIMEOUT, message="briefing")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MediationScreen), timeout=5, message="the main screen")
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), timeout=5, message="help")
        await pilot.pause()
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert body.has_focus  # the arrows scroll at once
        assert inside(body, app.screen) and inside(app.screen.query_one(".hint"), app.screen)
        assert body.max_scroll_y > 0  # longer than the box: it must scroll, not be cut off
        await pilot.press("down", "down")
        await pilot.pause()
        assert body.scroll_y == 2
        await pilot.press("end")
        await wait_for(pilot, lambda: body.scroll_y == body.max_scroll_y, timeout=5, message="the end of the help")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen)


def test_the_questions_listed_here_are_the_apps(tmp_path: Path) -> None:
    """The fixed questions above are the ones in the code (a reworded question is re-checked)."""
    root = Path(__file__).resolve().parent.parent / "roleplay"
    code = "".join(p.read_text(encoding="utf-8") for p in root.rglob("*.py"))
    for question in (QUESTIONS[0], QUESTIONS[1], QUESTIONS[4], QUESTIONS[5]):
        assert question in code, question
