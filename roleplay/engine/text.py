"""The single negotiating text: a revision proposed, vetoed or standing, and what the way it
was reached does to the parties' ownership of the process (docs/model.md).

A revision the parties present could veto and that stands means they were consulted: their
ownership rises. An imposed revision that moves the text away from a party is imposed upon
it, whoever it is, the government included (IPI, §The Government's Role in Implementation:
the government "believes that the agreement has been imposed upon them").
"""

from __future__ import annotations

from roleplay.engine import influence, package
from roleplay.engine.causes import Cause
from roleplay.engine.context import RuleContext
from roleplay.engine.knowledge import base_tolerance, estimate
from roleplay.engine.reveal import vetoed
from roleplay.engine.scores import adjust
from roleplay.engine.voice import voice
from roleplay.engine.world import World
from roleplay.model import effects as fx


def revise(ctx: RuleContext, effect: fx.DraftEffect, cause: Cause, scale: float = 1.0) -> None:
    """Propose a revision; write it unless a party present vetoes it (non-imposed only).
    ``scale`` is the diminishing returns of the move: it weakens the ownership a repeated
    consultation gives, not the cost of an imposition (imposing again is no less imposing)."""
    world = ctx.state.world
    proposal = _proposal(ctx, world, effect)
    if proposal is None:
        ctx.recorder.say("narrator", "", "no package of trades leaves every party present at least as well off")
        return
    consulted = bool(world.draft) and not effect.imposed
    if consulted and _vetoed(ctx, proposal):
        return
    baseline = _baseline(world, proposal)
    changed = False
    for issue, value in proposal.items():
        before = world.draft.get(issue, -1.0)
        if value != before:
            changed = True
            world.draft[issue] = value
            ctx.recorder.change_by(f"draft.{issue}", before, value, cause, value - before if before >= 0 else None)
    if not changed:
        return
    if effect.imposed:
        _imposed(ctx, baseline, proposal, cause)
    else:
        _consulted(ctx, scale, cause)


def _proposal(ctx: RuleContext, world: World, effect: fx.DraftEffect) -> dict[str, float] | None:
    """The revision the effect proposes (None: it looked for a package deal and found none)."""
    issues = list(world.issues) if "all" in effect.issues else effect.issues
    if effect.method == "package":  # trades no party present finds worse (engine/package.py)
        return package.propose(world, issues, _believed(ctx, world))
    proposal = dict(world.draft)
    for issue in issues:
        if effect.method == "value" and effect.value is not None:
            proposal[issue] = effect.value
        else:
            point = _compromise(world, issue)
            if point is not None:
                proposal[issue] = point
    return proposal


def _believed(ctx: RuleContext, world: World) -> list[package.Stance]:
    """The parties present as the mediator knows them: each hidden bottom line at the end of its
    estimate the mediator can be sure of (a red line's low end at the top of its estimate, its
    high end at the bottom, the acceptance threshold at its lowest), so that a package it finds
    is one it can vouch for; no truth the trainee has not learnt (docs/model.md, "Package
    deals"). A mediator who has consulted more has narrower estimates and finds more."""
    truth, knowledge = ctx.state.truth, ctx.state.knowledge
    believed = []
    for party in world.present():
        lows = {issue: estimate(truth, knowledge, party, f"red_low.{issue}")[1] for issue in world.issues}
        highs = {issue: estimate(truth, knowledge, party, f"red_high.{issue}")[0] for issue in world.issues}
        tolerance = base_tolerance(world, party) + estimate(truth, knowledge, party, "acceptance")[0]
        believed.append(package.Stance(party.position, party.salience, lows, highs, tolerance))
    return believed


def _compromise(world: World, issue: str) -> float | None:
    return influence.compromise_point((p.position[issue], p.capability, p.salience[issue]) for p in world.present())


def _baseline(world: World, proposal: dict[str, float]) -> dict[str, float]:
    """The text an imposition is measured against: the draft as it stood, and on an issue
    not yet drafted what consulting the parties present would have proposed (the compromise)."""
    baseline: dict[str, float] = {}
    for issue, value in proposal.items():
        old = world.draft.get(issue)
        if old is None:
            old = _compromise(world, issue)
        baseline[issue] = value if old is None else old
    return baseline


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
            vetoed(ctx, party, proposal)  # a refusal tells the mediator something
            return True
    return False


def _consulted(ctx: RuleContext, scale: float, cause: Cause) -> None:
    gain = ctx.blueprint.case.dynamics.consulted * scale
    if gain <= 0:
        return
    rule = cause.with_amount(None, "consulted on the revision")
    for party in ctx.state.world.present():
        adjust(ctx, "ownership", party, "ownership", gain, rule)


def _imposed(ctx: RuleContext, baseline: dict[str, float], proposal: dict[str, float], cause: Cause) -> None:
    per_point = ctx.blueprint.case.dynamics.imposed
    if per_point <= 0:
        return
    for party in ctx.state.world.involved():
        old = influence.distance(baseline, party.position, party.salience)
        new = influence.distance(proposal, party.position, party.salience)
        if new > old + 1e-9:  # the more the text moved away from it, the more it was imposed upon
            why = ctx.recorder.cause(_imposed_cause, cause, old, new)
            adjust(ctx, "ownership", party, "ownership", -per_point * (new - old), why)


def _imposed_cause(cause: Cause, old: float, new: float) -> Cause:
    return cause.with_amount(None, f"the text was imposed on it (distance {old:.0f} -> {new:.0f})")
