"""The names a condition may use, with their types and how to read them from the world.

This table is the whole vocabulary of conditions: anything else is rejected at load.
``target`` stands for the move's target (in a move's ``available``) and ``party`` for the
party an effect applies to (in an effect's ``when``), e.g. ``trust.target >= 40``.

A table without bindings reads the World itself; a table with bindings reads a Scope (the
world plus who ``target`` and ``party`` are), so no condition depends on hidden state.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Any, Literal

from roleplay.conditions import Name, Value
from roleplay.engine.world import STANDINGS, PartyState, World

Binding = Literal["target", "party"]
#: A getter reads a World (tables without bindings) or a Scope (tables with bindings).
Getter = Callable[[Any], Value]
PartyOf = Callable[[Any], PartyState]
WorldOf = Callable[[Any], World]


def _number(getter: Getter, doc: str) -> Name:
    return Name("number", getter, None, doc)


def _fixed(party_id: str) -> Callable[[World], PartyState]:
    return lambda w: w.parties[party_id]


def _scoped(getter: Getter) -> Getter:
    """A world name read through a scope."""
    return lambda s: getter(s.world)


def _score(party: PartyOf, attr: str) -> Getter:
    return lambda c: float(getattr(party(c), attr))


def _issue(party: PartyOf, attr: str, issue: str) -> Getter:
    return lambda c: float(getattr(party(c), attr)[issue])


def _relation(party: PartyOf, other: str) -> Getter:
    return lambda c: party(c).relations.get(other, 100.0)


def _per_party(
    names: dict[str, Name],
    key: str,
    party: PartyOf,
    world: WorldOf,
    issues: list[str],
    others: list[str],
) -> None:
    for attr, doc in (
        ("trust", "trust in the mediator (0-100)"),
        ("ripeness", "ripeness (0-100)"),
        ("cohesion", "cohesion (0-100)"),
        ("capability", "capability (0-100)"),
        ("ownership", "ownership of the process: consulted (high) or imposed upon (low) (0-100)"),
        ("duress", "duress: consent given under pressure (0-100)"),
    ):
        names[f"{attr}.{key}"] = _number(_score(party, attr), doc)
    names[f"distance.{key}"] = _number(
        lambda c: world(c).distance(party(c)), "weighted distance to the draft (100: none)"
    )
    names[f"standing.{key}"] = Name("string", lambda c: party(c).standing, frozenset(STANDINGS), "standing")
    names[f"accepts.{key}"] = Name("bool", lambda c: world(c).accepts(party(c)), None, "would accept the current draft")
    for issue in issues:
        names[f"position.{key}.{issue}"] = _number(_issue(party, "position", issue), f"position on {issue}")
        names[f"salience.{key}.{issue}"] = _number(_issue(party, "salience", issue), f"salience of {issue}")
    for other in others:
        names[f"relation.{key}.{other}"] = _number(_relation(party, other), f"trust in {other} (0-100)")


def _the_world(w: World) -> World:
    return w


# Read through a Scope with C-level getters: conditions read them thousands of times a game.
# 'target' is compiled only where a move has a target, 'party' where an effect names one.
_world_of: WorldOf = operator.attrgetter("world")
_target: PartyOf = operator.attrgetter("target")
_party: PartyOf = operator.attrgetter("party")


def _counter(what: str) -> Getter:
    return lambda w: w.count(what)


def _inside(phase: str) -> Getter:
    return lambda w: phase in w.phase_path


def _draft(issue: str) -> Getter:
    return lambda w: w.draft.get(issue, -1.0)


def _flag(flag: str) -> Getter:
    return lambda w: w.flags[flag]


def _tally(table: str, key: str) -> Getter:
    return lambda w: getattr(w, table).get(key, 0)


def build_names(
    *,
    parties: Iterable[str],
    issues: Iterable[str],
    phases: Iterable[str],
    endings: Iterable[str],
    flags: Iterable[str],
    moves: Iterable[str],
    events: Iterable[str],
    bindings: Iterable[Binding] = (),
) -> dict[str, Name]:
    party_ids, issue_ids, phase_ids = list(parties), list(issues), list(phases)
    names: dict[str, Name] = {
        "phase": Name("string", lambda w: w.phase, frozenset(phase_ids) | frozenset(endings), "current phase id"),
        "turn": _number(lambda w: w.turn, "moves played so far"),
        "day": _number(lambda w: w.day, "days since the start"),
        "date": Name("string", lambda w: w.date, None, "today as YYYY-MM-DD"),
        "capital": _number(lambda w: w.capital, "the mediator's political capital"),
        "has_draft": Name("bool", lambda w: bool(w.draft), None, "a draft text exists"),
        "ripeness.mutual": _number(lambda w: w.mutual_ripeness(), "lowest ripeness at the table"),
        "inclusion": _number(lambda w: w.inclusion, "inclusion of the process: who was heard (0-100)"),
    }
    for what in ("accepting", "present", *STANDINGS):
        names[f"count.{what}"] = _number(_counter(what), f"number of parties {what}")
    for phase in phase_ids:
        names[f"in_phase.{phase}"] = Name("bool", _inside(phase), None, f"inside {phase}")
    for issue in issue_ids:
        names[f"draft.{issue}"] = _number(_draft(issue), f"draft on {issue} (-1 if none)")
    for flag in flags:
        names[f"flag.{flag}"] = Name("bool", _flag(flag), None, "a case flag")
    for move in moves:
        names[f"played.{move}"] = _number(_tally("played", move), "times the move was played")
    for event in events:
        names[f"fired.{event}"] = _number(_tally("fired", event), "times the event happened")
    for pid in party_ids:
        _per_party(names, pid, _fixed(pid), _the_world, issue_ids, [o for o in party_ids if o != pid])
    aliases = list(bindings)
    if not aliases:
        return names
    scoped = {key: Name(n.type, _scoped(n.getter), n.choices, n.doc) for key, n in names.items()}
    for alias in aliases:
        _per_party(scoped, alias, _target if alias == "target" else _party, _world_of, issue_ids, party_ids)
    return scoped
