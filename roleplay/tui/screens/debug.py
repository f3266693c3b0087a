"""The debug panel (`roleplay play CASE --debug`, ctrl+d): every value of the game, and any of
them set by hand, as Yarn Spinner's variable view and Ren'Py's console allow. Each setting is
recorded in the transcript like a move, so the playtest replays exactly."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label

from roleplay.engine.session import ActionRecord
from roleplay.errors import RoleplayError
from roleplay.game import Game
from roleplay.game.playtest import parse_setting


class DebugScreen(ModalScreen[list[ActionRecord]]):
    """Dismissed with the records of the settings made, for the main screen to show."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self.records: list[ActionRecord] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall", id="debug"):
            yield Label("Every value of the game (a playtest: settings are recorded)", classes="question")
            yield DataTable(id="debug-values", cursor_type="row", zebra_stripes=True)
            yield Input(placeholder="name = value   e.g. trust.coordination = 40, phase = p3_committee", id="debug-set")
            yield Label("Enter on a row to edit it · Enter in the box to set · Escape to close", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("value", "now")
        self.fill()
        self.query_one(Input).focus()

    def fill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for name, value in self.game.values():  # names and values as text, never markup
            table.add_row(Text(name), Text(value), key=name)

    @on(DataTable.RowSelected)
    def edit(self, event: DataTable.RowSelected) -> None:
        field = self.query_one(Input)
        field.value = f"{event.row_key.value} = "
        field.focus()

    @on(Input.Submitted)
    def set_value(self, event: Input.Submitted) -> None:
        try:
            name, value = parse_setting(event.value)
            self.records.extend(self.game.set_value(name, value))
        except RoleplayError as exc:
            self.notify(str(exc), title="Not set", severity="error", timeout=10, markup=False)
            return
        event.input.value = ""
        self.fill()
        table = self.query_one(DataTable)
        table.move_cursor(row=table.get_row_index(name))
        self.notify(f"{name} = {value}", title="Set", markup=False)

    def action_close(self) -> None:
        self.dismiss(self.records)
