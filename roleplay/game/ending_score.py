"""The parts of an ending's score that can be computed honestly from the final state today:
the named ending's quality, each party's distance to the final text, who accepts it, its
trust, ownership and duress, and the talks' inclusion. One function, so that the continuous
score of issue 11 (branch ``rubric``) can take its place without touching its callers
(`roleplay run --json`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from roleplay.engine.session import Session


def ending_score(session: Session) -> dict[str, Any]:
    """The ending's quality (None before an ending) and the final state's parts: per party in
    the talks its distance to the text (None without a text), whether it accepts it and its
    trust, ownership and duress; then how many accept, the mean trust and the talks'
    inclusion. Numbers to two decimals."""
    world, ending = session.world, session.ending
    involved = world.involved()
    parties = {
        p.id: {
            "distance": round(world.distance(p), 2) if world.draft else None,
            "accepts": world.accepts(p),
            "trust": round(p.trust, 2),
            "ownership": round(p.ownership, 2),
            "duress": round(p.duress, 2),
        }
        for p in involved
    }
    return {
        "method": "interim: the ending's authored quality; the parts are reported, not combined",
        "quality": ending.quality if ending else None,
        "parties": parties,
        "accepting": sum(1 for p in parties.values() if p["accepts"]),
        "of": len(parties),
        "mean_trust": round(sum(p.trust for p in involved) / len(involved), 2) if involved else None,
        "inclusion": round(world.inclusion, 2),
    }
