"""Each party's standing, trust in the mediator and whether it would sign the draft.
The highlighted party is shown in full underneath (PartyDetail)."""

from __future__ import annotations

from roleplay.game import Game
from roleplay.game.views import standing_words
from roleplay.tui.widgets.keyed_table import KeyedTable
from roleplay.tui.widgets.party_detail import bar

#: Whether it would sign the draft, as far as the mediator knows.
_ANSWERS = {"none": "—", "yes": "✓ yes", "no": "✗ no", "maybe": "? maybe"}


class PartiesTable(KeyedTable):
    COLUMNS = ("Party", "Standing", "Trust", "Draft")

    def show(self, game: Game) -> None:
        rows = []
        for party in game.party_rows():
            verdict = _ANSWERS.get(party.answer, "—")
            standing = standing_words(party.standing, short=True)  # short: the detail says it in full
            rows.append((party.id, [party.name, standing, f"{party.trust:3.0f} {bar(party.trust)}", verdict]))
        self.update_rows(rows)
