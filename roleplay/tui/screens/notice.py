"""A sentence to read before going on, with one button: in a browser, why the session ends
(the page itself would only say "Session ended")."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class NoticeDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, text: str, button: str = "Close") -> None:
        super().__init__()
        self.text, self.button = text, button

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.text, classes="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.button, id="close", variant="primary")

    @on(Button.Pressed)
    def action_close(self) -> None:
        self.dismiss(None)
