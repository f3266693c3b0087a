"""How a game stands (or ended): final values per party, for reports, the command line's
--json and the carry-over to a later case."""

from __future__ import annotations

from typing import TypedDict

from roleplay.engine.blueprint import Blueprint
from roleplay.engine.state import GameState


class PartySummary(TypedDict):
    standing: str
    trust: float
    ownership: float
    duress: float
    accepts: bool
    positions: dict[str, float]
    relations: dict[str, float]


class Summary(TypedDict):
    case: str
    ending: str | None
    ending_title: str | None
    historical: bool
    quality: float | None
    turns: int
    date: str
    phase: str
    capital: float
    draft: dict[str, float]
    inclusion: float
    parties: dict[str, PartySummary]


def summarize(blueprint: Blueprint, state: GameState) -> Summary:
    """Numbers rounded to two decimals, as transcripts show them."""
    world, ending = state.world, state.ending
    return {
        "case": blueprint.case.id,
        "ending": ending.id if ending else None,
        "ending_title": ending.title if ending else None,
        "historical": bool(ending and ending.historical),
        "quality": ending.quality if ending else None,
        "turns": world.turn,
        "date": world.date,
        "phase": world.phase,
        "capital": round(world.capital, 2),
        "draft": {k: round(v, 2) for k, v in world.draft.items()},
        "inclusion": round(world.inclusion, 2),
        "parties": {
            pid: {
                "standing": p.standing,
                "trust": round(p.trust, 2),
                "ownership": round(p.ownership, 2),
                "duress": round(p.duress, 2),
                "accepts": world.accepts(p),
                "positions": {k: round(v, 2) for k, v in p.position.items()},
                "relations": {k: round(v, 2) for k, v in p.relations.items()},
            }
            for pid, p in world.parties.items()
        },
    }
