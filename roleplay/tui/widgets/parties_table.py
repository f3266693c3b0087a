"""Each party's standing, trust in the mediator and whether it would sign the draft.
The highlighted party is shown in full underneath (PartyDetail)."""

from __future__ import annotations

from roleplay.game import Game
from roleplay.tui.widgets.keyed_table import KeyedTable
from roleplay.tui.widgets.party_detail import bar

#: Short enough for the table's pane; the detail underneath says it in full.
SHORT_STANDINGS = {
    "outside": "outside",
    "at_table": "at table",
    "consulting": "consulting",
    "boycotting": "boycotting",
    "walked_out": "WALKED OUT",
    "initialled": "initialled",
    "signed": "signed",
}


class PartiesTable(KeyedTable):
    COLUMNS = ("Party", "Standing", "Trust", "Draft")

    def show(self, game: Game) -> None:
        world = game.session.world
        rows = []
        for pid, party in world.parties.items():
            verdict = "—" if not world.draft else "✓ yes" if world.accepts(party) else "✗ no"
            rows.append(
                (
                    pid,
                    [
                        game.name(pid),
                        SHORT_STANDINGS.get(party.standing, party.standing),
                        f"{party.trust:3.0f} {bar(party.trust)}",
                        verdict,
                    ],
                )
            )
        self.update_rows(rows)
