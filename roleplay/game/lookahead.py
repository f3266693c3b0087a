"""An honest look-ahead, for the debrief's turning points and the coach: every move that can
be played now, tried on a fork of the game whose generator is reseeded (never the game's own
future dice), each of its outcomes pinned in turn and weighed by its chance. What a move is
worth is the expected value of the state it leads to, one move ahead."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from roleplay.engine.actions import Action, Play, Respond
from roleplay.engine.recorder import NullRecorder, Recorder
from roleplay.engine.session import Session
from roleplay.errors import RoleplayError

#: What a state is worth to the mediator (strategies.greedy.score by default).
Value = Callable[[Session], float]


@dataclass(frozen=True)
class Tried:
    """One alternative, tried: its expected value and the state its likeliest outcome led to."""

    action: Action
    value: float
    #: (outcome id or None, chance, value) for each outcome that could happen.
    outcomes: tuple[tuple[str | None, float, float], ...]
    likely: Session
    #: The state each of ``outcomes`` led to, in the same order (``likely`` among them).
    states: tuple[Session, ...] = ()


def progress_value(session: Session) -> float:
    """What a state is worth to a mediator working toward an agreement the parties own: an
    ending's quality dominates; before one, the trust and acceptance of the parties who sat
    at the table from the start, progress through the phases, ownership and inclusion, less
    duress. Unlike the greedy score, seating a splinter group is not progress in itself (IPI:
    rewarding the groups that split encouraged splitting; docs/cases/lessons.md, lesson 17)."""
    if session.ending is not None:
        return 1000.0 + 10.0 * session.ending.quality
    world, blueprint = session.world, session.blueprint
    core = [world.parties[pid] for pid, spec in blueprint.parties.items() if spec.standing != "outside"]
    if not core:
        return 0.0
    trust = sum(p.trust for p in core) / len(core)
    accepting = sum(1 for p in core if p.present and world.accepts(p))
    away = sum(1 for p in core if not p.present)
    ownership = sum(p.ownership for p in core) / len(core)
    duress = sum(p.duress for p in core) / len(core)
    progress = blueprint.phase_order.get(world.phase, 0)
    return (
        trust
        + 15.0 * accepting
        - 15.0 * away
        + 20.0 * progress
        + 0.2 * ownership
        - 0.2 * duress
        + 0.1 * world.inclusion
        + 0.05 * world.capital
    )


def reseeded(session: Session, salt: str) -> Session:
    """A fork whose future draws come from a generator of its own, derived from the game's
    seed, turn and ``salt``: it knows nothing of the dice the game itself will roll."""
    fork = session.fork()
    fork.state.rng = random.Random(f"{session.seed}:{session.world.turn}:{salt}")
    return fork


def alternatives(session: Session) -> list[Action]:
    """What the mediator could do now: the answers to a waiting event, else every move."""
    if session.pending:
        return [Respond(c.choice.id) for c in session.pending[0].choices]
    return [Play(move, target) for move, target in session.playable()]


def try_action(session: Session, action: Action, value: Value) -> Tried | None:
    """``action`` expected over its outcomes (None if it cannot be played now)."""
    salt = _label(action)
    first = reseeded(session, salt)
    lean = not first.recorder.keeps
    if lean:
        # A lean session (simulations) writes no chances down: this one turn is recorded, so
        # that the look-ahead weighs every outcome by its chance there as in a recorded game,
        # rather than the one its own dice drew.
        first.recorder = Recorder()
    try:
        record = first.apply(action)
    except RoleplayError:
        return None
    finally:
        if lean:
            first.recorder = NullRecorder()
    chances: dict[str, float] = dict(record.get("chances", {})) if record["type"] == "turn" else {}
    if len(chances) <= 1 or not isinstance(action, Play):
        outcome = record.get("outcome") if record["type"] == "turn" else None
        worth = value(first)
        return Tried(action, worth, ((outcome if isinstance(outcome, str) else None, 1.0, worth),), first, (first,))
    results: list[tuple[str | None, float, float]] = []
    states: list[Session] = []
    likely, likely_chance = first, -1.0
    for outcome, chance in chances.items():
        fork = _outcome_fork(session, action, outcome)
        if fork is None:
            continue
        results.append((outcome, chance, value(fork)))
        states.append(fork)
        if chance > likely_chance:
            likely, likely_chance = fork, chance
    total = sum(chance for _, chance, _ in results) or 1.0
    expected = sum(chance * worth for _, chance, worth in results) / total
    return Tried(action, expected, tuple(results), likely, tuple(states))


def _outcome_fork(session: Session, action: Play, outcome: str) -> Session | None:
    """The state ``action`` leads to with ``outcome`` drawn (on a generator of its own, as
    ``try_action`` tries it); None if that outcome cannot happen now."""
    fork = reseeded(session, f"{_label(action)}@{outcome}")
    try:
        fork.apply(Play(action.move, action.target, outcome))
    except RoleplayError:
        return None
    return fork


def try_all(session: Session, value: Value) -> list[Tried]:
    """Every alternative tried, best first (ties in the order the game lists them)."""
    tried = [t for a in alternatives(session) if (t := try_action(session, a, value)) is not None]
    return sorted(tried, key=lambda t: -t.value)


def _label(action: Action) -> str:
    if isinstance(action, Play):
        return f"{action.move}:{action.target or ''}"
    if isinstance(action, Respond):
        return f"choice:{action.choice}"
    return repr(action)
