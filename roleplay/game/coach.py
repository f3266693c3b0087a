"""The coach (solo practice, key h): a move suggested from the honest look-ahead
(roleplay/game/lookahead.py), knowing only what the trainee knows.

The look-ahead runs on a *believed* copy of the game: every bottom line the trainee has only
estimated (red lines, acceptance thresholds, temperaments) is set to the middle of its
estimate, so the coach's advice cannot reveal what mediation has not. Estimates shrink around
the truth in proportion, so their middles give nothing away (roleplay/engine/knowledge.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from roleplay.engine.actions import Play, Respond
from roleplay.engine.blueprint import Blueprint
from roleplay.engine.knowledge import TEMPER_FIELDS, Knowledge, Truth, estimate, known_floors
from roleplay.engine.session import Session
from roleplay.engine.world import PartyState
from roleplay.game.lookahead import Tried, progress_value, try_all
from roleplay.game.views import party_name
from roleplay.model.transcript import CoachRecord


@dataclass(frozen=True)
class Advice:
    """The move the coach suggests (a move id and target, or a choice id) and why, in words."""

    move: str | None
    target: str | None
    choice: str | None
    label: str
    reasons: tuple[str, ...]


def suggestion_text(blueprint: Blueprint, record: CoachRecord) -> str:
    """What the coach suggested, in the case's words (a coach record of the transcript)."""
    if record["choice"] is not None:
        for event in blueprint.events.values():
            for choice in event.choices:
                if choice.choice.id == record["choice"]:
                    return f"Asked the coach, who suggested answering “{choice.choice.label}”"
        return f"Asked the coach, who suggested the answer {record['choice']}"
    if record["move"] is None:
        return "Asked the coach, who had nothing to suggest"
    move = blueprint.moves.get(record["move"])
    name = move.move.name if move is not None else record["move"]
    target = f" with {party_name(blueprint, record['target'])}" if record["target"] else ""
    return f"Asked the coach, who suggested {name}{target}"


def believed(session: Session) -> Session:
    """A copy of the game in which every hidden value is what the trainee estimates it to be."""
    fork = session.fork()
    state = fork.state
    truth, knowledge = state.truth, state.knowledge
    red_low: dict[str, dict[str, float]] = {}
    red_high: dict[str, dict[str, float]] = {}
    leeway: dict[str, float] = {}
    temperament = {}
    for pid, party in state.world.parties.items():
        for issue in party.position:
            party.red_low[issue] = _middle(truth, knowledge, party, f"red_low.{issue}")
            party.red_high[issue] = _middle(truth, knowledge, party, f"red_high.{issue}")
        red_low[pid], red_high[pid] = dict(party.red_low), dict(party.red_high)
        leeway[pid] = _middle(truth, knowledge, party, "acceptance")
        update = {name: _middle(truth, knowledge, party, f"temperament.{name}") for name in TEMPER_FIELDS}
        update["return_above"] = max(update["return_above"], update["walk_out_below"])
        temperament[pid] = truth.temperament[pid].model_copy(update=update)
    state.world.leeway = leeway
    # What a party cannot give up: the chapter it named, else every chapter it may be.
    state.world.aspiration = {pid: known_floors(state.world, knowledge, pid) for pid in state.world.aspiration}
    state.truth = replace(truth, red_low=red_low, red_high=red_high, leeway=leeway, temperament=temperament)
    return fork


def _middle(truth: Truth, knowledge: Knowledge, party: PartyState, key: str) -> float:
    low, high = estimate(truth, knowledge, party, key)
    return (low + high) / 2


def advise(session: Session) -> Advice | None:
    """What the coach would do now, or None when nothing can be done."""
    base = believed(session)
    tried = try_all(base, progress_value)
    if not tried:
        return None
    best = tried[0]
    reasons = _reasons(base, best, tried[1:])
    action = best.action
    if isinstance(action, Respond):
        label = next(c.choice.label for c in session.pending[0].choices if c.choice.id == action.choice)
        return Advice(None, None, action.choice, f"answer “{label}”", reasons)
    assert isinstance(action, Play)
    name = session.blueprint.moves[action.move].move.name
    label = f"{name} with {party_name(session.blueprint, action.target)}" if action.target else name
    return Advice(action.move, action.target, None, label, reasons)


def _reasons(session: Session, best: Tried, others: list[Tried]) -> tuple[str, ...]:
    """Why, from what the move likely leads to; ``session`` is the believed game, so every
    comparison is made as the trainee would see it."""
    blueprint = session.blueprint
    after, world = best.likely, session.world
    reasons: list[str] = []
    if after.ending is not None:
        reasons.append(f"it would likely end the talks with “{after.ending.title}”")
    elif after.world.phase != world.phase and after.world.phase in blueprint.phases:
        reasons.append(f"the talks would likely move on to {blueprint.phases[after.world.phase].name}")
    for pid, party in after.world.parties.items():
        before = world.parties[pid]
        name = party_name(blueprint, pid)
        if party.standing != before.standing:
            reasons.append(f"{name} would likely be {party.standing.replace('_', ' ')}")
        if after.world.accepts(party) and not session.world.accepts(before) and after.world.draft:
            reasons.append(f"{name} would likely accept the draft, as far as you can tell")
        gain = party.trust - before.trust
        if abs(gain) >= 2:
            way = "rise" if gain > 0 else "fall"
            reasons.append(f"{name}'s trust in you would likely {way} by about {abs(gain):.0f}")
    if len(best.outcomes) > 1:
        chances = ", ".join(f"{o} {c:.0%}" for o, c, _ in best.outcomes if o)
        reasons.append(f"it can go more than one way ({chances}): weighed by those chances")
    if others:
        gap = best.value - others[0].value
        reasons.append(f"one move ahead it is worth {gap:.0f} more than the next best on the look-ahead's scale")
    return tuple(reasons[:5])
