"""A case that carries over from an earlier one starts from how that one ended: the trust
and relations it left, and what its ending does at the start of this case ([carry_over])."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from roleplay.engine.causes import Cause
from roleplay.engine.context import RuleContext
from roleplay.engine.effects import adjust, apply_all
from roleplay.errors import RoleplayError
from roleplay.model.transcript import Prior, PriorParty


def prior_digest(summary: Mapping[str, Any]) -> Prior:
    """The part of an earlier session's summary that a carry-over reads (kept in the header).
    ``summary`` comes from outside (a file, a save's header): it is checked here."""
    try:
        parties: dict[str, PriorParty] = {
            str(pid): {
                "trust": float(data["trust"]),
                "relations": {str(k): float(v) for k, v in data.get("relations", {}).items()},
            }
            for pid, data in summary["parties"].items()
        }
        digest: Prior = {"case": str(summary["case"]), "ending": summary.get("ending"), "parties": parties}
        if summary.get("ending_title"):  # summaries written before 2026-11-22 lack it
            digest["ending_title"] = str(summary["ending_title"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RoleplayError(f"not the summary of a finished session: {exc}") from None
    for pid, data in parties.items():
        for value in (data["trust"], *data["relations"].values()):
            if not 0 <= value <= 100:  # also false for nan
                raise RoleplayError(f"not the summary of a finished session: {pid} has a value out of 0-100")
    return digest


def carry_over(ctx: RuleContext, prior: Prior) -> None:
    """Start from the earlier session's trust and relations, then apply its ending's effects."""
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
        if party is None:
            continue
        if carry.trust:
            adjust(ctx, "trust", party, "trust", float(data["trust"]) - party.trust, cause)
        if carry.relations:
            for other, value in data.get("relations", {}).items():
                if other in party.relations:
                    before = party.relations[other]
                    adjust(ctx, "relation", party, "relations", float(value) - before, cause, key=other)
    compiled = ctx.blueprint.priors.get(str(prior["ending"]))
    if compiled is not None:
        ctx.recorder.say("narrator", compiled.narrative)
        apply_all(ctx, compiled.effects, cause, None)
