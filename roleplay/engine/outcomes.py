"""A move's outcome: weighed by the factors it names, drawn from the game's generator, told
in the narrator's and the parties' words; and what a one-party move does to those left out."""

from __future__ import annotations

from roleplay.engine import influence
from roleplay.engine.blueprint import CompiledMove, CompiledOutcome
from roleplay.engine.causes import Cause, weaker
from roleplay.engine.context import RuleContext
from roleplay.engine.effects import apply_all
from roleplay.engine.knowledge import known_answer
from roleplay.engine.recorder import LEAN
from roleplay.engine.scores import trust
from roleplay.engine.voice import voice
from roleplay.engine.world import Scope, World
from roleplay.errors import MoveError
from roleplay.model.case import Outcome


def draw_outcome(
    ctx: RuleContext,
    compiled: CompiledMove,
    target: str | None,
    plays: int = 1,
    scale: float = 1.0,
    pinned: str | None = None,
) -> tuple[str | None, dict[str, float]]:
    """The outcome drawn (None if no outcome can happen) and every possible outcome's chance;
    the outcome's effects are scaled like the move's (the ``plays``-th play, ``scale``)."""
    world = ctx.state.world
    weights = _weights(world, compiled, ctx.state.scopes[target] if target is not None else world, target)
    if not weights:
        if pinned is not None:
            raise MoveError(f"outcome '{pinned}' of move '{compiled.move.id}' cannot happen now: no outcome can")
        return None, {}
    total = sum(w for _, w in weights)
    draw = ctx.state.rng.random() * total  # drawn even for a pin: the later draws stay as they were
    chosen = weights[-1][0]
    for outcome, weight in weights:
        draw -= weight
        if draw < 0:
            chosen = outcome
            break
    if pinned is not None:
        chosen = _pinned(compiled, weights, pinned)
    out = chosen.outcome
    recorder = ctx.recorder
    if recorder.keeps:
        chances = recorder.chances(weights, total)
        cause = recorder.cause(_outcome_cause, compiled, out, chances, plays, scale)
        recorder.say("narrator", out.narrative)
    else:  # once a turn: nothing to write down, so no call to the recorder at all
        chances, cause = {}, LEAN
    # Drawn before the effects (in lean sessions too, so both keep the same draws), said after
    # them, and only if it agrees with what the table then shows of the party (a party does not
    # say it accepts a text the mediator knows it would not sign, nor the reverse).
    reaction = out.reaction or ""
    said = [(speaker, voice(ctx, speaker, reaction)) for speaker in _speakers(world, target, reaction)]
    apply_all(ctx, chosen.effects, cause, target, scale)
    for speaker, line in said:
        if recorder.keeps and _agrees(ctx, speaker, reaction):
            recorder.say(speaker, line)
    return out.id, chances


def _speakers(world: World, target: str | None, reaction: str) -> list[str]:
    if not reaction:
        return []
    return [target] if target else [p.id for p in world.present()]


def _agrees(ctx: RuleContext, speaker: str, reaction: str) -> bool:
    """Whether a reaction line fits what the mediator knows of the party's view of the draft."""
    if reaction not in ("accepts", "rejects"):
        return True
    state = ctx.state
    party = state.world.parties.get(speaker)
    if party is None:
        return True
    answer = known_answer(state.world, state.truth, state.knowledge, party)
    return not (answer == "no" and reaction == "accepts") and not (answer == "yes" and reaction == "rejects")


def _pinned(compiled: CompiledMove, weights: list[tuple[CompiledOutcome, float]], pinned: str) -> CompiledOutcome:
    for outcome, _ in weights:
        if outcome.outcome.id == pinned:
            return outcome
    raise MoveError(f"outcome '{pinned}' of move '{compiled.move.id}' cannot happen now: its condition does not hold")


def _weights(
    world: World, compiled: CompiledMove, context: World | Scope, target: str | None
) -> list[tuple[CompiledOutcome, float]]:
    """The outcomes whose condition holds (tested on ``context``), each with its weight after
    the factors it names."""
    weights: list[tuple[CompiledOutcome, float]] = []
    factors: dict[str, float] = {}  # each factor once per turn, whichever outcomes name it
    for outcome in compiled.outcomes:
        if outcome.when is not None and not outcome.when.test(context):
            continue
        weight = outcome.outcome.weight
        for names, favoured in ((outcome.outcome.favoured_by, True), (outcome.outcome.hindered_by, False)):
            for factor in names:
                value = factors.get(factor)
                if value is None:
                    value = factors[factor] = _factor(world, factor, target)
                weight *= influence.factor_multiplier(value, favoured)
        weights.append((outcome, weight))
    return weights


def _factor(world: World, factor: str, target: str | None) -> float:
    parties = (world.parties[target],) if target else world.present()
    if not parties:
        return 50.0
    return float(sum(getattr(p, factor) for p in parties)) / len(parties)


def _outcome_cause(compiled: CompiledMove, out: Outcome, chances: dict[str, float], plays: int, scale: float) -> Cause:
    return Cause(
        f"outcome:{compiled.move.id}/{out.id}",
        weaker(f"{compiled.move.name}: {out.label}", plays, scale),
        note=f"chance {chances[out.id]:.0%}",
    )


def exclusion(ctx: RuleContext, excludes: float, target: str | None) -> None:
    """A one-party move costs the others' trust, by how much each minds being left out."""
    world = ctx.state.world
    rule = ctx.recorder.cause(_exclusion_cause, ctx, target)
    for party in world.present():
        if party.id == target:
            continue
        sensitivity = ctx.state.truth.temperament[party.id].exclusion / 100.0
        trust(ctx, party, -excludes * sensitivity, rule)


def _exclusion_cause(ctx: RuleContext, target: str | None) -> Cause:
    met = "everyone" if target is None else ctx.blueprint.personas[target].short_name
    return Cause("rule:exclusion", "Left out of a one-party move", note=f"while the mediator met {met}")
