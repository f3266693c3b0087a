"""The highlighted move in full: what it does, what it teaches, its cost, why it is unavailable."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from roleplay.tui.game import MoveChoice


class MoveDetail(Widget):
    """Fixed height; refreshes without a relayout on every highlight and every turn."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._text = Text()

    def render(self) -> Text:
        return self._text

    def show(self, choice: MoveChoice | None, teaching: str = "") -> None:
        text = Text()
        if choice is not None:
            text.append(choice.summary)
            if teaching:
                text.append(f"\nWhy it matters: {teaching}", style="italic")
            cost = f"{choice.days} day{'s' if choice.days != 1 else ''}"
            if choice.capital:
                cost += f", {choice.capital:g} political capital"
            text.append(f"\nCost: {cost}." + (" Asks you for a party." if choice.needs_target else ""), style="dim")
            if not choice.available:
                text.append(f"\nUnavailable: {'; '.join(choice.reasons)}", style="bold")
        if text.plain != self._text.plain:
            self._text = text
            self.refresh()
