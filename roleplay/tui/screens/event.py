"""A crisis that asks for the mediator's response."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from roleplay.game import Crisis


class EventDialog(ModalScreen[str]):
    """No escape binding: the talks wait for an answer. q still quits (asking first), as the
    keys line under the dialog says: a modal screen holds back the app's own keys."""

    BINDINGS = [Binding("q", "app.quit", "Quit", show=False)]

    def __init__(self, event: Crisis) -> None:
        super().__init__()
        self.event = event
        self.answered = False

    def compose(self) -> ComposeResult:
        event = self.event
        with Vertical(classes="dialog wide"):
            # markup=False: the case's text stays text.
            yield Label(f"⚠ {event.title}", classes="question", markup=False)
            yield Static(event.narrative, classes="narrative", markup=False)
            yield Static(f"Source: {event.sources}", classes="hint", markup=False)
            yield Label("How do you respond?")
            yield OptionList(*(Option(c.label, id=c.id) for c in event.choices), id="choices", markup=False)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        """Answer once. A second Enter before the dialog has gone would dismiss again, and a
        dismiss pops whatever screen is on top: the game's own screen, leaving a blank one."""
        if event.option.id is not None and not self.answered:
            self.answered = True
            self.dismiss(event.option.id)
