"""The debrief: the ending against history, charts, the timeline and the rubric; export."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Markdown, TabbedContent, TabPane
from textual_plotext import PlotextPlot

from roleplay.debrief import build_debrief
from roleplay.debrief.markdown import summary_markdown
from roleplay.game import Game
from roleplay.tui.export import Format, secret_seed, without_seed, write_debrief
from roleplay.tui.messages import ContinueStory
from roleplay.tui.widgets.class_line import ClassLine

# Markers as well as colours, so lines are told apart without colour.
MARKERS = ["dot", "x", "+", "*", "o", "#", "@", "%"]  # eight: the Algiers case has seven parties


class DebriefScreen(Screen[None]):
    BINDINGS = [
        Binding("m", "export('md')", "Export Markdown"),
        Binding("h", "export('html')", "Export HTML"),
        Binding("n", "next_issue", "Next issue"),
        Binding("c", "continue_story", "Continue the story"),
        Binding("escape", "back", "Back"),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        self.debrief = build_debrief(game.blueprint, game.records)
        #: In a class, until the instructor ends it: the class's code, and the seed is not shown.
        self.secret = secret_seed(game)
        #: A case beside this one that carries over from it (Algiers, then Bamako), if any.
        self.sequel: tuple[Path, str] | None = None
        if game.ended and game.team is None:
            from roleplay.game.carry_over import sequels

            found = sequels(game.case_path.parent, game.case.id)
            self.sequel = found[0] if found else None

    def compose(self) -> ComposeResult:
        if self.game.team is not None:
            yield ClassLine(self.game.team)
        with TabbedContent():
            with TabPane("Summary", id="tab-summary"), VerticalScroll():
                text = summary_markdown(self.debrief)
                text = without_seed(text, self.debrief.seed) if self.secret else text
                text += "\nPress **m** to export as Markdown, **h** as HTML."
                if self.sequel is not None:
                    text += (
                        f"\n\nPress **c** to continue the story in *{self.sequel[1]}*: "
                        "it starts from how this game ended."
                    )
                yield Markdown(text)
            with TabPane("Trust", id="tab-trust"):
                yield PlotextPlot(id="trust-plot")
            with TabPane("Positions", id="tab-positions"):
                yield PlotextPlot(id="positions-plot")
            with TabPane("Timeline", id="tab-timeline"):
                yield DataTable(id="timeline")
        yield Footer()

    def on_mount(self) -> None:
        d = self.debrief
        plot = self.query_one("#trust-plot", PlotextPlot).plt
        plot.title("Trust in the mediator")
        for index, (party, series) in enumerate(d.trust.items()):
            plot.plot(series, label=party, marker=MARKERS[index % len(MARKERS)])
        plot.ylim(0, 100)
        plot.xlabel("turn")
        self.issue_index = 0
        self.draw_positions()
        table = self.query_one("#timeline", DataTable)
        table.add_columns("Turn", "Date", "Phase", "Move", "Result", "Events", "Changes")
        for e in d.timeline:
            cells = (str(e.turn), e.date, e.phase, e.action, e.detail, "; ".join(e.events), "; ".join(e.notes))
            table.add_row(*(Text(cell, no_wrap=True, end="") for cell in cells))  # case text, not markup

    def draw_positions(self) -> None:
        d = self.debrief
        issues = list(d.issue_names)
        if not issues:
            return
        issue = issues[self.issue_index % len(issues)]
        widget = self.query_one("#positions-plot", PlotextPlot)
        plot = widget.plt
        plot.clear_data()
        plot.title(f"Positions on {d.issue_names[issue]} (0-100) · n: next issue")
        for index, (party, by_issue) in enumerate(d.positions.items()):
            if issue in by_issue:
                plot.plot(by_issue[issue], label=party, marker=MARKERS[index % len(MARKERS)])
        plot.ylim(0, 100)
        widget.refresh()

    def action_next_issue(self) -> None:
        self.issue_index += 1
        self.query_one(TabbedContent).active = "tab-positions"
        self.draw_positions()

    def action_export(self, fmt: Format) -> None:
        path = write_debrief(self.debrief, fmt, secret=self.secret)
        self.notify(f"Debrief written to {path}", title="Exported", markup=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.sequel is not None if action == "continue_story" else True

    def action_continue_story(self) -> None:
        if self.sequel is None:
            return
        # To the app directly: this screen is gone once dismissed, and the app starts the sequel.
        self.app.post_message(ContinueStory(self.sequel[0], self.game.summary()))
        self.dismiss(None)

    def action_back(self) -> None:
        self.dismiss(None)
