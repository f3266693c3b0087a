"""Events: the ones due at the end of an input (queued, scheduled, or whose condition holds),
one random event now and then, and firing them."""

from __future__ import annotations

from roleplay.engine.blueprint import CompiledEvent
from roleplay.engine.causes import Cause
from roleplay.engine.context import RuleContext
from roleplay.engine.effects import apply_all
from roleplay.model.case import Event


def run_events(ctx: RuleContext) -> None:
    """Fire the events due now: queued ones first, then those whose time and condition have
    come, then perhaps one random event."""
    state = ctx.state
    due = [ctx.blueprint.events[e] for e in state.queued]
    if state.events == "historical":  # an effect may queue an invented event: not in a replay of history
        due = [c for c in due if not c.event.counterfactual]
    state.queued = []
    random_pool = []
    world = state.world
    day, turn = world.day, world.turn
    for compiled in state.waiting:
        event = compiled.event
        # Cheap schedule checks before the condition.
        if (compiled.day is not None and day < compiled.day) or (event.turn is not None and turn < event.turn):
            continue
        if compiled.when is not None and not compiled.when.test(world):
            continue
        if event.weight is not None:
            random_pool.append(compiled)
        else:
            due.append(compiled)
    rng = state.rng
    if random_pool and rng.random() < ctx.blueprint.case.clock.random_event_chance:
        due.append(rng.choices(random_pool, weights=[c.event.weight or 1.0 for c in random_pool])[0])
    for compiled in due:
        if state.ending is not None:
            return
        fire(ctx, compiled)


def fire(ctx: RuleContext, compiled: CompiledEvent) -> None:
    state, event = ctx.state, compiled.event
    state.world.fired[event.id] = state.world.fired.get(event.id, 0) + 1
    if event.once:
        state.waiting = [c for c in state.waiting if c is not compiled]
    ctx.recorder.fired(event.id)
    ctx.recorder.narrate("event", _event_line, event)
    apply_all(ctx, compiled.effects, ctx.recorder.cause(_event_cause, event), None)
    if compiled.choices:
        state.pending.append(compiled)


def _event_line(event: Event) -> str:
    return f"{event.title}: {event.narrative}"


def _event_cause(event: Event) -> Cause:
    return Cause(f"event:{event.id}", event.title)
