"""Each issue: the draft's value and every party's position with its red line."""

from __future__ import annotations

from textual.widgets import DataTable

from roleplay.tui.game import Game
from roleplay.tui.widgets.parties_table import update_rows


def anchor_label(game: Game, issue: str, value: float) -> str:
    anchors = next(i.anchors for i in game.blueprint.case.issues if i.id == issue)
    label: str = min(anchors, key=lambda a: abs(a.at - value)).label
    return label


class IssuesTable(DataTable[str]):
    """Parties outside the talks (splinter groups waiting for a seat) are left out, so the
    columns fit: their positions show here once they join."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self._shown: list[str] = []

    def show(self, game: Game) -> None:
        world = game.session.world
        parties = [p for p in world.parties.values() if p.standing != "outside"]
        if [p.id for p in parties] != self._shown:
            self.clear(columns=True)
            self.add_columns("Issue", "Draft", *(game.name(p.id) for p in parties))
            self._shown = [p.id for p in parties]
        rows = []
        for issue in game.blueprint.case.issues:
            draft = world.draft.get(issue.id)
            name = issue.name if len(issue.name) <= 18 else issue.name[:17] + "…"
            cells = [name, "—" if draft is None else f"{draft:.0f}"]
            for party in parties:
                low, high = party.red_low[issue.id], party.red_high[issue.id]
                mark = ""
                if draft is not None:
                    mark = " ✓" if low <= draft <= high else " ✗"
                cells.append(f"{party.position[issue.id]:.0f} [{low:.0f}-{high:.0f}]{mark}")
            rows.append((issue.id, cells))
        update_rows(self, rows)
