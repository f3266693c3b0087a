"""The case's weights of the agreement score (roleplay/engine/scoring.py, docs/model.md)."""

from __future__ import annotations

from pydantic import Field, model_validator

from roleplay.model.common import ConditionText, Strict


class Scoring(Strict):
    """The weights of the agreement score's parts (docs/model.md, the agreement score). Each
    part is on a 0-100 scale; the score is their weighted mean."""

    content: float = Field(default=0.3, ge=0, le=10, description="How close the text is to each party's interests.")
    pareto: float = Field(default=0.1, ge=0, le=10, description="How little a package could improve it for all.")
    inclusion: float = Field(default=0.2, ge=0, le=10, description="Who was heard and seated.")
    ownership: float = Field(default=0.2, ge=0, le=10, description="Consulted rather than imposed upon.")
    durability: float = Field(default=0.2, ge=0, le=10, description="Accepted, and not signed under duress.")
    signed: ConditionText | None = Field(
        default=None,
        description=(
            "Who the agreement binds, tested for each party as 'party', e.g. \"accepts.party and "
            "phase == 'signed_road_map'\" for a case whose signing is its ending. Default: the parties "
            "whose standing is (or was) 'signed'. The score is its parts' mean times their capability share."
        ),
    )

    void: ConditionText | None = Field(
        default=None,
        description="When this holds the agreement binds nobody (coverage 0), e.g. 'flag.war' once the war resumes.",
    )

    @model_validator(mode="after")
    def _some_weight(self) -> Scoring:
        if not any((self.content, self.pareto, self.inclusion, self.ownership, self.durability)):
            raise ValueError("at least one weight must be positive")
        return self


__all__ = ["Scoring"]
