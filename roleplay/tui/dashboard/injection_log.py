"""The dashboard's log of the instructor's injections: which event, to whom, and how many of
its teams it has reached (an injection happens at a team's next move, so it waits until then)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from roleplay.classroom.report import plain

#: The injections shown: the latest ones (the report has them all, team by team).
SHOWN = 4


def log_text(rows: list[tuple[int, str, str | None, int]], titles: dict[str, str], teams: int) -> Text:
    text = Text("Injections", style="bold")
    if not rows:
        text.append(" · none yet (i: inject an event)")
    for number, event, team, reached in rows[-SHOWN:]:
        who, out_of = (f"team {plain(team)}", 1) if team is not None else ("every team", teams)
        waiting = "" if reached >= out_of else " (the others at their next move)"
        text.append(f"\n#{number} {plain(titles.get(event, event))} → {who}: reached {reached} of {out_of}{waiting}")
    return text


class InjectionLog(Static):
    DEFAULT_CSS = "InjectionLog { height: auto; max-height: 6; padding: 0 1; }"

    def show(self, rows: list[tuple[int, str, str | None, int]], titles: dict[str, str], teams: int) -> None:
        self.update(log_text(rows, titles, teams))
