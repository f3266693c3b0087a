"""An author's playtest settings: a value or the phase set by hand (`--at`, `--set`, the
debug panel), as Yarn Spinner's variable view and Ren'Py's console allow.

A setting is an input like a move: it is recorded in the transcript (a ``set`` record with
its change), so a playtest replays exactly. It runs no rule: no transition, event or
standing check follows it until the next move; a game with settings is a playtest, and its
debrief says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from roleplay.engine.causes import Cause, Value, rounded
from roleplay.engine.context import RuleContext
from roleplay.engine.machines import SEPARATOR, phase_machine
from roleplay.engine.world import STANDINGS, PartyState, World
from roleplay.errors import MoveError
from roleplay.model.transcript import SetRecord

#: The cause every setting carries, as the why? view shows it.
AUTHOR = Cause("author:set", "set by hand (a playtest)")
#: A party's scores that can be set by name: 'trust.coordination'.
PARTY_SCORES = ("trust", "ripeness", "cohesion", "capability")


def settable(world: World) -> list[str]:
    """Every name a setting can change, in the order the debug panel lists them."""
    names = ["phase", "date", "capital"]
    names += [f"flag.{flag}" for flag in world.flags]
    names += [f"draft.{issue}" for issue in world.issues]
    for pid, party in world.parties.items():
        names += [f"{score}.{pid}" for score in PARTY_SCORES]
        names.append(f"standing.{pid}")
        names += [f"relation.{pid}.{other}" for other in world.parties if other != pid]
        names += [f"position.{pid}.{issue}" for issue in party.position]
        names += [f"salience.{pid}.{issue}" for issue in party.salience]
    return names


def current(world: World, name: str) -> Value:
    """The value ``name`` has now (as the debug panel shows it); KeyError for an unknown name."""
    parts = name.split(".")
    head = parts[0]
    if name == "phase":
        return world.phase
    if name == "date":
        return world.date
    if name == "capital":
        return world.capital
    if head == "flag" and len(parts) == 2:
        return world.flags[parts[1]]
    if head == "draft" and len(parts) == 2 and parts[1] in world.issues:
        return world.draft.get(parts[1], -1.0)
    party = world.parties[parts[1]] if len(parts) > 1 else None
    if party is None:
        raise KeyError(name)
    if head in PARTY_SCORES and len(parts) == 2:
        return float(getattr(party, head))
    if head == "standing" and len(parts) == 2:
        return party.standing
    if head == "relation" and len(parts) == 3 and parts[2] in world.parties:
        return party.relations.get(parts[2], 100.0)
    if head in ("position", "salience") and len(parts) == 3:
        return float(getattr(party, head)[parts[2]])
    raise KeyError(name)


def apply_setting(ctx: RuleContext, name: str, value: Value) -> SetRecord:
    """Set ``name`` to ``value`` (MoveError naming what can be set, if it cannot)."""
    state = ctx.state
    if state.ending is not None:
        raise MoveError("the session has ended")
    world = state.world
    try:
        before = current(world, name)
    except KeyError:
        raise MoveError(f"'{name}' cannot be set: {_what_can_be_set()}") from None
    ctx.recorder.begin()
    if name == "phase":
        _set_phase(ctx, _text(name, value))
    else:
        _setter(world, name)(value)
    after = current(world, name)
    if after != before:
        ctx.recorder.change(name, rounded(before), rounded(after), AUTHOR)
    record: SetRecord = {"type": "set", "turn": world.turn, "name": name, "value": value}
    record["changes"] = ctx.recorder.changes()
    ctx.recorder.keep(record, state)
    return record


def _what_can_be_set() -> str:
    return (
        "phase, date, capital, flag.F, draft.ISSUE, trust.P, ripeness.P, cohesion.P, capability.P, "
        "standing.P, relation.P.Q, position.P.ISSUE and salience.P.ISSUE"
    )


def _setter(world: World, name: str) -> Callable[[Value], None]:
    """How to set ``name`` (a name ``current`` knows)."""
    parts = name.split(".")
    head = parts[0]
    if name == "date":
        return lambda v: _set_date(world, _text(name, v))
    if name == "capital":
        return lambda v: setattr(world, "capital", _score(name, v))
    if head == "flag":
        return lambda v: world.flags.__setitem__(parts[1], _flag(name, v))
    if head == "draft":
        return lambda v: world.draft.__setitem__(parts[1], _score(name, v))
    party = world.parties[parts[1]]
    if head in PARTY_SCORES:
        return lambda v: setattr(party, head, _score(name, v))
    if head == "standing":
        return lambda v: _set_standing(world, party, name, v)
    if head == "relation":
        return lambda v: party.relations.__setitem__(parts[2], _score(name, v))
    if head == "salience":
        return lambda v: party.salience.__setitem__(parts[2], _score(name, v))
    return lambda v: _set_position(party, parts[2], _score(name, v))


def _score(name: str, value: Value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise MoveError(f"{name} takes a number from 0 to 100, not {value!r}")
    return float(value)


def _flag(name: str, value: Value) -> bool:
    if not isinstance(value, bool):
        raise MoveError(f"{name} takes true or false, not {value!r}")
    return value


def _text(name: str, value: Value) -> str:
    if not isinstance(value, str):
        raise MoveError(f"{name} takes a name, not {value!r}")
    return value


def _set_standing(world: World, party: PartyState, name: str, value: Value) -> None:
    standing = _text(name, value)
    if standing not in STANDINGS:
        raise MoveError(f"{name} takes one of {', '.join(STANDINGS)}, not {standing!r}")
    party.standing = standing  # the party's standing machine reads its state from here
    if standing in ("initialled", "signed"):
        party.committed = standing
    world.standings_changed()


def _set_position(party: PartyState, issue: str, value: float) -> None:
    """A position stays inside its party's red line, as everywhere in the model."""
    party.position[issue] = min(max(value, party.red_low[issue]), party.red_high[issue])


def _set_date(world: World, text: str) -> None:
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        raise MoveError(f"date takes a date as YYYY-MM-DD, not {text!r}") from None
    day = (date - world.start).days
    if day < world.day:
        raise MoveError(f"date cannot go back: the talks are at {world.date}")
    world.day = day


def _set_phase(ctx: RuleContext, phase: str) -> None:
    blueprint = ctx.blueprint
    if phase not in blueprint.phases:
        raise MoveError(f"phase takes a phase of the case ({', '.join(blueprint.phases)}), not {phase!r}")
    state = ctx.state
    phase_machine(blueprint).place(state.cursor, SEPARATOR.join(blueprint.paths[phase]))
    state.sync_phase()
