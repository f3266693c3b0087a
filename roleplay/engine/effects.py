"""Apply effects to the world, recording every change with its cause.

One function per effect kind; the formulas live in ``influence`` so they can be read apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeAlias

from roleplay.engine import influence, package
from roleplay.engine.blueprint import CompiledEffect
from roleplay.engine.causes import Cause
from roleplay.engine.context import RuleContext
from roleplay.engine.phases import advance
from roleplay.engine.standing import change_standing
from roleplay.engine.voice import voice
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


def adjust(
    ctx: RuleContext,
    label: str,
    party: PartyState,
    attr: str,
    delta: float,
    cause: Cause,
    low: float = 0.0,
    high: float = 100.0,
    key: str | None = None,
) -> None:
    """Add ``delta`` to a score (or to one issue's entry of a dict score), clamped to range.
    The change is recorded as '<label>.<party>[.<key>]'."""
    holder = getattr(party, attr)
    before = holder[key] if key is not None else holder
    after = influence.clamp(before + delta, low, high)
    if after == before and delta == 0:
        return
    if key is not None:
        holder[key] = after
    else:
        setattr(party, attr, after)
    recorder = ctx.recorder
    if recorder.keeps:
        recorder.adjusted(label, party.id, key, before, after, cause)


def trust(ctx: RuleContext, party: PartyState, signal: float, cause: Cause) -> None:
    delta = influence.trust_delta(party.trust, party.damage, signal)
    party.damage += influence.damage_delta(party.damage, signal)
    adjust(ctx, "trust", party, "trust", delta, cause)


#: An effect on each party it selects: (context, effect, party, cause, target, compromise).
PartyApplier: TypeAlias = Callable[..., None]


def _trust(ctx: RuleContext, effect: fx.TrustEffect, party: PartyState, cause: Cause, *_: object) -> None:
    trust(ctx, party, effect.signal, cause)


def _relation(
    ctx: RuleContext, effect: fx.RelationEffect, party: PartyState, cause: Cause, target: str | None, _: Compromise
) -> None:
    for other in select(ctx.state.world, effect.toward, target):
        if other.id == party.id:
            continue
        before = party.relations[other.id]
        delta = influence.trust_delta(before, 0.0, effect.signal)
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


def _persuade(
    ctx: RuleContext, effect: fx.PersuadeEffect, party: PartyState, cause: Cause, _: str | None, compromise: Compromise
) -> None:
    world = ctx.state.world
    for issue in issues_of(world, effect.issue):
        point = _point(world, effect.toward, issue, compromise)
        if point is None:
            continue
        delta = influence.persuade_delta(
            party.position[issue], point, effect.strength, party.trust, party.salience[issue]
        )
        _move_position(ctx, party, issue, delta, cause)


def _shift(ctx: RuleContext, effect: fx.ShiftEffect, party: PartyState, cause: Cause, *_: object) -> None:
    for issue in issues_of(ctx.state.world, effect.issue):
        _move_position(ctx, party, issue, effect.delta, cause)


def _salience(ctx: RuleContext, effect: fx.SalienceEffect, party: PartyState, cause: Cause, *_: object) -> None:
    for issue in issues_of(ctx.state.world, effect.issue):
        adjust(ctx, "salience", party, "salience", effect.delta, cause, key=issue)


def _red_line(ctx: RuleContext, effect: fx.RedLineEffect, party: PartyState, cause: Cause, *_: object) -> None:
    for issue in issues_of(ctx.state.world, effect.issue):
        position = party.position[issue]
        # Narrowing never excludes the party's own position.
        adjust(ctx, "red_low", party, "red_low", -effect.widen, cause, high=position, key=issue)
        adjust(ctx, "red_high", party, "red_high", effect.widen, cause, low=position, key=issue)


def _score(ctx: RuleContext, effect: fx.ScoreEffect, party: PartyState, cause: Cause, *_: object) -> None:
    adjust(ctx, effect.kind, party, effect.kind, effect.delta, cause)


def _pressure(ctx: RuleContext, effect: fx.PressureEffect, party: PartyState, cause: Cause, *_: object) -> None:
    temper = ctx.blueprint.parties[party.id].temperament
    ripeness, signal, walk_out = influence.pressure_effects(
        effect.strength, temper.pressure, temper.deadlines, party.trust
    )
    adjust(ctx, "ripeness", party, "ripeness", ripeness, cause)
    trust(ctx, party, signal, cause.with_amount(None, "resents the pressure"))
    if party.standing in ("at_table", "consulting") and walk_out > 0 and ctx.state.rng.random() < walk_out:
        change_standing(
            ctx, party, "walk_out", cause.with_amount(None, f"walked out under pressure (risk {walk_out:.0%})")
        )


def _standing(ctx: RuleContext, effect: fx.StandingEffect, party: PartyState, cause: Cause, *_: object) -> None:
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
    fx.StandingEffect: _standing,
}


def _draft(ctx: RuleContext, effect: fx.DraftEffect, cause: Cause) -> None:
    world = ctx.state.world
    issues = list(world.issues) if "all" in effect.issues else effect.issues
    if effect.method == "package":
        _package(ctx, issues, cause)
        return
    proposal = dict(world.draft)
    for issue in issues:
        if effect.method == "value" and effect.value is not None:
            proposal[issue] = effect.value
        else:
            point = influence.compromise_point(
                (p.position[issue], p.capability, p.salience[issue]) for p in world.present()
            )
            if point is not None:
                proposal[issue] = point
    if world.draft and not effect.imposed and _vetoed(ctx, proposal):
        return
    for issue, value in proposal.items():
        before = world.draft.get(issue, -1.0)
        if value != before:
            world.draft[issue] = value
            ctx.recorder.change_by(f"draft.{issue}", before, value, cause, value - before if before >= 0 else None)


def _package(ctx: RuleContext, issues: list[str], cause: Cause) -> None:
    """A package deal across issues (roleplay.engine.package): no party present finds it worse,
    so the veto single text lets it stand; when there is none, the text stays as it is."""
    world = ctx.state.world
    proposal = package.propose(world, issues)
    if proposal is None:
        ctx.recorder.say("narrator", "", "no package of trades leaves every party present at least as well off")
        return
    for issue, value in proposal.items():
        before = world.draft[issue]
        if value != before:
            world.draft[issue] = value
            ctx.recorder.change_by(f"draft.{issue}", before, value, cause, value - before)


def _vetoed(ctx: RuleContext, proposal: dict[str, float]) -> bool:
    """Veto single text: a revision stands only if no party at the table finds it worse."""
    world = ctx.state.world
    for party in world.present():
        old = influence.distance(world.draft, party.position, party.salience)
        new = influence.distance(proposal, party.position, party.salience)
        if new > old + 1e-9:
            ctx.recorder.say(
                party.id, voice(ctx, party.id, "rejects"), f"vetoes the revision (distance {old:.0f} -> {new:.0f})"
            )
            return True
    return False


def apply(ctx: RuleContext, compiled: CompiledEffect, cause: Cause, target: str | None) -> None:
    """Apply one effect; ``target`` is the target of the move it belongs to, if any."""
    effect = compiled.effect
    if ctx.recorder.keeps:
        cause = ctx.recorder.noted(cause, effect)
    applier = _PARTY_APPLIERS.get(type(effect))
    world = ctx.state.world
    if applier is not None:
        when = compiled.when
        compromise: Compromise = {}
        parties = select(world, effect.party, target)  # type: ignore[union-attr]
        if when is None:
            for party in parties:
                applier(ctx, effect, party, cause, target, compromise)
            return
        bound = world.parties[target] if target else None
        for party in parties:  # tested in turn: an earlier party's change may open a later one's
            if when.test(Scope(world, bound, party)):
                applier(ctx, effect, party, cause, target, compromise)
        return
    if isinstance(effect, fx.CapitalEffect):
        before = world.capital
        world.capital = influence.clamp(before + effect.delta)
        ctx.recorder.change_by("capital", before, world.capital, cause, world.capital - before)
    elif isinstance(effect, fx.DraftEffect):
        _draft(ctx, effect, cause)
    elif isinstance(effect, fx.FlagEffect):
        before_flag = world.flags[effect.flag]
        if before_flag != effect.value:
            world.flags[effect.flag] = effect.value
            ctx.recorder.change(f"flag.{effect.flag}", before_flag, effect.value, cause)
    elif isinstance(effect, fx.AdvanceEffect):
        advance(ctx, effect.trigger, cause)
    elif isinstance(effect, fx.EventEffect):
        ctx.state.queued.append(effect.event)


def apply_all(ctx: RuleContext, effects: tuple[CompiledEffect, ...], cause: Cause, target: str | None) -> None:
    """Apply effects in order, stopping when one of them ends the game."""
    for effect in effects:
        if ctx.state.ending is not None:
            return
        apply(ctx, effect, cause, target)
