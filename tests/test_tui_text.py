"""Long texts in the app (the briefing, the debrief's summary, help) are Markdown the app
writes and Rich draws in one widget: case text inside them stays text."""

from __future__ import annotations

from markdown_it import MarkdownIt
from rich.console import Console
from test_hostile_names import HOSTILE

from roleplay.tui.widgets.markdown_text import MarkdownText, text_as_markdown


def _kinds(markdown: str) -> set[str]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}


def test_case_text_makes_no_markdown_of_its_own() -> None:
    for text in HOSTILE:
        kinds = _kinds(text_as_markdown(text))
        assert not kinds & {"link_open", "image", "html_inline", "html_block", "heading_open", "em_open"}, text
        assert not kinds & {"strong_open", "code_inline", "table_open", "fence", "code_block"}, text


def test_paragraphs_are_kept_and_drawn_as_written() -> None:
    markdown = text_as_markdown("First [x](http://host) *a*.\n\n  ![t](p.png) <b>b</b>\nsame paragraph")
    assert markdown.count("\n\n") == 1
    console = Console(width=60, record=True, color_system=None)
    console.print(MarkdownText._renderable(markdown))
    drawn = console.export_text()
    assert "First [x](http://host) *a*." in drawn
    assert "![t](p.png) <b>b</b> same paragraph" in drawn


def test_the_briefing_is_text_and_headings_only() -> None:
    from conftest import FULL_ALGIERS_PATH

    from roleplay.game import Game, start_session
    from roleplay.tui.screens.briefing import briefing_markdown

    loaded, session = start_session(FULL_ALGIERS_PATH, 1)
    markdown = briefing_markdown(Game(loaded, session, None))
    assert not _kinds(markdown) & {"link_open", "image", "html_inline", "html_block", "code_inline", "fence"}
