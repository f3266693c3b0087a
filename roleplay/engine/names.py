"""The names a condition may use, with their types and how to read them from the world.

This table is the whole vocabulary of conditions: anything else is rejected at load.
``target`` stands for the move's target (in a move's ``available``) and ``party`` for the
party an effect applies to (in an effect's ``when``), e.g. ``trust.target >= 40``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Literal

from roleplay.conditions import Name, Value
from roleplay.engine.world import STANDINGS, PartyState, World

Binding = Literal["target", "party"]


def _party_getter(alias: str | None, fixed: str | None) -> Callable[[World], PartyState]:
    if fixed is not None:
        return lambda w: w.parties[fixed]
    if alias == "target":
        return lambda w: w.parties[w.target or ""]
    return lambda w: w.parties[w.party or ""]


def _per_party(names: dict[str, Name], key: str, party: Callable[[World], PartyState], issues: list[str], others: list[str]) -> None:
    def num(getter: Callable[[World], Value], doc: str) -> Name:
        return Name("number", getter, None, doc)

    names[f"trust.{key}"] = num(lambda w: party(w).trust, "trust in the mediator (0-100)")
    names[f"ripeness.{key}"] = num(lambda w: party(w).ripeness, "ripeness (0-100)")
    names[f"cohesion.{key}"] = num(lambda w: party(w).cohesion, "cohesion (0-100)")
    names[f"capability.{key}"] = num(lambda w: party(w).capability, "capability (0-100)")
    names[f"distance.{key}"] = num(lambda w: w.distance(party(w)), "weighted distance to the draft (100 if none)")
    names[f"standing.{key}"] = Name("string", lambda w: party(w).standing, frozenset(STANDINGS), "standing at the talks")
    names[f"accepts.{key}"] = Name("bool", lambda w: w.accepts(party(w)), None, "would accept the current draft")
    for issue in issues:
        names[f"position.{key}.{issue}"] = num(
            lambda w, i=issue: party(w).position[i], f"position on {issue} (0-100)"  # type: ignore[misc]
        )
        names[f"salience.{key}.{issue}"] = num(
            lambda w, i=issue: party(w).salience[i], f"salience of {issue} (0-100)"  # type: ignore[misc]
        )
    for other in others:
        names[f"relation.{key}.{other}"] = num(
            lambda w, o=other: party(w).relations.get(o, 100.0), f"trust in {other} (0-100)"  # type: ignore[misc]
        )


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
        "turn": Name("number", lambda w: w.turn, None, "moves played so far"),
        "day": Name("number", lambda w: w.day, None, "days since the start"),
        "date": Name("string", lambda w: w.date, None, "today as YYYY-MM-DD"),
        "capital": Name("number", lambda w: w.capital, None, "the mediator's political capital"),
        "has_draft": Name("bool", lambda w: bool(w.draft), None, "a draft text exists"),
        "ripeness.mutual": Name("number", lambda w: w.mutual_ripeness(), None, "lowest ripeness at the table"),
    }
    for what in ("accepting", "present", *STANDINGS):
        names[f"count.{what}"] = Name("number", lambda w, k=what: w.count(k), None, f"parties {what}")  # type: ignore[misc]
    for phase in phase_ids:
        names[f"in_phase.{phase}"] = Name("bool", lambda w, p=phase: p in w.phase_path, None, f"inside {phase}")  # type: ignore[misc]
    for issue in issue_ids:
        names[f"draft.{issue}"] = Name("number", lambda w, i=issue: w.draft.get(i, -1.0), None, f"draft on {issue} (-1 if none)")  # type: ignore[misc]
    for flag in flags:
        names[f"flag.{flag}"] = Name("bool", lambda w, f=flag: w.flags[f], None, "a case flag")  # type: ignore[misc]
    for move in moves:
        names[f"played.{move}"] = Name("number", lambda w, m=move: w.played.get(m, 0), None, "times played")  # type: ignore[misc]
    for event in events:
        names[f"fired.{event}"] = Name("number", lambda w, e=event: w.fired.get(e, 0), None, "times happened")  # type: ignore[misc]
    for pid in party_ids:
        others = [o for o in party_ids if o != pid]
        _per_party(names, pid, _party_getter(None, pid), issue_ids, others)
    for alias in bindings:
        _per_party(names, alias, _party_getter(alias, None), issue_ids, party_ids)
    return names
