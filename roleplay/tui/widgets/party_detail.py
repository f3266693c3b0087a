"""The highlighted party in full: standing, trust, ripeness, cohesion, whom it trusts, and
whether it would sign the draft (and if not, why)."""

from __future__ import annotations

from rich.text import Text

from roleplay.game import Game
from roleplay.game.views import standing_words
from roleplay.tui.widgets.text_panel import TextPanel


def bar(value: float, width: int = 4) -> str:
    filled = round(value / 100 * width)
    return "█" * filled + "·" * (width - filled)


class PartyDetail(TextPanel):
    def show(self, game: Game, party_id: str | None) -> None:
        party = next((p for p in game.party_rows() if p.id == party_id), None)
        text = Text()
        if party is not None:
            text.append(party.name, style="bold")
            text.append(f" · {standing_words(party.standing)}")
            text.append(f"\nTrust in you {party.trust:.0f} {bar(party.trust, 10)}")
            text.append(f"\nRipeness {party.ripeness:.0f} · cohesion {party.cohesion:.0f}")
            if party.relations:
                trusts = " · ".join(f"{name} {value:.0f}" for name, value in party.relations)
                text.append(f"\nTrusts: {trusts}", style="dim")
            text.append("\n" + party.verdict)
            if party.known:
                text.append("\n" + party.known, style="dim")
        self.show_text(text, layout=True)
