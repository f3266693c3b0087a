"""The debrief: the ending against history, charts, the timeline and the rubric; export."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

from roleplay.debrief import build_debrief
from roleplay.debrief.markdown import summary_markdown
from roleplay.game import Game
from roleplay.tui.export import Format, secret_seed, without_seed, write_debrief
from roleplay.tui.messages import ContinueStory
from roleplay.tui.widgets.class_line import ClassLine
from roleplay.tui.widgets.debrief_views import PositionsPlot, TimelineTable, TrustPlot
from roleplay.tui.widgets.keys_footer import KeysFooter
from roleplay.tui.widgets.markdown_text import MarkdownParts, MarkdownText


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
            with TabPane("Summary", id="tab-summary"):
                text = summary_markdown(self.debrief)
                text = without_seed(text, self.debrief.seed) if self.secret else text
                text += "\nPress **m** to export as Markdown, **h** as HTML."
                if self.sequel is not None:
                    text += (
                        f"\n\nPress **c** to continue the story in *{self.sequel[1]}*: "
                        "it starts from how this game ended."
                    )
                yield MarkdownParts(text, id="summary")
            with TabPane("Trust", id="tab-trust"):
                yield TrustPlot(self.debrief, id="trust-plot")
            with TabPane("Positions", id="tab-positions"):
                yield PositionsPlot(self.debrief, id="positions-plot")
            with TabPane("Timeline", id="tab-timeline"):
                yield TimelineTable(self.debrief, id="timeline")
            with TabPane("Turning points", id="tab-turning"), VerticalScroll():
                yield MarkdownText("Looking at each of your decisions, one move ahead…", id="turning-points")
        yield KeysFooter()

    def on_mount(self) -> None:
        # About half a second for a full game: in a thread, so the debrief shows at once, and
        # started once the first frames are drawn (the thread shares the interpreter with them).
        self.set_timer(0.3, lambda: self.run_worker(self._turning_points, thread=True, group="turning-points"))

    def summary_text(self) -> str:
        """The whole summary as written (the parts still to be drawn included)."""
        return self.query_one("#summary", MarkdownParts).markdown

    def _turning_points(self) -> None:
        from roleplay.debrief.build import with_turning_points
        from roleplay.debrief.markdown import turning_points_section

        found = with_turning_points(self.debrief, self.game.blueprint, self.game.records)
        text = "\n".join(turning_points_section(found)).strip()
        self.app.call_from_thread(self._show_turning_points, text)

    def _show_turning_points(self, text: str) -> None:
        for widget in self.query("#turning-points").results(MarkdownText):
            widget.show_markdown(text)

    def action_next_issue(self) -> None:
        self.query_one(TabbedContent).active = "tab-positions"
        self.query_one(PositionsPlot).next_issue()

    def action_export(self, fmt: Format) -> None:
        from roleplay.tui.browser import export_debrief, in_browser

        if in_browser(self.app):  # the working directory is the server's: a download instead
            export_debrief(self.app, self.debrief, fmt, self.secret)
            return
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
