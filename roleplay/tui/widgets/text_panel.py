"""A widget that shows one Rich Text and repaints only when the text changes."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class TextPanel(Widget):
    """Lighter than a Static for text rewritten every turn: ``show_text`` repaints only on a
    change, and asks for a relayout only when the panel's height may change."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._text = Text()

    def render(self) -> Text:
        return self._text

    def show_text(self, text: Text, *, layout: bool = False) -> None:
        if text.plain != self._text.plain or text.spans != self._text.spans:
            self._text = text
            self.refresh(layout=layout)
