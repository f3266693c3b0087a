"""The highlighted move in full: why it is unavailable (first, so it always shows), its
cost, what it does and what it teaches. Scrolls when it is longer than its space."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.css.scalar import Scalar

from roleplay.game import MoveChoice
from roleplay.tui.widgets.text_panel import TextPanel


def cost_words(choice: MoveChoice) -> str:
    """'3 days and 10 political capital': what playing the move costs, said before it is played."""
    cost = f"{choice.days} day{'s' if choice.days != 1 else ''}"
    if choice.capital:
        cost += f" and {choice.capital:g} political capital"
    return cost


class MoveDetail(VerticalScroll, can_focus=False):
    """Holds, within a turn, the most lines any move shown so far needed: the move list above
    keeps its height while the cursor moves (it does not jump under the trainee's eyes), and a
    key costs a repaint of two widgets instead of a relayout of the screen."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._held_lines = 0
        self._text = Text()

    def compose(self) -> ComposeResult:
        yield TextPanel(id="move-detail-text")

    def new_turn(self) -> None:
        """The next move shown sets the height again."""
        self._held_lines = 0

    def on_resize(self) -> None:
        self._fit(self._text)

    def _fit(self, text: Text) -> bool:
        """Size the text's panel to hold ``text``; True when the height changed."""
        panel = self.query_one(TextPanel)
        width = panel.size.width
        if width <= 0:
            return True
        self._held_lines = max(self._held_lines, len(text.wrap(self.app.console, width)))
        if panel.styles.height == Scalar.from_number(self._held_lines):
            return False
        panel.styles.height = self._held_lines
        return True

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
        self._text = text
        self.query_one(TextPanel).show_text(text, layout=self._fit(text))
        self.scroll_home(animate=False)
