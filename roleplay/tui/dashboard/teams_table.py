"""One row per team: where it is, its last move, the party in the talks that trusts the
mediator least, who is away."""

from __future__ import annotations

from roleplay.classroom.monitor import TeamView
from roleplay.game.views import AWAY
from roleplay.tui.widgets.keyed_table import KeyedTable


class TeamsTable(KeyedTable):
    """A fixed set of columns whatever the number of parties; the team under the cursor is
    shown party by party underneath (TeamDetail). Rows are updated in place each second, so
    the cursor stays on its team."""

    COLUMNS = ("Team", "Turn", "Date", "Phase", "Last move", "Least trust", "Away", "Ending")

    def show(self, views: list[TeamView]) -> None:
        self.update_rows(team_rows(views))


def team_rows(views: list[TeamView]) -> list[tuple[str, list[str]]]:
    """Each team's row: its key (the name as stored) and its cells, as strings."""
    rows = []
    for view in views:
        involved = {n: t for n, t in view.trust.items() if view.standings[n] != "outside"}
        lowest = min(involved.items(), key=lambda kv: kv[1]) if involved else None
        away = [name for name, standing in view.standings.items() if standing in AWAY]
        rows.append(
            (
                view.team,
                [
                    view.team,
                    str(view.turn),
                    view.date,
                    _short(view.phase, 24),
                    _short(view.last_move, 30),
                    f"{lowest[1]:.0f} {lowest[0]}" if lowest else "—",
                    ", ".join(away) or "—",
                    view.ending or "—",
                ],
            )
        )
    return rows


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
