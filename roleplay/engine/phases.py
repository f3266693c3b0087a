"""The phase graph in play: transitions taken after every input, the 'advance' a move may
trigger, the endings, and the rules that end a game early (the clock, the turn limit, no
move left)."""

from __future__ import annotations

from roleplay.engine.blueprint import CompiledTransition
from roleplay.engine.causes import Cause
from roleplay.engine.context import RuleContext
from roleplay.engine.explain import render
from roleplay.engine.machines import phase_machine
from roleplay.engine.moves import can_play
from roleplay.engine.scoring import agreement_score, score_line
from roleplay.engine.state import EndReason
from roleplay.model.case import Ending, Phase

MAX_CHAINED_TRANSITIONS = 16


def run_transitions(ctx: RuleContext) -> None:
    """Take open transitions without a trigger, one after another, until none is open."""
    for _ in range(MAX_CHAINED_TRANSITIONS):
        if ctx.state.ending is not None:
            return
        transition = first_open(ctx, None)
        if transition is None:
            return
        take(ctx, transition, ctx.recorder.cause(_transition_cause, transition))


def _transition_cause(transition: CompiledTransition) -> Cause:
    return Cause(
        f"transition:{transition.index}", transition.transition.label, note=f"because {render(transition.when.tree)}"
    )


def first_open(ctx: RuleContext, trigger: str | None) -> CompiledTransition | None:
    """The first transition (in case order) with this trigger whose condition holds now."""
    world = ctx.state.world
    if trigger is None:  # checked after every turn: the list is already cut to this phase
        for transition in ctx.blueprint.automatic(world.phase_path):
            if transition.when.test(world):
                return transition
        return None
    path = set(world.phase_path)
    for transition in ctx.blueprint.transitions:
        if transition.transition.trigger != trigger:
            continue
        if transition.sources is not None and not transition.sources & path:
            continue
        if transition.when.test(world):
            return transition
    return None


def advance(ctx: RuleContext, trigger: str, cause: Cause) -> None:
    """A move's 'advance' effect: take the first open transition with this trigger."""
    transition = first_open(ctx, trigger)
    if transition is None:
        ctx.recorder.say("narrator", f"The talks cannot move on yet ({trigger}).")
        return
    take(ctx, transition, cause.with_amount(None, transition.transition.label))


def take(ctx: RuleContext, transition: CompiledTransition, cause: Cause) -> None:
    state, blueprint = ctx.state, ctx.blueprint
    before = state.world.phase
    phase_machine(blueprint).fire(state.cursor, transition.trigger_name)
    state.sync_phase()
    ctx.recorder.change("phase", before, state.world.phase, cause)
    ending = blueprint.endings.get(state.world.phase)
    if ending is not None:
        state.end_reason = "transition"
        _end(ctx, ending)
    else:
        ctx.recorder.narrate("narrator", _phase_line, blueprint.phases[state.world.phase])


def _phase_line(phase: Phase) -> str:
    return f"{phase.name}: {phase.summary}"


def _end(ctx: RuleContext, ending: Ending) -> None:
    ctx.state.ending = ending
    # Scored as the ending is reached: the band that chose it saw this very state.
    ctx.state.agreement = agreement_score(ctx.state.world)
    ctx.state.pending = []
    ctx.recorder.say("narrator", f"{ending.title}. {ending.narrative}")
    ctx.recorder.narrate("narrator", score_line, ctx.state.agreement)


def check_clock(ctx: RuleContext) -> None:
    """End the game when time or the case's turns run out."""
    state, clock = ctx.state, ctx.blueprint.case.clock
    if state.ending is not None:
        return
    world = state.world
    if world.day >= ctx.blueprint.end_day:
        cause = Cause("rule:clock", "Time ran out", note=f"the talks reached {world.date}")
        _force_ending(ctx, clock.timeout_ending, cause, "clock")
    elif world.turn >= clock.max_turns:
        cause = Cause("rule:turn_limit", "Turn limit", note=f"the case allows {clock.max_turns} turns")
        _force_ending(ctx, clock.timeout_ending, cause, "turn_limit")


def check_stalled(ctx: RuleContext) -> None:
    """End the game when the mediator has no move left to play."""
    state = ctx.state
    if state.ending is None and not state.pending and not _any_open(ctx):
        cause = Cause("rule:stalled", "No move left", note="the mediator has no move left to play")
        _force_ending(ctx, ctx.blueprint.case.clock.timeout_ending, cause, "stalled")


def _any_open(ctx: RuleContext) -> bool:
    """Whether any move can be played; starts from the last open one, stops at the first found."""
    state = ctx.state
    options = ctx.blueprint.options_in(state.world.phase)
    count = len(options)
    for step in range(count):
        index = (state.last_open + step) % count
        if can_play(ctx, *options[index]):
            state.last_open = index
            return True
    return False


def _force_ending(ctx: RuleContext, ending_id: str, cause: Cause, reason: EndReason) -> None:
    state = ctx.state
    state.end_reason = reason
    before = state.world.phase
    phase_machine(ctx.blueprint).place(state.cursor, ending_id)
    state.sync_phase()
    ctx.recorder.change("phase", before, ending_id, cause)
    _end(ctx, ctx.blueprint.endings[ending_id])
