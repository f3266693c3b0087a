"""What happens in a game: the moves (targets, availability, effects, outcomes), the events
(conditions, dates, choices) and the endings a case carries over from."""

from __future__ import annotations

import datetime as dt

from roleplay.compile.checks import Checker, suggest
from roleplay.conditions import ALWAYS
from roleplay.engine.blueprint import (
    CompiledChoice,
    CompiledEffect,
    CompiledEvent,
    CompiledMove,
    CompiledOutcome,
    CompiledPrior,
)
from roleplay.errors import Loc


def compile_moves(c: Checker) -> dict[str, CompiledMove]:
    """Each move with its targets (its own list, else every negotiator) and compiled conditions."""
    c.unique(((m.id, ("moves", i, "id")) for i, m in enumerate(c.case.moves)), "move")
    compiled = {}
    for index, move in enumerate(c.case.moves):
        loc: Loc = ("moves", index)
        c.citations(move.cite, (*loc, "cite"))
        one = move.target == "one"
        targets = tuple(move.targets) if move.targets is not None else tuple(c.negotiators)
        for i, target in enumerate(move.targets or ()):
            if target not in c.negotiators:
                c.error((*loc, "targets", i), f"unknown party '{target}'{suggest(target, c.negotiators)}")
        available = c.condition(move.available, (*loc, "available"), ["target"] if one else []) or ALWAYS
        effects = c.effects(move.effects, (*loc, "effects"), one)
        c.unique(((o.id, (*loc, "outcomes", i, "id")) for i, o in enumerate(move.outcomes)), "outcome")
        outcomes = tuple(
            CompiledOutcome(
                outcome,
                c.condition(outcome.when, (*loc, "outcomes", i, "when"), ["target"] if one else []),
                c.effects(outcome.effects, (*loc, "outcomes", i, "effects"), one),
            )
            for i, outcome in enumerate(move.outcomes)
        )
        compiled[move.id] = CompiledMove(move, available, effects, outcomes, targets)
    return compiled


def compile_events(c: Checker) -> dict[str, CompiledEvent]:
    """Each event with its condition, its date as a day of the game, and its choices."""
    c.unique(((e.id, ("events", i, "id")) for i, e in enumerate(c.case.events)), "event")
    compiled = {}
    for index, event in enumerate(c.case.events):
        loc: Loc = ("events", index)
        c.citations(event.cite, (*loc, "cite"))
        c.unique(((c.id, (*loc, "choices", i, "id")) for i, c in enumerate(event.choices)), "choice")
        choices = []
        for i, choice in enumerate(event.choices):
            c.citations(choice.cite, (*loc, "choices", i, "cite"))
            choices.append(CompiledChoice(choice, c.effects(choice.effects, (*loc, "choices", i, "effects"), False)))
        compiled[event.id] = CompiledEvent(
            event,
            c.condition(event.when, (*loc, "when")),
            c.effects(event.effects, (*loc, "effects"), False),
            tuple(choices),
            None if event.date is None else _days_between(c.case.clock.start, event.date),
        )
    return compiled


def compile_priors(c: Checker) -> dict[str, CompiledPrior]:
    """What each ending of the case carried over from does at this case's start."""
    carry = c.case.carry_over
    if carry is None:
        return {}
    c.unique(
        ((p.ending, ("carry_over", "endings", i, "ending")) for i, p in enumerate(carry.endings)),
        "prior ending",
    )
    return {
        prior.ending: CompiledPrior(
            prior.ending,
            prior.narrative,
            c.effects(prior.effects, ("carry_over", "endings", i, "effects"), False),
        )
        for i, prior in enumerate(carry.endings)
    }


def compile_carried(c: Checker) -> tuple[CompiledEffect, ...]:
    """The carry-over's effects for every ending (rules on the carried process values)."""
    carry = c.case.carry_over
    if carry is None:
        return ()
    return c.effects(carry.effects, ("carry_over", "effects"), False)


def _days_between(start: str, date: str) -> int:
    return (dt.date.fromisoformat(date) - dt.date.fromisoformat(start)).days
