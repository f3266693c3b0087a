"""Turning points: the decisions of a game that most changed where it was going.

At each decision the game is replayed to that point and every alternative is tried one move
ahead on reseeded forks, expected over its outcomes (roleplay/game/lookahead.py): never the
game's own dice, so a decision is judged by what it was likely to do, not by the luck that
followed. A turning point is a decision whose best alternative was worth clearly more than
what was done; the debrief says what that alternative would likely have led to, and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from roleplay.engine.actions import Action, Play, Respond
from roleplay.engine.blueprint import Blueprint
from roleplay.engine.session import Session
from roleplay.engine.transcript import actions
from roleplay.game.lookahead import Tried, progress_value, try_action, try_all
from roleplay.game.views import party_name
from roleplay.model.transcript import Records, start_of
from roleplay.storage.saves import session_from_header

#: How many turning points the debrief shows, at most.
MOST = 5
#: Below this gap (on the look-ahead's scale: about one party's acceptance, or 15 points of
#: mean trust) a better alternative is a detail, not a turning point.
THRESHOLD = 12.0
#: A difference in trust worth saying.
TRUST_STEP = 3.0


@dataclass(frozen=True)
class TurningPoint:
    turn: int
    date: str
    did: str
    better: str
    #: How much better the alternative was expected to be, on the look-ahead's scale.
    gap: float
    reasons: tuple[str, ...]


def turning_points(blueprint: Blueprint, records: Records, most: int = MOST) -> list[TurningPoint]:
    """The decisions of a transcript whose best alternative was clearly better, the largest
    gaps first, at most ``most`` of them, in the order they were made."""
    session = session_from_header(blueprint, start_of(records))
    found: list[TurningPoint] = []
    for action in actions(records):
        if isinstance(action, Play | Respond) and not session.ended:
            point = _judge(blueprint, session, action)
            if point is not None:
                found.append(point)
        session.apply(action)
    chosen = sorted(found, key=lambda p: -p.gap)[:most]
    return sorted(chosen, key=lambda p: p.turn)


def _judge(blueprint: Blueprint, session: Session, action: Play | Respond) -> TurningPoint | None:
    tried = try_all(session, progress_value)
    if not tried:
        return None
    done = next((t for t in tried if _same(t.action, action)), None) or try_action(
        session, _unpinned(action), progress_value
    )
    best = tried[0]
    if done is None or _same(best.action, action) or best.value - done.value < THRESHOLD:
        return None
    return TurningPoint(
        session.world.turn + (1 if isinstance(action, Play) else 0),
        session.world.date,
        _words(blueprint, session, action),
        _words(blueprint, session, best.action),
        round(best.value - done.value, 1),
        tuple(_reasons(blueprint, best, done)),
    )


def _same(one: Action, other: Action) -> bool:
    if isinstance(one, Play) and isinstance(other, Play):
        return (one.move, one.target) == (other.move, other.target)
    return one == other


def _unpinned(action: Play | Respond) -> Action:
    return Play(action.move, action.target) if isinstance(action, Play) else action


def _words(blueprint: Blueprint, session: Session, action: Action) -> str:
    if isinstance(action, Play):
        name = blueprint.moves[action.move].move.name
        return f"{name} with {party_name(blueprint, action.target)}" if action.target else name
    if isinstance(action, Respond) and session.pending:
        event = session.pending[0]
        label = next((c.choice.label for c in event.choices if c.choice.id == action.choice), action.choice)
        return f"“{label}” in answer to “{event.event.title}”"
    return str(action)


def _reasons(blueprint: Blueprint, best: Tried, done: Tried) -> list[str]:
    """What the better alternative's likeliest result had that the decision's did not."""
    better, worse = best.likely, done.likely
    reasons: list[str] = []
    if better.ending is not None and (worse.ending is None or better.ending.quality > worse.ending.quality):
        reasons.append(f"it would likely have ended the talks with “{better.ending.title}”")
    if worse.ending is not None and (better.ending is None or worse.ending.quality < better.ending.quality):
        reasons.append(f"what was done led to “{worse.ending.title}”")
    if better.world.phase != worse.world.phase and better.world.phase in blueprint.phases:
        reasons.append(f"the talks would have moved on to {blueprint.phases[better.world.phase].name}")
    for pid, party in better.world.parties.items():
        other = worse.world.parties[pid]
        name = party_name(blueprint, pid)
        if party.standing != other.standing:
            reasons.append(
                f"{name} would have been {party.standing.replace('_', ' ')}, not {other.standing.replace('_', ' ')}"
            )
        elif better.world.accepts(party) and not worse.world.accepts(other):
            reasons.append(f"{name} would have accepted the draft")
        if abs(party.trust - other.trust) >= TRUST_STEP:
            reasons.append(f"{name}'s trust in you: {party.trust:.0f} rather than {other.trust:.0f}")
    return reasons[:4] or ["the parties as a whole would have been closer to an agreement"]
