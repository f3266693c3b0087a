"""Apply effects to the world, recording every change with its cause.

One function per effect kind; the formulas live in ``influence`` so they can be read apart.
Each applier gets a ``scale``: the diminishing returns of a repeated move (1 for events,
choices and carry-over). It scales magnitudes (signals, strengths, deltas, widening); flags,
standing, the draft, advances, events and spending are not scaled (docs/model.md).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from roleplay.engine import influence
from roleplay.engine.blueprint import CompiledEffect
from roleplay.engine.causes import Cause
from roleplay.engine.context import RuleContext
from roleplay.engine.phases import advance
from roleplay.engine.scores import adjust, trust
from roleplay.engine.standing import change_standing
from roleplay.engine.text import revise
from roleplay.engine.world import PartyState, Scope, World
from roleplay.model import effects as fx

#: One centre per issue and per effect: every party an effect moves goes toward the same point.
Compromise: TypeAlias = dict[str, float | None]


def select(world: World, selector: str, target: str | None) -> Sequence[PartyState]:
    """'target', 'all' (everyone not outside the talks), 'others' (all but the target) or an id."""
    if selector == "target":
        return (world.parties[target],) if target else ()
    if selector == "all":
        return world.involved()
    if selector == "others":
        return [p for p in world.involved() if p.id != target]
    return (world.parties[selector],)


def issues_of(world: World, issue: str) -> tuple[str, ...]:
    return world.issues if issue == "all" else (issue,)


@dataclass(slots=True)
class Job:
    """What one effect shares across the parties it selects: the move's target, the
    diminishing returns' scale, and the compromise point, computed once per issue."""

    target: str | None
    scale: float = 1.0
    compromise: Compromise = field(default_factory=dict)


#: An effect on each party it selects: (context, effect, party, cause, job).
PartyApplier: TypeAlias = Callable[..., None]


def _trust(ctx: RuleContext, effect: fx.TrustEffect, party: PartyState, cause: Cause, job: Job) -> None:
    trust(ctx, party, effect.signal * job.scale, cause)


def _relation(ctx: RuleContext, effect: fx.RelationEffect, party: PartyState, cause: Cause, job: Job) -> None:
    scale = job.scale
    for other in select(ctx.state.world, effect.toward, job.target):
        if other.id == party.id:
            continue
        before = party.relations[other.id]
        delta = influence.trust_delta(before, 0.0, effect.signal * scale)
        adjust(ctx, "relation", party, "relations", delta, cause, key=other.id)


def _point(world: World, toward: str | float, issue: str, compromise: Compromise) -> float | None:
    if not isinstance(toward, str):
        return float(toward)
    if toward == "draft":
        return world.draft.get(issue)
    if toward == "compromise":
        if issue not in compromise:
            compromise[issue] = influence.compromise_point(
                (p.position[issue], p.capability, p.salience[issue]) for p in world.present()
            )
        return compromise[issue]
    return world.parties[toward].position[issue]


def _move_position(ctx: RuleContext, party: PartyState, issue: str, delta: float, cause: Cause) -> None:
    # Positions stay inside the party's red line: a red line moves only by a red_line effect.
    adjust(
        ctx,
        "position",
        party,
        "position",
        delta,
        cause,
        low=party.red_low[issue],
        high=party.red_high[issue],
        key=issue,
    )


def _persuade(ctx: RuleContext, effect: fx.PersuadeEffect, party: PartyState, cause: Cause, job: Job) -> None:
    world = ctx.state.world
    strength = effect.strength * job.scale
    for issue in issues_of(world, effect.issue):
        point = _point(world, effect.toward, issue, job.compromise)
        if point is None:
            continue
        delta = influence.persuade_delta(party.position[issue], point, strength, party.trust, party.salience[issue])
        _move_position(ctx, party, issue, delta, cause)


def _shift(ctx: RuleContext, effect: fx.ShiftEffect, party: PartyState, cause: Cause, job: Job) -> None:
    for issue in issues_of(ctx.state.world, effect.issue):
        _move_position(ctx, party, issue, effect.delta * job.scale, cause)


def _salience(ctx: RuleContext, effect: fx.SalienceEffect, party: PartyState, cause: Cause, job: Job) -> None:
    for issue in issues_of(ctx.state.world, effect.issue):
        adjust(ctx, "salience", party, "salience", effect.delta * job.scale, cause, key=issue)


def _red_line(ctx: RuleContext, effect: fx.RedLineEffect, party: PartyState, cause: Cause, job: Job) -> None:
    widen = effect.widen * job.scale
    for issue in issues_of(ctx.state.world, effect.issue):
        position = party.position[issue]
        # Narrowing never excludes the party's own position.
        adjust(ctx, "red_low", party, "red_low", -widen, cause, high=position, key=issue)
        adjust(ctx, "red_high", party, "red_high", widen, cause, low=position, key=issue)


def _score(ctx: RuleContext, effect: fx.ScoreEffect, party: PartyState, cause: Cause, job: Job) -> None:
    adjust(ctx, effect.kind, party, effect.kind, effect.delta * job.scale, cause)


def _ownership(ctx: RuleContext, effect: fx.OwnershipEffect, party: PartyState, cause: Cause, job: Job) -> None:
    adjust(ctx, "ownership", party, "ownership", effect.delta * job.scale, cause)


def _pressure(ctx: RuleContext, effect: fx.PressureEffect, party: PartyState, cause: Cause, job: Job) -> None:
    """Ripeness up to the party's cap on ripeness made by pressure, duress, resentment and a
    risk of walking out (docs/model.md, Ripeness and pressure)."""
    temper = ctx.blueprint.parties[party.id].temperament
    dynamics = ctx.blueprint.case.dynamics
    strength = effect.strength * job.scale
    room = dynamics.pressure_cap - party.pressured
    ripeness, signal, walk_out = influence.pressure_effects(
        strength, temper.pressure, temper.deadlines, party.trust, room
    )
    before = party.ripeness
    capped = cause if ripeness >= 20.0 * strength else ctx.recorder.cause(_capped, cause, dynamics.pressure_cap)
    adjust(ctx, "ripeness", party, "ripeness", ripeness, capped)
    party.pressured += max(0.0, party.ripeness - before)
    duress = dynamics.duress_per_pressure * strength
    adjust(ctx, "duress", party, "duress", duress, cause.with_amount(None, "consents under pressure"))
    trust(ctx, party, signal, cause.with_amount(None, "resents the pressure"))
    if party.standing in ("at_table", "consulting") and walk_out > 0 and ctx.state.rng.random() < walk_out:
        change_standing(
            ctx, party, "walk_out", cause.with_amount(None, f"walked out under pressure (risk {walk_out:.0%})")
        )


def _capped(cause: Cause, cap: float) -> Cause:
    return cause.with_amount(None, f"pressure has made all the ripeness it can: at most {cap:g} points in all")


def _standing(ctx: RuleContext, effect: fx.StandingEffect, party: PartyState, cause: Cause, _: Job) -> None:
    change_standing(ctx, party, effect.action, cause)


_PARTY_APPLIERS: dict[type, PartyApplier] = {
    fx.TrustEffect: _trust,
    fx.RelationEffect: _relation,
    fx.PersuadeEffect: _persuade,
    fx.ShiftEffect: _shift,
    fx.SalienceEffect: _salience,
    fx.RedLineEffect: _red_line,
    fx.ScoreEffect: _score,
    fx.PressureEffect: _pressure,
    fx.OwnershipEffect: _ownership,
    fx.StandingEffect: _standing,
}


def apply(ctx: RuleContext, compiled: CompiledEffect, cause: Cause, target: str | None, scale: float = 1.0) -> None:
    """Apply one effect; ``target`` is the target of the move it belongs to, if any, and
    ``scale`` the diminishing returns of its repetition."""
    effect = compiled.effect
    if ctx.recorder.keeps:
        cause = ctx.recorder.noted(cause, effect)
    applier = _PARTY_APPLIERS.get(type(effect))
    world = ctx.state.world
    if applier is not None:
        when = compiled.when
        job = Job(target, scale)
        parties = select(world, effect.party, target)  # type: ignore[union-attr]
        if when is None:
            for party in parties:
                applier(ctx, effect, party, cause, job)
            return
        bound = world.parties[target] if target else None
        for party in parties:  # tested in turn: an earlier party's change may open a later one's
            if when.test(Scope(world, bound, party)):
                applier(ctx, effect, party, cause, job)
        return
    if isinstance(effect, fx.CapitalEffect):
        before = world.capital
        # Capital gained wears with repetition; capital spent is a cost and is not scaled.
        world.capital = influence.clamp(before + (effect.delta * scale if effect.delta > 0 else effect.delta))
        ctx.recorder.change_by("capital", before, world.capital, cause, world.capital - before)
    elif isinstance(effect, fx.InclusionEffect):
        before = world.inclusion
        world.inclusion = influence.clamp(before + effect.delta * scale)
        ctx.recorder.change_by("inclusion", before, world.inclusion, cause, world.inclusion - before)
    elif isinstance(effect, fx.DraftEffect):
        revise(ctx, effect, cause, scale)
    elif isinstance(effect, fx.FlagEffect):
        before_flag = world.flags[effect.flag]
        if before_flag != effect.value:
            world.flags[effect.flag] = effect.value
            ctx.recorder.change(f"flag.{effect.flag}", before_flag, effect.value, cause)
    elif isinstance(effect, fx.AdvanceEffect):
        advance(ctx, effect.trigger, cause)
    elif isinstance(effect, fx.EventEffect):
        ctx.state.queued.append(effect.event)


def apply_all(
    ctx: RuleContext, effects: tuple[CompiledEffect, ...], cause: Cause, target: str | None, scale: float = 1.0
) -> None:
    """Apply effects in order, stopping when one of them ends the game."""
    for effect in effects:
        if ctx.state.ending is not None:
            return
        apply(ctx, effect, cause, target, scale)
