"""The debrief's charts and timeline, each drawing itself once it is mounted: TabbedContent
mounts its panes after the screen, so a screen that reached into them from its own mount
would find them missing now and then."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import DataTable
from textual_plotext import PlotextPlot

from roleplay.debrief import Debrief

# Markers as well as colours, so lines are told apart without colour.
MARKERS = ["dot", "x", "+", "*", "o", "#", "@", "%"]  # eight: the Algiers case has seven parties


class TrustPlot(PlotextPlot):
    """Each party's trust in the mediator, turn by turn."""

    def __init__(self, debrief: Debrief, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.debrief = debrief

    def on_mount(self) -> None:
        plot = self.plt
        plot.title("Trust in the mediator")
        for index, (party, series) in enumerate(self.debrief.trust.items()):
            plot.plot(series, label=party, marker=MARKERS[index % len(MARKERS)])
        plot.ylim(0, 100)
        plot.xlabel("turn")


class PositionsPlot(PlotextPlot):
    """Each party's position on one issue at a time (n: the next issue)."""

    def __init__(self, debrief: Debrief, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.debrief = debrief
        self.issue_index = 0

    def on_mount(self) -> None:
        self.draw()

    def next_issue(self) -> None:
        self.issue_index += 1
        self.draw()

    def draw(self) -> None:
        d = self.debrief
        issues = list(d.issue_names)
        if not issues:
            return
        issue = issues[self.issue_index % len(issues)]
        plot = self.plt
        plot.clear_data()
        plot.title(f"Positions on {d.issue_names[issue]} (0-100) · n: next issue")
        for index, (party, by_issue) in enumerate(d.positions.items()):
            if issue in by_issue:
                plot.plot(by_issue[issue], label=party, marker=MARKERS[index % len(MARKERS)])
        plot.ylim(0, 100)
        self.refresh()


class TimelineTable(DataTable[Text]):
    """Every turn: date, phase, move, result, events and what changed."""

    def __init__(self, debrief: Debrief, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.debrief = debrief

    def on_mount(self) -> None:
        self.add_columns("Turn", "Date", "Phase", "Move", "Result", "Events", "Changes")
        for e in self.debrief.timeline:
            cells = (str(e.turn), e.date, e.phase, e.action, e.detail, "; ".join(e.events), "; ".join(e.notes))
            self.add_row(*(Text(cell, no_wrap=True, end="") for cell in cells))  # case text, not markup
