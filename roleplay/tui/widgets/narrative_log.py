"""The story so far: the mediator's moves, the parties' answers in their own voice, events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from roleplay.game import Game
from roleplay.tui.widgets.text_log import TextLog

if TYPE_CHECKING:
    from roleplay.model.transcript import Record

SHOWN_PREFIXES = ("trust.", "standing.", "phase", "draft.", "capital")


class NarrativeLog(TextLog):
    def speaker(self, game: Game, speaker: str) -> str:
        if speaker == "narrator":
            return ""
        if speaker == "event":
            return "EVENT"
        return game.name(speaker)

    def add_record(self, game: Game, record: Record) -> None:
        if record["type"] == "inject":  # in a class: the instructor brings in an event
            title = game.event_title(record["event"])
            self.write(Text(f"The instructor brings in: {title} (at the end of your next move)", style="bold italic"))
            return
        if record["type"] == "coach":
            from roleplay.game.coach import suggestion_text

            self.write(Text(f"{suggestion_text(game.blueprint, record)}.", style="italic"))
            return
        if record["type"] == "undo":  # solo practice: the story goes on from before that move
            from roleplay.game.undo import undo_text

            self.write(Text(f"{undo_text(game.blueprint, record)}.", style="italic"))
            return
        if record["type"] == "set":  # a playtest: the author set a value by hand
            self.write(Text(f"Set by hand (a playtest): {record['name']} = {record['value']}", style="bold italic"))
            for change in record.get("changes", []):
                self.write(Text(f"    {game.describe_change(change)}", style="dim"))
            return
        if record["type"] == "turn":
            target = f" → {game.name(record['target'])}" if record.get("target") else ""
            head = f"Turn {record['turn']} · {record['date']} · {game.move_name(record['move'])}{target}"
        elif record["type"] == "choice":
            head = f"Your response: {game.response_label(record['event'], record['choice'])}"
        else:
            head = f"{game.case.title} · {record['date']}"
        self.write(Text(head, style="bold"))
        if record["type"] == "start":
            self.write(
                Text(
                    "  Pick a move below with ↑ ↓ and Enter; its details show underneath. After each move, "
                    "press w to see why every value changed. F1: help.",
                    style="italic",
                )
            )
        phase = record.get("phase")  # after the input: a step not taken leaves it where it was
        for line in record.get("lines", []):
            who = self.speaker(game, line["speaker"])
            text = Text("  ")
            if who:
                text.append(f"{who}: ", style="bold")
            text.append(game.story_text(line, phase))
            self.write(text)
        for veto in game.vetoes(record):
            self.write(Text(f"  {veto}", style="bold"))
        shown = [c for c in record.get("changes", []) if c["value"].startswith(SHOWN_PREFIXES)]
        for change in shown:
            self.write(Text(f"    {game.describe_change(change)}", style="dim"))
        if shown:
            self.write(Text("    (press w: why did this change?)", style="dim italic"))
