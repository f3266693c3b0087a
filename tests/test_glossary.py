"""The glossary (g, issue 12): the model's words and the case's, each with its source, in
words from the case and docs/model.md; nothing from later phases; case text as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FULL_ALGIERS_PATH as ALGIERS
from conftest import ROOT
from helpers import case_loaded
from textual.containers import VerticalScroll
from textual.widgets import Static

from roleplay.game import Game
from roleplay.game.glossary import MODEL_TERMS, Section, Term
from roleplay.tui.app import create_app
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.glossary import GlossaryScreen, glossary_text
from roleplay.tui.screens.mediation import MediationScreen

SIZE = (100, 30)
pytestmark = pytest.mark.usefixtures("data_dir")


async def test_g_opens_the_glossary_of_the_case_and_the_model() -> None:
    app = create_app(case=ALGIERS, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen) and app.game is not None
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        shown = str(app.screen.query_one("#glossary-text", Static).render())
        case = app.game.case
        for word in ("Trust", "Ripeness", "Red line", "Draft (single negotiating text)", "Acceptance", "Standing"):
            assert f"{word}: " in shown, word
        assert all(issue.name in shown for issue in case.issues)
        assert "Coordination of Azawad Movements (Coordination)" in shown
        assert "Phase I: a road map amid clashes" in shown and "Opening: " in shown
        assert "Phase V:" not in shown  # a phase not reached yet: its summary tells what happened
        assert "Proximity talks: " in shown and "ipi-2017 §" in shown  # the case's citations
        body = app.screen.query_one("#glossary-body", VerticalScroll)
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert body.scroll_y > 0  # the arrows scroll it at once
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen)


def test_the_models_words_are_those_of_docs_model_md() -> None:
    model = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    for term in MODEL_TERMS:
        section = term.source.split("“", 1)[1].rstrip("”")
        assert f"## {section}\n" in model, term.source  # every source names a real section


def test_case_text_in_the_glossary_stays_text() -> None:
    sections = [Section("The parties", (Term("[bold]Blue[/]", "[@click=app.quit]x[/] \x1b[2J", "src [1]"),))]
    text = glossary_text(sections)
    assert "[bold]Blue[/]: [@click=app.quit]x[/]" in text.plain
    assert all(span.style in ("bold", "bold underline", "dim italic") for span in text.spans)


def test_only_the_phases_reached_are_listed(tmp_path: Path) -> None:
    game = Game.new(ALGIERS, 1)
    before = {t.word for s in game.glossary() if s.title == "The phases so far" for t in s.terms}
    game.play("college_meeting", None)
    while game.session.pending:
        game.respond(game.session.pending[0].choices[0].choice.id)
    after = {t.word for s in game.glossary() if s.title == "The phases so far" for t in s.terms}
    reached = {game.blueprint.phases[p].name for p in game.session.phases_seen if p in game.blueprint.phases}
    assert before <= after == reached
