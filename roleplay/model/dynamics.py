"""The case's tables for the influence model's parameters: acceptance of a text and the
dynamics of a process (diminishing returns, pressure, ownership, duress, inclusion).
Documented in docs/model.md."""

from __future__ import annotations

from pydantic import Field

from roleplay.model.common import Score, Strict


class Acceptance(Strict):
    """How far from its ideal a party accepts a text: base + per_trust x trust + per_ripeness x
    ripeness (ripeness made by pressure counted at pressure_weight) - per_duress x duress
    (docs/model.md). A road map of principles is easier to sign than a final agreement."""

    base: float = Field(
        default=8,
        ge=0,
        le=100,
        description=(
            "Distance from its ideal (salience-weighted points of the 0-100 scale) any party accepts, before trust "
            "and ripeness (default 8)."
        ),
    )
    per_trust: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="Distance accepted per point of trust in the mediator (default 0.2: trust 50 adds 10).",
    )
    per_ripeness: float = Field(
        default=0.15,
        ge=0,
        le=1,
        description="Distance accepted per point of ripeness (default 0.15: ripeness 40 adds 6).",
    )
    pressure_weight: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Share of the ripeness made by pressure that counts toward acceptance (the rest counts fully).",
    )
    per_duress: float = Field(
        default=0.05,
        ge=0,
        le=1,
        description="Tolerance lost per point of duress: consent under pressure breeds resentment.",
    )


class Dynamics(Strict):
    """How a process wears and what it leaves behind (docs/model.md): diminishing returns of
    repeated moves, the cap on pressure, and the process values ownership, duress, inclusion."""

    repeat_decay: float = Field(
        default=0.6,
        ge=0,
        le=1,
        description=(
            "The k-th play of a move with the same target scales its effects by repeat_decay^(k-1) "
            "(a move may override it); 1 disables diminishing returns."
        ),
    )
    pressure_cap: float = Field(
        default=20, ge=0, le=100, description="Most ripeness pressure can add to one party over a whole session."
    )
    duress_per_pressure: float = Field(
        default=30, ge=0, le=100, description="Duress a party gains per unit of pressure strength (strength 1: +30)."
    )
    consulted: float = Field(
        default=4,
        ge=0,
        le=100,
        description="Ownership each party present gains when a revision of the text that it could veto stands.",
    )
    imposed: float = Field(
        default=1,
        ge=0,
        le=10,
        description=(
            "Ownership a party loses per point of distance an imposed revision adds between it and the text "
            "(measured against the text before, or against the compromise on an issue not yet drafted)."
        ),
    )
    inclusion: Score = Field(
        default=50, description="Inclusion of the process at the start (0-100): who is heard and who sits at the table."
    )


__all__ = ["Acceptance", "Dynamics"]
