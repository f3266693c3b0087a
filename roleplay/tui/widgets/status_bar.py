"""The lines at the top: phase, date, turn, political capital and the deadline."""

from __future__ import annotations

from rich.text import Text

from roleplay.game import Game
from roleplay.tui.widgets.text_panel import TextPanel


class StatusBar(TextPanel):
    """Fixed height; refreshes without a relayout (a Static's update() repaints the screen)."""

    def show(self, game: Game) -> None:
        status = game.status()
        text = Text(status.phase, style="bold", no_wrap=True, overflow="ellipsis")
        text.append(
            f"\n{status.date}  ·  turn {status.turn} of {status.max_turns}  ·  "
            f"capital {status.capital:.0f}/100  ·  talks end {status.end}",
            style="not bold",
        )
        self.show_text(text)
