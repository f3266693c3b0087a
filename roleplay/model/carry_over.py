"""How a case starts from a finished session of an earlier case: what carries over, and what
each earlier ending does at the start (split out of case.py; docs/model.md, carry-over)."""

from __future__ import annotations

from pydantic import Field

from roleplay.model.common import Id, Strict
from roleplay.model.effects import Effect


class PriorEnding(Strict):
    """What an ending of the earlier case does at the start of this one."""

    ending: Id = Field(description="An ending id of the earlier case.")
    narrative: str = Field(
        description="What the trainee reads at the start of this case when the earlier session ended so."
    )
    effects: list[Effect] = Field(
        default_factory=list,
        description="Applied at the start, after the carried values and before [carry_over] effects (default: none).",
    )


class CarryOver(Strict):
    """Lets this case start from the final state of a session of an earlier case, so how an
    agreement was reached weighs on how it is implemented. Without a prior session the case
    starts from its own (historical) values."""

    from_case: Id = Field(description="The id of the earlier case.")
    trust: bool = Field(default=True, description="Carry each shared party's final trust in the mediator.")
    relations: bool = Field(default=True, description="Carry the shared parties' trust in each other.")
    ownership: bool = Field(default=True, description="Carry each shared party's final ownership of the process.")
    duress: bool = Field(default=True, description="Carry each shared party's final duress.")
    inclusion: bool = Field(default=True, description="Carry the final inclusion of the process.")
    endings: list[PriorEnding] = Field(
        default_factory=list,
        description=(
            "What each ending of the earlier case does at the start of this one (an ending not listed does nothing)."
        ),
    )
    effects: list[Effect] = Field(
        default_factory=list,
        description=(
            "Applied after the carried values and the ending's effects, whatever the ending: rules such as "
            'a trust signal for every party with `when = "ownership.party < 35"`, so how a text was '
            "reached weighs on each party's implementation."
        ),
    )


__all__ = ["CarryOver", "PriorEnding"]
