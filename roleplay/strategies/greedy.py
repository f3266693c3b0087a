"""A mediator that plays whatever scores best one step ahead (docs/model.md, 'score')."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from roleplay.engine.session import Session
from roleplay.model.transcript import EventMode
from roleplay.strategies.base import Move

T = TypeVar("T")


def score(session: Session) -> float:
    """How well the talks are going: an ending's quality dominates; before that, trust,
    parties who would accept the draft, parties at the table, and progress through the phases."""
    if session.ending is not None:
        return 1000.0 + 10.0 * session.ending.quality
    world = session.world
    parties = list(world.parties.values())
    trust = sum(p.trust for p in parties) / len(parties)
    accepting = sum(1 for p in parties if world.accepts(p))
    present = sum(1 for p in parties if p.present)
    order = session.blueprint.phase_order
    progress = order.get(world.phase, 0)
    return trust + 15.0 * accepting + 10.0 * present + 20.0 * progress + 0.1 * world.capital


def best_one_ahead(session: Session, options: Sequence[T], act: Callable[[Session, T], object]) -> T:
    """The option whose state one step ahead scores best (the first of equals): each is tried
    on a fork of ``session`` by ``act``."""
    best, best_score = options[0], float("-inf")
    for option in options:
        trial = session.fork()
        act(trial, option)
        value = score(trial)
        if value > best_score:
            best, best_score = option, value
    return best


class GreedyStrategy:
    name = "greedy"
    events: EventMode = "all"

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def choose(self, session: Session) -> Move | None:
        playable: list[object] = list(session.playable())
        if not playable:
            return None
        return best_one_ahead(session, playable, lambda s, m: s.play(*m))  # type: ignore[misc, return-value]

    def respond(self, session: Session) -> str:
        choices: list[object] = [c.choice.id for c in session.pending[0].choices]
        return best_one_ahead(session, choices, lambda s, c: s.respond(c))  # type: ignore[arg-type, return-value]
