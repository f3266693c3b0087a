"""The highlighted issue across the parties: each position and red line on one 0-100 axis,
the draft's value, and the common ground the red lines leave (or that they leave none).
Red lines are what the mediator knows of them: estimates until mediation reveals them."""

from __future__ import annotations

from rich.text import Text

from roleplay.game import Game
from roleplay.game.views import common_ground, number
from roleplay.tui.widgets.text_panel import TextPanel

__all__ = ["AXIS", "IssueDetail", "axis", "common_ground", "number"]

AXIS = 11  # characters for 0-100: one per 10 points, so a line fits a third of the screen


def axis(
    position: float, low: float, high: float, draft: float | None, outer: tuple[float, float] | None = None
) -> str:
    """'·' outside the red line, '─' surely inside it, '┄' perhaps inside it (between
    ``low``-``high`` and the ``outer`` estimate), '│' the draft, '●' the party's position."""
    step = 100 / (AXIS - 1)
    wide = outer or (low, high)

    def cell(at: float) -> str:
        if low - step / 2 <= at <= high + step / 2:
            return "─"
        return "┄" if wide[0] - step / 2 <= at <= wide[1] + step / 2 else "·"

    cells = [cell(at * step) for at in range(AXIS)]
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
                known = party.red_line
                (low, high), outer = known.surely, known.possibly
                line = axis(party.position, low, high, draft, outer)
                text.append(f"\n{party.name[:12]:<{width}} {line} {party.position:3.0f}  {known.words()}")
                if draft is not None and not outer[0] <= draft <= outer[1]:
                    text.append(" ✗", style="bold")
            text.append(f"\nCommon ground: {_ground(issue.common_ground, issue.possible_ground)}")
            text.append("\n● position  ─ within red line  ┄ perhaps (estimate)  │ draft", style="dim")
        self.show_text(text, layout=True)


def _ground(surely: tuple[float, float] | None, possibly: tuple[float, float] | None) -> str:
    if possibly is None:
        return "none: the red lines do not overlap"
    if surely == possibly:
        return f"{number(possibly[0])}-{number(possibly[1])}"
    certain = f"surely {number(surely[0])}-{number(surely[1])}, " if surely else ""
    return f"{certain}perhaps {number(possibly[0])}-{number(possibly[1])} (estimates)"
