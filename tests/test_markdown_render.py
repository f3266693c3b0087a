"""The app's Markdown drawn without rich.markdown: the same lines as Rich draws them, and
links, images and HTML only ever as their words."""

from __future__ import annotations

import io

from conftest import FULL_ALGIERS_PATH
from rich.console import Console
from rich.markdown import Markdown

from roleplay.debrief.markdown import plain
from roleplay.game import Game
from roleplay.tui.screens.briefing import briefing_markdown
from roleplay.tui.screens.help import help_markdown
from roleplay.tui.widgets.markdown_render import MarkdownRenderable


def drawn(renderable: object, width: int = 90) -> list[str]:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_the_briefing_and_the_help_read_as_rich_draws_them() -> None:
    texts = [briefing_markdown(Game.new(FULL_ALGIERS_PATH, 1)), help_markdown([("f1", "help"), ("w", "why?")])]
    texts.append("## Moves\n\n| move | days |\n|---|--:|\n| **Shuttle** | 2 |\n\n- one *two*\n- `three`\n\n---\n\nend")
    for text in texts:
        for width in (60, 100):
            assert drawn(MarkdownRenderable(text), width) == drawn(Markdown(text, hyperlinks=False), width)


def test_links_images_and_html_are_only_their_words() -> None:
    text = "[click](http://evil.example) ![alt words](x.png) <b>bold?</b> <script>x</script>"
    console = Console(width=80, color_system="truecolor", file=io.StringIO())
    segments = list(console.render(MarkdownRenderable(text)))
    assert all(segment.style is None or segment.style.link is None for segment in segments)
    words = "".join(segment.text for segment in segments)
    assert "click" in words and "evil.example" not in words
    assert "alt words" in words and "x.png" not in words
    assert "<b>bold?</b>" in words  # HTML is characters, never markup


def test_escaped_case_text_stays_text() -> None:
    hostile = "# not a heading *not emphasis* [not a link](http://x) | not | a table |"
    assert drawn(MarkdownRenderable(plain(hostile))) == [hostile]
