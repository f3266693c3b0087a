"""Why? Every change of a turn with the causes the engine recorded for it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from roleplay.game import Game


class WhyScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,w,q", "close", "Close"),
        Binding("left,h", "step(-1)", "Earlier turn"),
        Binding("right,l", "step(1)", "Later turn"),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game
        # Records that change values: the turns, the responses, and a carried-over start
        # (an instructor's injection changes nothing until the turn it happens in).
        self.records = [r for r in game.records if r["type"] in ("turn", "choice") or r.get("changes")]
        self.index = len(self.records) - 1

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label("", id="why-title", classes="question")
            with VerticalScroll():
                yield Static("", id="why-body")
            yield Label("← → earlier / later turn · Escape to close", classes="hint")

    def on_mount(self) -> None:
        self.refresh_body()

    def refresh_body(self) -> None:
        if not self.records:
            self.query_one("#why-title", Label).update("Nothing has happened yet.")
            return
        record = self.records[self.index]
        if record["type"] == "turn":
            title = f"Turn {record['turn']}: {self.game.move_name(record['move'])}"
            if record.get("target"):
                title += f" → {self.game.name(record['target'])}"
            outcome = record["outcome"]
            if outcome:
                chance = record.get("chances", {}).get(outcome, 0)
                label = self.game.outcome_label(record["move"], outcome)
                title += f"  (outcome: {label}, chance {chance:.0%})"
        elif record["type"] == "choice":
            title = f"Turn {record['turn']}: your response to “{self.game.event_title(record['event'])}”"
        elif record["type"] == "set":
            title = f"After turn {record['turn']}: {record['name']} set by hand (a playtest)"
        else:
            title = "Before the first move: carried over from the earlier session"
        # Text, not markup: move names and causes come from the case file.
        self.query_one("#why-title", Label).update(Text(f"{title}   [{self.index + 1}/{len(self.records)}]"))
        silent = record["type"] == "inject" or record["type"] == "coach" or record["type"] == "undo"
        lines: list[str] = [] if silent else self.game.vetoes(record)
        changes = (
            []
            if record["type"] == "inject" or record["type"] == "coach" or record["type"] == "undo"
            else record.get("changes", [])
        )
        for change in changes:
            lines.append(self.game.describe_change(change))
            lines.extend(f"    {line}" for line in self.game.why(change))
        self.query_one("#why-body", Static).update(Text("\n".join(lines) or "No value changed."))

    def action_step(self, delta: int) -> None:
        self.index = max(0, min(len(self.records) - 1, self.index + delta))
        self.refresh_body()

    def action_close(self) -> None:
        self.dismiss(None)
