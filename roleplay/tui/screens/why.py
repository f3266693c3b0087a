"""Why? Every change of a turn with the causes the engine recorded for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from roleplay.engine.causes import describe
from roleplay.game import Game


def cause_lines(game: Game, change: Mapping[str, Any]) -> list[str]:
    return [describe(cause, aligned=True) for cause in change["causes"]]


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
        self.records: list[Mapping[str, Any]] = [
            r for r in game.session.records if r["type"] in ("turn", "choice") or r.get("changes")
        ]
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
        from roleplay.tui.widgets.narrative_log import describe_change

        if not self.records:
            self.query_one("#why-title", Label).update("Nothing has happened yet.")
            return
        record = self.records[self.index]
        if record["type"] == "turn":
            move = self.game.blueprint.moves[record["move"]].move
            title = f"Turn {record['turn']}: {move.name}"
            if record.get("target"):
                title += f" → {self.game.name(record['target'])}"
            if record.get("outcome"):
                chance = record.get("chances", {}).get(record["outcome"], 0)
                title += f"  (outcome: {record['outcome']}, chance {chance:.0%})"
        elif record["type"] == "choice":
            event = self.game.blueprint.events[record["event"]].event
            title = f"Turn {record['turn']}: your response to “{event.title}”"
        else:
            title = "Before the first move: carried over from the earlier session"
        self.query_one("#why-title", Label).update(f"{title}   [{self.index + 1}/{len(self.records)}]")
        lines: list[str] = []
        for change in record["changes"]:
            lines.append(describe_change(self.game, change))
            lines.extend(f"    {line}" for line in cause_lines(self.game, change))
        self.query_one("#why-body", Static).update("\n".join(lines) or "No value changed.")

    def action_step(self, delta: int) -> None:
        self.index = max(0, min(len(self.records) - 1, self.index + delta))
        self.refresh_body()

    def action_close(self) -> None:
        self.dismiss(None)
