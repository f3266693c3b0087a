"""Choose one item from a list (an event to inject, the teams to send it to...)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option


class ChoiceDialog(ModalScreen[str | None]):
    """Dismisses with the chosen item's id, or None on Escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        question: str,
        choices: list[tuple[str, str]],
        *,
        wide: bool = False,
        unavailable: frozenset[str] = frozenset(),
    ) -> None:
        """``choices``: (id, label) pairs, in the order shown; ``unavailable``: ids shown but not
        choosable (their label says why)."""
        super().__init__()
        self.question, self.choices, self.wide, self.unavailable = question, choices, wide, unavailable

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide" if self.wide else "dialog"):
            yield Label(self.question, classes="question", markup=False)  # names typed by people
            options = (Option(label, id=key, disabled=key in self.unavailable) for key, label in self.choices)
            yield OptionList(*options, classes="choices", markup=False)
            yield Label("↑ ↓ and Enter to choose · Escape to cancel", classes="hint")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
