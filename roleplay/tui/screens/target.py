"""Choose the party a move is aimed at; parties it cannot reach now are shown with the reason."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from roleplay.tui.game import Game, MoveChoice


class TargetDialog(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, game: Game, move: MoveChoice) -> None:
        super().__init__()
        self.game, self.move = game, move

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"{self.move.name}: with whom?", classes="question")
            options = []
            for option in self.move.options:
                name = self.game.name(option.target)
                label = name if option.available else f"{name} — {'; '.join(option.reasons)}"
                options.append(Option(label, id=option.target, disabled=not option.available))
            yield OptionList(*options, id="targets")
            yield Label("Enter to choose · Escape to cancel", classes="hint")

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
