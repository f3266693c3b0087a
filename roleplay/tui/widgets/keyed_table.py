"""A DataTable whose rows are keyed by id (a party, an issue) and updated in place."""

from __future__ import annotations

from textual.widgets import DataTable


class KeyedTable(DataTable[str]):
    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True

    def update_rows(self, rows: list[tuple[str, list[str]]]) -> None:
        """Change only the cells that changed; rebuild only when the rows themselves differ."""
        keys = [key for key, _ in rows]
        if [row.value for row in self.rows] != keys:
            self.clear()
            for key, cells in rows:
                self.add_row(*cells, key=key)
            return
        columns = list(self.columns)
        for key, cells in rows:
            for column, value in zip(columns, cells, strict=True):
                if self.get_cell(key, column) != value:
                    self.update_cell(key, column, value)

    def highlighted_key(self) -> str | None:
        """The id of the row under the cursor."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return str(key) if key is not None else None
