"""The highlighted move in full: why it is unavailable (first, so it always shows), its
cost, what it does and what it teaches. Scrolls when it is longer than its space."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll

from roleplay.game import MoveChoice
from roleplay.tui.widgets.text_panel import TextPanel


def cost_words(choice: MoveChoice) -> str:
    """'3 days and 10 political capital': what playing the move costs, said before it is played."""
    cost = f"{choice.days} day{'s' if choice.days != 1 else ''}"
    if choice.capital:
        cost += f" and {choice.capital:g} political capital"
    return cost


class MoveDetail(VerticalScroll, can_focus=False):
    def compose(self) -> ComposeResult:
        yield TextPanel(id="move-detail-text")

    def show(self, choice: MoveChoice | None, teaching: str = "") -> None:
        text = Text()
        if choice is not None:
            if not choice.available:
                reasons = choice.reasons
                text.append("Unavailable: ", style="bold")
                text.append(reasons[0] if len(reasons) == 1 else "".join(f"\n • {r}" for r in reasons), style="bold")
                text.append("\n")
            text.append(f"Costs {cost_words(choice)}.", style="bold" if choice.available else "dim")
            if choice.needs_target:
                text.append(" Asks you for a party.", style="dim")
            text.append(f"\n{choice.summary}")
            if teaching:
                text.append(f"\nWhy it matters: {teaching}", style="italic")
        self.query_one(TextPanel).show_text(text, layout=True)
        self.scroll_home(animate=False)
