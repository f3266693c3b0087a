"""What a headless mediator is, and the loop that lets one play a session to its end."""

from __future__ import annotations

from typing import Protocol

from roleplay.engine.session import Session
from roleplay.model.transcript import EventMode

Move = tuple[str, str | None]


class Strategy(Protocol):
    name: str
    #: Which events the strategy's session should let happen: start it with
    #: ``Session(..., events=strategy.events)`` ("historical" for the history replay).
    events: EventMode

    def choose(self, session: Session) -> Move | None:
        """The next move, or None to stop."""

    def respond(self, session: Session) -> str:
        """A choice id for the pending event."""


def autoplay(session: Session, strategy: Strategy, max_actions: int = 10_000) -> Session:
    """Let the strategy play until the session ends, the strategy stops, or the guard trips."""
    state = session.state  # read directly: once per input of every simulated game
    for _ in range(max_actions):
        if state.ending is not None:
            break
        if state.pending:
            session.respond(strategy.respond(session))
            continue
        move = strategy.choose(session)
        if move is None:
            break
        session.play(*move, outcome=recorded_outcome(strategy))
    return session


def recorded_outcome(strategy: Strategy) -> str | None:
    """The outcome a faithful replay pins for the move it just chose (the history strategy's
    ``pinned``, from its step's recorded outcome); None for every other strategy: drawn."""
    pinned = getattr(strategy, "pinned", None)
    return pinned if isinstance(pinned, str) else None
