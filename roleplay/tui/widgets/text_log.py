"""Lines of Rich Text wrapped to the log's width, the newest at the bottom.

This is the part of Textual's RichLog the app uses. RichLog accepts any renderable, so it
imports Rich's pretty-printer and, through it, attrs: about 1 MiB and 18 ms before the main
screen, for nothing this app shows. Unlike RichLog, the text is wrapped again when the width
changes, so a wider terminal shows longer lines.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip


class TextLog(ScrollView, can_focus=True):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._texts: list[Text] = []
        #: What is on the log's lines, at its width: one strip a line.
        self.lines: list[Strip] = []
        self._width = 0

    def write(self, text: Text) -> None:
        """Add ``text`` at the bottom and scroll to it."""
        self._texts.append(text)
        if self._width:  # before the first size, kept until it is known
            self.lines.extend(self._wrapped(text))
            self._sized()

    def clear(self) -> None:
        self._texts.clear()
        self.lines.clear()
        self._sized()

    def on_resize(self, _event: events.Resize) -> None:
        # The vertical scrollbar's cells stay free, so a scrollbar appearing never cuts a line.
        width = max(1, self.content_region.width - self.styles.scrollbar_size_vertical)
        if width != self._width:
            self._width = width
            self.lines = [line for text in self._texts for line in self._wrapped(text)]
            self._sized()

    def _wrapped(self, text: Text) -> list[Strip]:
        console = self.app.console
        return [Strip(list(line.render(console)), line.cell_len) for line in text.wrap(console, self._width)]

    def _sized(self) -> None:
        self.virtual_size = Size(self._width, len(self.lines))
        # force: the log may be filled while a dialog covers it, before its scrollbar is laid out
        self.scroll_end(animate=False, immediate=False, x_axis=False, force=True)
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        index = scroll_y + y
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        return self.lines[index].crop_extend(scroll_x, scroll_x + width, self.rich_style).apply_style(self.rich_style)
