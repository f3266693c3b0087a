"""The team under the cursor, party by party: standing and trust in the mediator."""

from __future__ import annotations

from rich.text import Text

from roleplay.classroom.monitor import TeamView
from roleplay.game.views import standing_words
from roleplay.tui.shown import shown
from roleplay.tui.widgets.party_detail import bar
from roleplay.tui.widgets.text_panel import TextPanel


def detail_text(view: TeamView | None) -> Text:
    """The team's name, turn, date and phase, then a line per party."""
    text = Text()
    if view is not None:
        text.append(f"Team {shown(view.team)}", style="bold")
        text.append(f" · turn {view.turn} · {view.date} · {shown(view.phase)}")
        width = max((len(name) for name in view.trust), default=0)
        for name, trust in view.trust.items():
            standing = standing_words(view.standings[name])
            text.append(f"\n{shown(name):<{width}}  {trust:3.0f} {bar(trust, 10)}  {standing}")
    return text


class TeamDetail(TextPanel):
    def show(self, view: TeamView | None) -> None:
        self.show_text(detail_text(view), layout=True)
