"""The story so far: the mediator's moves, the parties' answers in their own voice, events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.widgets import RichLog

from roleplay.game import Game

SHOWN_PREFIXES = ("trust.", "standing.", "phase", "draft.", "capital")


class NarrativeLog(RichLog):
    def __init__(self, **kwargs: Any) -> None:
        # min_width: wrap to the panel's real width, not RichLog's default of 78 columns.
        super().__init__(wrap=True, markup=False, highlight=False, min_width=20, **kwargs)

    def speaker(self, game: Game, speaker: str) -> str:
        if speaker == "narrator":
            return ""
        if speaker == "event":
            return "EVENT"
        return game.name(speaker)

    def add_record(self, game: Game, record: Mapping[str, Any]) -> None:
        blueprint = game.blueprint
        if record["type"] == "inject":  # in a class: the instructor brings in an event
            title = blueprint.events[record["event"]].event.title
            self.write(Text(f"The instructor brings in: {title} (at the end of your next move)", style="bold italic"))
            return
        if record["type"] == "turn":
            move = blueprint.moves[record["move"]].move
            target = f" → {game.name(record['target'])}" if record.get("target") else ""
            head = f"Turn {record['turn']} · {record['date']} · {move.name}{target}"
        elif record["type"] == "choice":
            event = blueprint.events[record["event"]]
            choice = next(c.choice for c in event.choices if c.choice.id == record["choice"])
            head = f"Your response: {choice.label}"
        else:
            head = f"{blueprint.case.title} · {record['date']}"
        self.write(Text(head, style="bold"))
        if record["type"] == "start":
            self.write(
                Text(
                    "  Pick a move below with ↑ ↓ and Enter; its details show underneath. After each move, "
                    "press w to see why every value changed. F1: help.",
                    style="italic",
                )
            )
        for line in record.get("lines", []):
            who = self.speaker(game, line["speaker"])
            text = Text("  ")
            if who:
                text.append(f"{who}: ", style="bold")
            text.append(line["text"])
            self.write(text)
        shown = [c for c in record.get("changes", []) if c["value"].startswith(SHOWN_PREFIXES)]
        for change in shown:
            self.write(Text(f"    {describe_change(game, change)}", style="dim"))
        if shown:
            self.write(Text("    (press w: why did this change?)", style="dim italic"))


def describe_change(game: Game, change: Mapping[str, Any]) -> str:
    name = change["value"]
    kind, _, rest = name.partition(".")
    subject = game.name(rest) if kind in ("trust", "standing", "ripeness") and rest else rest
    label = f"{kind} {subject}" if subject else kind
    before, after = change["from"], change["to"]
    if isinstance(before, int | float) and isinstance(after, int | float) and not isinstance(before, bool):
        delta = after - before
        return f"{label}: {before:.0f} → {after:.0f} ({delta:+.1f})"
    return f"{label}: {before} → {after}"
