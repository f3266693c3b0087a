"""The mediator's (and the instructor's) inputs as values: what ``Session.apply`` takes and a
transcript's inputs read back as."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias


@dataclass(frozen=True, slots=True)
class Play:
    """Play a move, at a party when the move has one target. ``outcome`` pins which of its
    outcomes happens (golden paths and `run --moves move@outcome` test one branch)."""

    move: str
    target: str | None = None
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class Respond:
    """Answer the event waiting for a response with one of its choices."""

    choice: str


@dataclass(frozen=True, slots=True)
class Inject:
    """An instructor's event, delivered at the end of the team's next input."""

    event: str


@dataclass(frozen=True, slots=True)
class Set:
    """An author's playtest setting: ``name`` (a value or 'phase') set to ``value`` by hand."""

    name: str
    value: float | bool | str


@dataclass(frozen=True, slots=True)
class Coached:
    """The coach was asked and suggested a move (with its target) or a crisis answer: recorded
    as given, so a replay need not look ahead again."""

    move: str | None
    target: str | None
    choice: str | None


@dataclass(frozen=True, slots=True)
class Undone:
    """A move taken back (solo practice). The session it is applied to is already the one
    before the move (game/undo.py plays the transcript again without it); this only writes
    down that it happened."""

    move: str
    target: str | None


Action: TypeAlias = Play | Respond | Inject | Set | Coached | Undone


def parse_step(step: str, responding: bool) -> Play | Respond:
    """A step as written in `run --moves` and golden paths: while an event waits for a
    response, its choice id; otherwise 'move' or 'move:target', with '@outcome' to pin the outcome."""
    if responding:
        return Respond(step)
    played, _, outcome = step.partition("@")
    move, _, target = played.partition(":")
    return Play(move, target or None, outcome or None)


def action_of(kind: str, ident: str, target: str | None = None) -> Action:
    """An input as the class store keeps it: ('move', id, target), ('choice', id) or ('inject', id)."""
    if kind == "move":
        return Play(ident, target)
    if kind == "choice":
        return Respond(ident)
    return Inject(ident)
