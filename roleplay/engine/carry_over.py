"""A case that carries over from an earlier one starts from how that one ended: the trust,
relations and process values (ownership, duress, inclusion) it left, what its ending does at
the start of this case, and the case's rules on those values ([carry_over])."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from roleplay.engine import influence
from roleplay.engine.causes import Cause
from roleplay.engine.context import RuleContext
from roleplay.engine.effects import apply_all
from roleplay.engine.scores import adjust
from roleplay.engine.world import PartyState
from roleplay.errors import RoleplayError
from roleplay.model.case import CarryOver
from roleplay.model.transcript import Prior, PriorParty


def prior_digest(summary: Mapping[str, Any]) -> Prior:
    """The part of an earlier session's summary that a carry-over reads (kept in the header).
    ``summary`` comes from outside (a file, a save's header): it is checked here."""
    try:
        parties = {str(pid): _party_digest(data) for pid, data in summary["parties"].items()}
        digest: Prior = {"case": str(summary["case"]), "ending": summary.get("ending"), "parties": parties}
        if summary.get("ending_title"):  # summaries written before 2026-11-22 lack it
            digest["ending_title"] = str(summary["ending_title"])
        if summary.get("inclusion") is not None:  # summaries written before 2026-12 lack it
            digest["inclusion"] = float(summary["inclusion"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RoleplayError(f"not the summary of a finished session: {exc}") from None
    for pid, data in parties.items():
        values = [data["trust"], *data["relations"].values(), data.get("ownership", 0.0), data.get("duress", 0.0)]
        for value in values:
            if not 0 <= value <= 100:  # also false for nan
                raise RoleplayError(f"not the summary of a finished session: {pid} has a value out of 0-100")
    if not 0 <= digest.get("inclusion", 0.0) <= 100:
        raise RoleplayError("not the summary of a finished session: inclusion out of 0-100")
    return digest


def _party_digest(data: Mapping[str, Any]) -> PriorParty:
    party: PriorParty = {
        "trust": float(data["trust"]),
        "relations": {str(k): float(v) for k, v in data.get("relations", {}).items()},
    }
    # Summaries written before 2026-12 lack the process values.
    if data.get("ownership") is not None:
        party["ownership"] = float(data["ownership"])
    if data.get("duress") is not None:
        party["duress"] = float(data["duress"])
    return party


def carry_over(ctx: RuleContext, prior: Prior) -> None:
    """Start from the earlier session's values, then apply its ending's effects and the
    case's carry-over rules."""
    case, world = ctx.blueprint.case, ctx.state.world
    carry = case.carry_over
    if carry is None:
        raise RoleplayError(f"case '{case.id}' cannot start from an earlier session: it has no [carry_over]")
    if prior["case"] != carry.from_case:
        raise RoleplayError(f"case '{case.id}' carries over from '{carry.from_case}', not from '{prior['case']}'")
    ended = prior.get("ending_title") or prior["ending"]
    cause = Cause(f"prior:{prior['case']}", "How the earlier session ended", note=str(ended))
    for pid, data in prior["parties"].items():
        party = world.parties.get(pid)
        if party is not None:
            _carry_party(ctx, carry, party, data, cause)
    inclusion = prior.get("inclusion")
    if carry.inclusion and inclusion is not None:
        before = world.inclusion
        world.inclusion = influence.clamp(float(inclusion))
        ctx.recorder.change_by("inclusion", before, world.inclusion, cause, world.inclusion - before)
    compiled = ctx.blueprint.priors.get(str(prior["ending"]))
    if compiled is not None:
        ctx.recorder.say("narrator", compiled.narrative)
        apply_all(ctx, compiled.effects, cause, None)
    apply_all(ctx, ctx.blueprint.carried, cause, None)


def _carry_party(ctx: RuleContext, carry: CarryOver, party: PartyState, data: PriorParty, cause: Cause) -> None:
    if carry.trust:
        adjust(ctx, "trust", party, "trust", float(data["trust"]) - party.trust, cause)
    if carry.relations:
        for other, value in data.get("relations", {}).items():
            if other in party.relations:
                before = party.relations[other]
                adjust(ctx, "relation", party, "relations", float(value) - before, cause, key=other)
    # Every party's process values carry, the government's as much as the movements'.
    ownership, duress = data.get("ownership"), data.get("duress")
    if carry.ownership and ownership is not None:
        adjust(ctx, "ownership", party, "ownership", float(ownership) - party.ownership, cause)
    if carry.duress and duress is not None:
        adjust(ctx, "duress", party, "duress", float(duress) - party.duress, cause)
