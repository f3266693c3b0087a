"""Each party's standing, trust in the mediator, ripeness and whether it accepts the draft."""

from __future__ import annotations

from textual.widgets import DataTable

from roleplay.tui.game import Game

STANDING_LABELS = {
    "outside": "outside",
    "at_table": "at the table",
    "consulting": "consulting base",
    "boycotting": "boycotting",
    "walked_out": "WALKED OUT",
    "initialled": "initialled",
    "signed": "signed",
}


def bar(value: float, width: int = 4) -> str:
    filled = round(value / 100 * width)
    return "█" * filled + "·" * (width - filled)


class PartiesTable(DataTable[str]):
    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns("Party", "Standing", "Trust", "Ripe", "Draft text")

    def show(self, game: Game) -> None:
        world = game.session.world
        rows = []
        for pid, party in world.parties.items():
            if not world.draft:
                verdict = "—"
            else:
                verdict = (
                    "✓ yes"
                    if world.accepts(party)
                    else f"✗ no ({world.distance(party):.0f}>{world.tolerance(party):.0f})"
                )
            rows.append(
                (
                    pid,
                    [
                        game.name(pid),
                        STANDING_LABELS.get(party.standing, party.standing),
                        f"{party.trust:3.0f} {bar(party.trust)}",
                        f"{party.ripeness:3.0f}",
                        verdict,
                    ],
                )
            )
        update_rows(self, rows)


def update_rows(table: DataTable[str], rows: list[tuple[str, list[str]]]) -> None:
    """Change only the cells that changed; rebuild only when the rows themselves differ."""
    keys = [key for key, _ in rows]
    if [row.value for row in table.rows] != keys:
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        return
    columns = list(table.columns)
    for key, cells in rows:
        for column, value in zip(columns, cells, strict=True):
            if table.get_cell(key, column) != value:
                table.update_cell(key, column, value)
