"""A crisis that asks for the mediator's response."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from roleplay.engine.blueprint import CompiledEvent


class EventDialog(ModalScreen[str]):
    """No escape binding: the talks wait for an answer."""

    def __init__(self, event: CompiledEvent) -> None:
        super().__init__()
        self.event = event

    def compose(self) -> ComposeResult:
        event = self.event.event
        with Vertical(classes="dialog wide"):
            yield Label(f"⚠ {event.title}", classes="question")
            yield Static(event.narrative, classes="narrative")
            cites = ", ".join(c.label() for c in event.cite)
            yield Static(f"Source: {cites}", classes="hint")
            yield Label("How do you respond?")
            yield OptionList(*(Option(c.choice.label, id=c.choice.id) for c in self.event.choices), id="choices")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(event.option.id)
