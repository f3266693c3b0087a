"""The instructor's messages to this team so far, oldest first: a notice goes after 15 seconds,
and a team that looked away still reads what it was told."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from roleplay.tui.shown import shown


def messages_text(messages: Sequence[str]) -> Text:
    """The messages numbered, one a line, as text (never markup)."""
    text = Text()
    for number, message in enumerate(messages, start=1):
        text.append(f"{number}. ", style="bold")
        text.append(shown(message) + "\n")
    return text if messages else Text("No message yet.")


class MessagesScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,M,q", "close", "Close")]

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__()
        self.messages = list(messages)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Label("Messages from the instructor", classes="question")
            yield Static(messages_text(self.messages), markup=False, id="messages")
            yield Label("Escape to close", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
