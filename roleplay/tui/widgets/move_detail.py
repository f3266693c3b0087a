"""The highlighted move in full: what it does, what it teaches, its cost, why it is unavailable."""

from __future__ import annotations

from rich.text import Text

from roleplay.game import MoveChoice
from roleplay.tui.widgets.text_panel import TextPanel


class MoveDetail(TextPanel):
    """Fixed height; refreshes without a relayout on every highlight and every turn."""

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
        self.show_text(text)
