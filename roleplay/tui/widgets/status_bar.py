"""The lines at the top: phase, date, turn, political capital and the deadline."""

from __future__ import annotations

from rich.text import Text

from roleplay.game import Game
from roleplay.tui.widgets.text_panel import TextPanel


class StatusBar(TextPanel):
    """Fixed height; refreshes without a relayout (a Static's update() repaints the screen)."""

    def show(self, game: Game) -> None:
        session = game.session
        blueprint = game.blueprint
        world = session.world
        path = [blueprint.phases[p].name for p in world.phase_path if p in blueprint.phases]
        phase = " › ".join(path) or (session.ending.title if session.ending else world.phase)
        clock = blueprint.case.clock
        text = Text(phase, style="bold", no_wrap=True, overflow="ellipsis")
        text.append(
            f"\n{world.date}  ·  turn {world.turn}  ·  capital {world.capital:.0f}/100  ·  talks end {clock.end}",
            style="not bold",
        )
        self.show_text(text)
