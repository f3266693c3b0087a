"""Each issue: the draft's value and the common ground the parties' red lines leave.
The highlighted issue is shown party by party underneath (IssueDetail)."""

from __future__ import annotations

from roleplay.game import Game
from roleplay.game.views import number
from roleplay.tui.widgets.keyed_table import KeyedTable


class IssuesTable(KeyedTable):
    """Three columns whatever the number of parties, so the table fits its pane."""

    COLUMNS = ("Issue", "Draft", "Common")

    def show(self, game: Game) -> None:
        rows = []
        for issue in game.issue_rows():
            draft, ground = issue.draft, issue.common_ground or issue.possible_ground
            name = issue.name if len(issue.name) <= 19 else issue.name[:18] + "…"
            if ground is None:
                common = "none"
            else:  # '?' where the red lines may, not surely, overlap (estimates)
                sure = issue.common_ground is not None and issue.common_ground == issue.possible_ground
                common = f"{number(ground[0])}-{number(ground[1])}" + ("" if sure else "?")
                if draft is not None:
                    common += " ✓" if ground[0] <= draft <= ground[1] else " ✗"
            rows.append((issue.id, [name, "—" if draft is None else number(draft), common]))
        self.update_rows(rows)
