"""The highlighted party in full: standing, trust, ripeness, cohesion, whom it trusts, and
whether it would sign the draft (and if not, why)."""

from __future__ import annotations

from rich.text import Text

from roleplay.game import Game
from roleplay.tui.widgets.text_panel import TextPanel

STANDING_LABELS = {
    "outside": "outside the talks",
    "at_table": "at the table",
    "consulting": "consulting its base",
    "boycotting": "boycotting",
    "walked_out": "WALKED OUT",
    "initialled": "initialled",
    "signed": "signed",
}


def bar(value: float, width: int = 4) -> str:
    filled = round(value / 100 * width)
    return "█" * filled + "·" * (width - filled)


class PartyDetail(TextPanel):
    def show(self, game: Game, party_id: str | None) -> None:
        world = game.session.world
        party = world.parties.get(party_id) if party_id else None
        text = Text()
        if party is not None:
            text.append(game.name(party.id), style="bold")
            text.append(f" · {STANDING_LABELS.get(party.standing, party.standing)}")
            text.append(f"\nTrust in you {party.trust:.0f} {bar(party.trust, 10)}")
            text.append(f"\nRipeness {party.ripeness:.0f} · cohesion {party.cohesion:.0f}")
            if party.relations:
                trusts = " · ".join(f"{game.name(o)} {v:.0f}" for o, v in party.relations.items())
                text.append(f"\nTrusts: {trusts}", style="dim")
            text.append("\n" + self._verdict(game, party.id))
        self.show_text(text, layout=True)

    @staticmethod
    def _verdict(game: Game, party_id: str) -> str:
        world = game.session.world
        party = world.parties[party_id]
        if not world.draft:
            return "Draft: none on the table yet."
        if world.accepts(party):
            return "Draft: ✓ would sign it."
        names = {i.id: i.name for i in game.blueprint.case.issues}
        crossed = [
            names[issue]
            for issue, value in world.draft.items()
            if not party.red_low[issue] <= value <= party.red_high[issue]
        ]
        if crossed:
            return f"Draft: ✗ crosses its red line on {', '.join(crossed)}."
        return (
            f"Draft: ✗ too far from what it wants (distance {world.distance(party):.0f} > "
            f"tolerance {world.tolerance(party):.0f}; trust and ripeness raise the tolerance)."
        )
