"""The highlighted issue across the parties: each position and red line on one 0-100 axis,
the draft's value, and the common ground the red lines leave (or that they leave none)."""

from __future__ import annotations

from rich.text import Text

from roleplay.game import Game
from roleplay.game.views import common_ground, number
from roleplay.tui.widgets.text_panel import TextPanel

__all__ = ["AXIS", "IssueDetail", "axis", "common_ground", "number"]

AXIS = 11  # characters for 0-100: one per 10 points, so a line fits a third of the screen


def axis(position: float, low: float, high: float, draft: float | None) -> str:
    """'·' outside the red line, '─' inside it, '│' the draft, '●' the party's position."""
    step = 100 / (AXIS - 1)
    cells = ["─" if low - step / 2 <= at * step <= high + step / 2 else "·" for at in range(AXIS)]
    if draft is not None:
        cells[round(draft / step)] = "│"
    cells[round(position / step)] = "●"
    return "".join(cells)


class IssueDetail(TextPanel):
    def show(self, game: Game, issue_id: str | None) -> None:
        issue = next((i for i in game.issue_rows() if i.id == issue_id), None)
        text = Text()
        if issue is not None:
            draft = issue.draft
            text.append(issue.name, style="bold")
            if draft is None:
                text.append("\nNo draft text yet.", style="dim")
            else:
                text.append(f"\nDraft {number(draft)}: {issue.draft_label}")
            width = max((len(p.name[:12]) for p in issue.parties), default=0)
            text.append(f"\n{'':{width}} 0    50   100  at  red line", style="dim")
            for party in issue.parties:
                low, high = party.red_low, party.red_high
                line = axis(party.position, low, high, draft)
                text.append(f"\n{party.name[:12]:<{width}} {line} {party.position:3.0f}  {number(low)}-{number(high)}")
                if draft is not None and not low <= draft <= high:
                    text.append(" ✗", style="bold")
            ground = issue.common_ground
            overlap = "none: the red lines do not overlap"
            if ground is not None:
                overlap = f"{number(ground[0])}-{number(ground[1])}"
            text.append(f"\nCommon ground: {overlap}")
            text.append("\n● position  ─ within red line  │ draft", style="dim")
        self.show_text(text, layout=True)
