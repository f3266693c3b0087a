"""Replays what the real mediation team did, from the case's [history]."""

from __future__ import annotations

from roleplay.engine.session import Session
from roleplay.strategies.base import Move


class HistoryStrategy:
    """Plays the historical steps in order and answers events as history did.

    A step that cannot be played (a party walked out, say) is skipped and noted in
    ``divergences``; after the last step the strategy stops.
    """

    name = "history"

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.position = 0
        self.divergences: list[str] = []

    def choose(self, session: Session) -> Move | None:
        history = session.blueprint.case.history
        if history is None:
            return None
        playable = set(session.playable())
        while self.position < len(history.steps):
            step = history.steps[self.position]
            self.position += 1
            if (step.move, step.target) in playable:
                return step.move, step.target
            self.divergences.append(f"step {self.position} ({step.move}) was not playable")
        return None

    def respond(self, session: Session) -> str:
        event = session.pending[0]
        historical = [c for c in event.choices if c.choice.historical]
        return (historical or list(event.choices))[0].choice.id
