"""Choose the party a move is aimed at; parties it cannot reach now are shown with the reason."""

from __future__ import annotations

from roleplay.game import Game, MoveChoice
from roleplay.tui.screens.choice import ChoiceDialog


class TargetDialog(ChoiceDialog):
    def __init__(self, game: Game, move: MoveChoice) -> None:
        choices, unavailable = [], set()
        for option in move.options:
            target = option.target or ""
            name = game.name(option.target)
            choices.append((target, name if option.available else f"{name} — {'; '.join(option.reasons)}"))
            if not option.available:
                unavailable.add(target)
        super().__init__(f"{move.name}: with whom?", choices, unavailable=frozenset(unavailable))
        self.game, self.move = game, move
