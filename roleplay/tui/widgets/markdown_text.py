"""Markdown drawn in one widget, for long texts that are read, not clicked.

Textual's Markdown widget makes a widget of every block (the Algiers briefing: about 860),
and styling and laying them out was most of the time to a readable briefing. Rich draws the
same text as one renderable (markdown_render.py). Links are never drawn as links, and case
text goes in through ``text_as_markdown``, which escapes whatever would start Markdown of
its own (emphasis, a link, an image, HTML, a heading): a case's words stay words.
"""

from __future__ import annotations

import re

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from roleplay.tui.widgets.markdown_render import MarkdownRenderable

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def text_as_markdown(text: str) -> str:
    """Case text as Markdown that says only the text: its paragraphs kept, each escaped."""
    from roleplay.debrief.markdown import plain  # the debrief's package: not before a first frame

    return "\n\n".join(plain(part.strip()) for part in _PARAGRAPH_BREAK.split(text) if part.strip())


def sections(markdown: str) -> list[str]:
    """The Markdown cut before each second-level heading: parts to draw one after another."""
    parts = re.split(r"\n(?=## )", markdown)
    return [part for part in parts if part.strip()]


class _Drawn:
    """Rich's Markdown drawn once per width: Textual asks a renderable for its height and then
    for its lines, and Rich would lay out the Markdown (its tables above all) twice."""

    def __init__(self, markdown: MarkdownRenderable) -> None:
        self.markdown = markdown
        self._lines: tuple[int, list[list[Segment]]] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if self._lines is None or self._lines[0] != width:
            self._lines = (width, console.render_lines(self.markdown, options.update(height=None), pad=False))
        new_line = Segment.line()
        for line in self._lines[1]:
            yield from line
            yield new_line


class MarkdownText(Static):
    """Markdown written by the app (case text escaped in it), drawn by Rich as one widget."""

    def __init__(self, markdown: str, **kwargs: object) -> None:
        super().__init__(self._renderable(markdown), **kwargs)  # type: ignore[arg-type]
        self.markdown = markdown

    def show_markdown(self, markdown: str) -> None:
        self.markdown = markdown
        self.update(self._renderable(markdown))

    @staticmethod
    def _renderable(markdown: str) -> _Drawn:
        return _Drawn(MarkdownRenderable(markdown))


class MarkdownParts(VerticalScroll):
    """A long Markdown text (a briefing, a debrief's summary) in parts cut before each
    second-level heading: the first is drawn with the screen, each other one a frame after the
    one before, so laying out the whole text never holds back the first frame."""

    def __init__(self, markdown: str, held: bool = False, **kwargs: object) -> None:
        """``held``: only the first part until ``release()`` (the app's loading thread then has
        the cores to itself: a briefing shown while its game loads)."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.markdown = markdown
        self._later = sections(markdown)
        self._held = held

    def compose(self) -> ComposeResult:
        if self._later:
            yield MarkdownText(self._later.pop(0))

    def on_mount(self) -> None:
        if not self._held:
            self.call_after_refresh(self._more)

    def release(self) -> None:
        """Draw the other parts, one a frame, if they were held."""
        if self._held:
            self._held = False
            self.call_after_refresh(self._more)

    def _more(self) -> None:
        if self._later and self.is_attached:
            self.mount(MarkdownText(self._later.pop(0)))
            self.call_after_refresh(self._more)

    @property
    def complete(self) -> bool:
        """Every part is mounted."""
        return not self._later
