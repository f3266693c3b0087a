"""The mediator's inputs as rules: a move played, a response to an event, an instructor's
injected event; each gives its transcript record."""

from __future__ import annotations

from roleplay.engine import influence
from roleplay.engine.causes import Cause, weaker
from roleplay.engine.context import RuleContext
from roleplay.engine.effects import apply_all
from roleplay.engine.events import run_events
from roleplay.engine.moves import checked
from roleplay.engine.outcomes import draw_outcome, exclusion
from roleplay.engine.phases import check_clock, check_stalled, run_transitions
from roleplay.engine.standing import standing_rules
from roleplay.errors import MoveError
from roleplay.model.case import Choice, Event, Move
from roleplay.model.transcript import ChoiceRecord, InjectRecord, TurnRecord


def play(ctx: RuleContext, move_id: str, target: str | None) -> TurnRecord:
    """Play a move (MoveError if it cannot be played now)."""
    compiled = checked(ctx, move_id, target)
    move, state = compiled.move, ctx.state
    world = state.world
    ctx.recorder.begin()
    world.turn += 1
    world.played[move_id] = world.played.get(move_id, 0) + 1
    plays, scale = _repetition(ctx, move, target)
    cause = ctx.recorder.cause(_move_cause, move, plays, scale)
    _pay(ctx, move.cost.days, move.cost.capital, cause)
    if move.narrative:
        ctx.recorder.say(ctx.blueprint.case.mediation.lead, move.narrative)
    apply_all(ctx, compiled.effects, cause, target, scale)
    outcome_id, chances = draw_outcome(ctx, compiled, target, plays, scale)
    if compiled.needs_target and move.excludes > 0:
        exclusion(ctx, move.excludes, target)
    _end_turn(ctx)
    record: TurnRecord = {"type": "turn", "turn": world.turn, "move": move_id, "target": target, "outcome": outcome_id}
    if chances:
        record["chances"] = chances
    return ctx.recorder.finish(record, ctx.state)


def respond(ctx: RuleContext, choice_id: str) -> ChoiceRecord:
    """Answer the pending event with one of its choices."""
    state = ctx.state
    if not state.pending:
        raise MoveError("no event is waiting for a response")
    event = state.pending[0]
    choice = next((c for c in event.choices if c.choice.id == choice_id), None)
    if choice is None:
        raise MoveError(
            f"'{choice_id}' is not a response to {event.event.id}: "
            f"one of {', '.join(c.choice.id for c in event.choices)}"
        )
    ctx.recorder.begin()
    state.pending.pop(0)
    if choice.choice.narrative:
        ctx.recorder.say(ctx.blueprint.case.mediation.lead, choice.choice.narrative)
    apply_all(ctx, choice.effects, ctx.recorder.cause(_choice_cause, event.event, choice.choice), None)
    run_transitions(ctx)
    check_stalled(ctx)
    record: ChoiceRecord = {"type": "choice", "turn": state.world.turn, "event": event.event.id, "choice": choice_id}
    return ctx.recorder.finish(record, ctx.state)


def inject(ctx: RuleContext, event_id: str) -> InjectRecord:
    """An instructor's event: it happens at the end of the team's next input."""
    if event_id not in ctx.blueprint.events:
        raise MoveError(f"unknown event '{event_id}'")
    if ctx.state.ending is not None:
        raise MoveError("the session has ended")
    ctx.state.queued.append(event_id)
    record: InjectRecord = {"type": "inject", "turn": ctx.state.world.turn, "event": event_id}
    ctx.recorder.keep(record, ctx.state)
    return record


def _repetition(ctx: RuleContext, move: Move, target: str | None) -> tuple[int, float]:
    """Count this play of the move with this target; (plays so far, scale of its effects).
    Counted per target: a party wears of hearing the same move again, not of the mediator
    playing it with someone else (docs/model.md, Diminishing returns)."""
    repeats = ctx.state.world.repeats
    key = move.id if target is None else f"{move.id}:{target}"
    plays = repeats[key] = repeats.get(key, 0) + 1
    decay = move.repeat_decay if move.repeat_decay is not None else ctx.blueprint.case.dynamics.repeat_decay
    return plays, influence.repeat_scale(decay, plays)


def _move_cause(move: Move, plays: int, scale: float) -> Cause:
    return Cause(f"move:{move.id}", weaker(move.name, plays, scale))


def _choice_cause(event: Event, choice: Choice) -> Cause:
    return Cause(f"choice:{event.id}/{choice.id}", choice.label)


def _pay(ctx: RuleContext, days: int, capital: float, cause: Cause) -> None:
    world = ctx.state.world
    before, before_capital = world.day, world.capital
    world.day += days
    world.capital = max(0.0, world.capital - capital)
    if days:
        ctx.recorder.change_by("day", before, world.day, cause, days)
    if capital:
        ctx.recorder.change_by("capital", before_capital, world.capital, cause, -capital)


def _end_turn(ctx: RuleContext) -> None:
    """What happens after every move: standing rules, the parties' hurt fading, events,
    transitions, and the rules that end a game early."""
    if ctx.state.ending is not None:
        return
    standing_rules(ctx)
    for party in ctx.state.world.parties.values():
        party.damage *= influence.DAMAGE_DECAY
    run_events(ctx)
    run_transitions(ctx)
    check_clock(ctx)
    check_stalled(ctx)
