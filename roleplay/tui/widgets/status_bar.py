"""The line at the top: case, phase, date, turn, political capital and the deadline."""

from __future__ import annotations

from textual.widgets import Static

from roleplay.tui.game import Game


class StatusBar(Static):
    def show(self, game: Game) -> None:
        session = game.session
        blueprint = game.blueprint
        world = session.world
        path = [blueprint.phases[p].name for p in world.phase_path if p in blueprint.phases]
        phase = " › ".join(path) or (session.ending.title if session.ending else world.phase)
        clock = blueprint.case.clock
        self.update(
            f"[b]{phase}[/b]\n"
            f"{world.date}  ·  turn {world.turn}  ·  capital {world.capital:.0f}/100  ·  talks end {clock.end}"
        )
