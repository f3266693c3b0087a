"""The negotiating parties: each case party's persona, with the case's overrides merged in,
becomes the PartySpec the engine starts a game from; and the mediators are checked."""

from __future__ import annotations

from roleplay.compile.checks import Checker, suggest
from roleplay.engine.blueprint import PartySpec
from roleplay.errors import Loc
from roleplay.model.persona import Stance


def compile_parties(c: Checker) -> dict[str, PartySpec]:
    """Each negotiating party as the engine starts it; the mediators must be known personas."""
    case = c.case
    c.unique(((p.persona, ("parties", i, "persona")) for i, p in enumerate(case.parties)), "party")
    specs: dict[str, PartySpec] = {}
    for index, party in enumerate(case.parties):
        loc: Loc = ("parties", index)
        c.citations(party.cite, (*loc, "cite"))
        persona = c.personas.get(party.persona)
        if persona is None:
            _unknown_persona(c, (*loc, "persona"), party.persona)
            continue
        if c.no_seat(persona):
            c.error(
                (*loc, "persona"),
                f"persona '{persona.id}' is the {persona.kind.value.replace('_', ' ')}: the trainee plays it, "
                "it cannot sit as a negotiating party; name it as [mediation] lead and remove this [[parties]] entry",
            )
            continue
        if not persona.negotiates:
            kind = persona.kind.value.replace("_", " ")
            c.error(
                (*loc, "persona"),
                f"persona '{persona.id}' is a {kind} and has no seat at the table: list it under [[actors]] "
                "(actors are named in the case's texts but do not negotiate), or give the persona a "
                "negotiating kind (government, armed_coalition or movement)",
            )
            continue
        over = party.overrides
        merged = {**persona.positions, **over.positions}
        stances = {i: merged[i] for i in c.issue_ids if i in merged}
        for issue in c.issue_ids:
            if issue not in stances:
                c.error(
                    loc,
                    f"{persona.id} has no position on issue '{issue}' "
                    "(add it to the persona or to overrides.positions)",
                )
        trust = over.trust or persona.trust
        specs[persona.id] = PartySpec(
            id=persona.id,
            persona=persona,
            standing=party.standing,
            stances=stances,
            trust=trust.mediator,
            relations={o: trust.parties.get(o, 50.0) for o in c.negotiators if o != persona.id},
            ripeness=_pick(over.ripeness, persona.ripeness),
            cohesion=_pick(over.cohesion, persona.cohesion),
            capability=_pick(over.capability, persona.capability),
            temperament=over.temperament or persona.temperament,
            voice=over.voice or persona.voice,
            ownership=party.ownership,
            duress=party.duress,
            uncertainty=party.uncertainty or case.uncertainty,
            aspiration=_aspiration(c, loc, party.aspiration, stances),
        )
    if not specs and not c.shadows:
        c.error(
            ("parties",),
            "a case needs at least one negotiating party (government, armed coalition or movement)",
        )
    _check_actors(c)
    mediation = case.mediation
    for loc, pid in [(("mediation", "lead"), mediation.lead)] + [
        (("mediation", "co_mediators", i), c) for i, c in enumerate(mediation.co_mediators)
    ]:
        if pid not in c.personas:
            _unknown_persona(c, loc, pid)
    c.citations(mediation.cite, ("mediation", "cite"))
    return specs


def _unknown_persona(c: Checker, loc: Loc, pid: str) -> None:
    """One error at a reference to a persona that is not loaded: missing, or broken (its own
    errors are reported in its file; here only where it is used, once)."""
    if pid in c.broken:
        message = c.broken[pid]
        if message is not None:
            c.error(loc, message)
    else:
        c.error(loc, f"unknown persona '{pid}'{suggest(pid, c.personas)}")


def _aspiration(c: Checker, loc: Loc, floors: dict[str, float], stances: dict[str, Stance]) -> dict[str, float]:
    """The chapters one of which the party cannot give up: known issues, each floor no further
    than the party's own position (no party holds out for more than it asks), and at least two
    of them (with one there is nothing to discover: raise that red line instead)."""
    kept: dict[str, float] = {}
    for issue, floor in floors.items():
        where = (*loc, "aspiration", issue)
        stance = stances.get(issue)
        if issue not in c.issue_ids:
            c.error(where, f"unknown issue '{issue}'{suggest(issue, c.issue_ids)}")
        elif stance is not None and floor > stance.position:
            c.error(where, f"{floor:g} lies beyond the party's own position on '{issue}' ({stance.position:g})")
        else:
            kept[issue] = floor
    if len(floors) == 1:
        c.error((*loc, "aspiration"), "name at least two chapters: with one, raise that red line instead")
    return kept


def _pick(override: float | None, default: float) -> float:
    return default if override is None else override


def _check_actors(c: Checker) -> None:
    """Actors are known personas without a seat: a negotiating one belongs under [[parties]]."""
    for index, actor in enumerate(c.case.actors):
        loc: Loc = ("actors", index, "persona")
        c.citations(actor.cite, ("actors", index, "cite"))
        persona = c.personas.get(actor.persona)
        if persona is None:
            _unknown_persona(c, loc, actor.persona)
        elif persona.negotiates:
            c.error(loc, f"persona '{persona.id}' negotiates ({persona.kind.value}): list it under [[parties]]")
