"""A DataTable whose rows are keyed by id (a party, an issue) and updated in place."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from roleplay.tui.shown import shown


class KeyedTable(DataTable[Text]):
    """Cells are given as strings and shown as plain text: a name from a case file or typed by
    a team (``[/]``, say) is never read as markup."""

    #: The column headers; set by each table.
    COLUMNS: tuple[str, ...] = ()

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    class Ready(Message):
        """Posted once the table is mounted: a screen whose tables sit in tabs (mounted after
        the screen itself) fills them then."""

    def on_mount(self) -> None:
        self._add_columns()
        self.post_message(self.Ready())

    def _add_columns(self) -> None:
        # Here and before the first rows: a screen's on_mount may fill its tables before the
        # tables' own on_mount has run.
        if not self.columns:
            self.add_columns(*self.COLUMNS)

    def update_rows(self, rows: list[tuple[str, list[str]]]) -> None:
        """Change only the cells that changed; rebuild only when the rows themselves differ."""
        self._add_columns()
        keys = [key for key, _ in rows]
        if [row.value for row in self.rows] != keys:
            self.clear()
            for key, cells in rows:
                self.add_row(*map(cell_text, cells), key=key)
            return
        columns = list(self.columns)
        for key, cells in rows:
            for column, value in zip(columns, cells, strict=True):
                if self.get_cell(key, column).plain != shown(value):
                    self.update_cell(key, column, cell_text(value))

    def highlighted_key(self) -> str | None:
        """The id of the row under the cursor."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return str(key) if key is not None else None


def cell_text(cell: str) -> Text:
    """A cell as plain text on one line: never markup, never a character a terminal acts on."""
    return Text(shown(cell), no_wrap=True, end="")
