"""The highlighted issue across the parties: each position and red line on one 0-100 axis,
the draft's value, and the common ground the red lines leave (or that they leave none)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from roleplay.engine.world import PartyState
from roleplay.game import Game
from roleplay.tui.widgets.text_panel import TextPanel

AXIS = 11  # characters for 0-100: one per 10 points, so a line fits a third of the screen


def number(value: float) -> str:
    """Whole numbers as such, others to one decimal: a draft at 30.2 must not read as inside a
    red line that ends at 30."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def common_ground(parties: Sequence[PartyState], issue: str) -> tuple[float, float] | None:
    """Where every party's red line on ``issue`` overlaps, or None."""
    if not parties:
        return None
    low = max(p.red_low[issue] for p in parties)
    high = min(p.red_high[issue] for p in parties)
    return (low, high) if low <= high else None


def axis(position: float, low: float, high: float, draft: float | None) -> str:
    """'·' outside the red line, '─' inside it, '│' the draft, '●' the party's position."""
    step = 100 / (AXIS - 1)
    cells = ["─" if low - step / 2 <= at * step <= high + step / 2 else "·" for at in range(AXIS)]
    if draft is not None:
        cells[round(draft / step)] = "│"
    cells[round(position / step)] = "●"
    return "".join(cells)


def anchor_label(game: Game, issue: str, value: float) -> str:
    anchors = next(i.anchors for i in game.blueprint.case.issues if i.id == issue)
    label: str = min(anchors, key=lambda a: abs(a.at - value)).label
    return label


class IssueDetail(TextPanel):
    def show(self, game: Game, issue_id: str | None) -> None:
        issue = next((i for i in game.blueprint.case.issues if i.id == issue_id), None)
        text = Text()
        if issue is not None:
            world = game.session.world
            draft = world.draft.get(issue.id)
            parties = world.involved()
            text.append(issue.name, style="bold")
            if draft is None:
                text.append("\nNo draft text yet.", style="dim")
            else:
                text.append(f"\nDraft {number(draft)}: {anchor_label(game, issue.id, draft)}")
            width = max((len(game.name(p.id)[:12]) for p in parties), default=0)
            text.append(f"\n{'':{width}} 0    50   100  at  red line", style="dim")
            for party in parties:
                low, high = party.red_low[issue.id], party.red_high[issue.id]
                position = party.position[issue.id]
                name = game.name(party.id)[:12]
                line = axis(position, low, high, draft)
                text.append(f"\n{name:<{width}} {line} {position:3.0f}  {number(low)}-{number(high)}")
                if draft is not None and not low <= draft <= high:
                    text.append(" ✗", style="bold")
            ground = common_ground(parties, issue.id)
            overlap = "none: the red lines do not overlap"
            if ground is not None:
                overlap = f"{number(ground[0])}-{number(ground[1])}"
            text.append(f"\nCommon ground: {overlap}")
            text.append("\n● position  ─ within red line  │ draft", style="dim")
        self.show_text(text, layout=True)
