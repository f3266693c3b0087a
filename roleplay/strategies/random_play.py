"""A mediator that picks uniformly among the playable moves: the baseline for balance."""

from __future__ import annotations

import random

from roleplay.engine.session import Session
from roleplay.model.transcript import EventMode
from roleplay.strategies.base import Move


class RandomStrategy:
    name = "random"
    events: EventMode = "all"

    def __init__(self, seed: int) -> None:
        # Its own generator: the session's stays the same whoever plays it.
        self.rng = random.Random(f"random-strategy:{seed}")

    def choose(self, session: Session) -> Move | None:
        # Uniform among the playable moves by rejection sampling: drawing from every option
        # until one is playable gives the same distribution without testing them all.
        options = session.blueprint.options_in(session.state.world.phase)
        for _ in range(4 * len(options)):
            move = self.rng.choice(options)
            if session.can_play(*move):
                return move
        playable = session.playable()  # very few are open: list them
        return self.rng.choice(playable) if playable else None

    def respond(self, session: Session) -> str:
        event = session.pending[0]
        return self.rng.choice(event.choices).choice.id
