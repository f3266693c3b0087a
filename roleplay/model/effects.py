"""Effects: what a move, an outcome, an event or a choice does to the world.

Each effect is a TOML table with a ``kind``; the kind selects the fields (a discriminated
union, so a wrong field gives one clear error). ``party`` selects who is affected:
``"target"`` (the move's target), ``"all"`` (every negotiating party not outside the
talks), ``"others"`` (all but the target) or a party id. An optional ``when`` condition is
checked for each affected party, with ``party`` naming it (``accepts.party``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from roleplay.model.common import ConditionText, Id, Score, Share, Signal, Strict

PartySelector = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_]*$",
        description="'target', 'all', 'others' or a party id.",
    ),
]
StandingAction = Literal["join", "consult", "boycott", "walk_out", "return", "initial", "sign", "exclude"]


class _PartyEffect(Strict):
    party: PartySelector = "target"
    when: ConditionText | None = Field(default=None, description="Apply only to parties for which this holds.")
    note: str | None = Field(default=None, description="Why, in a few words; shown when the trainee asks why.")


class TrustEffect(_PartyEffect):
    """A perceived-fairness signal; trust moves by the asymmetric update of docs/model.md."""

    kind: Literal["trust"]
    signal: Signal


class RelationEffect(_PartyEffect):
    """A signal on the party's trust in another party."""

    kind: Literal["relation"]
    toward: PartySelector
    signal: Signal


class PersuadeEffect(_PartyEffect):
    """Moves the party's position toward a point, by a share scaled by trust and salience."""

    kind: Literal["persuade"]
    issue: str = Field(description="An issue id or 'all'.")
    toward: str | Score = Field(
        description="'draft', 'compromise' (weighted centre of the parties), a party id, or a point (0-100)."
    )
    strength: Share


class ShiftEffect(_PartyEffect):
    """Moves the party's position on an issue by a fixed amount (battlefield, outside events)."""

    kind: Literal["shift"]
    issue: str = Field(description="An issue id or 'all'.")
    delta: float = Field(ge=-100, le=100)


class SalienceEffect(_PartyEffect):
    kind: Literal["salience"]
    issue: str = Field(description="An issue id or 'all'.")
    delta: float = Field(ge=-100, le=100)


class RedLineEffect(_PartyEffect):
    """Widens (positive) or narrows (negative) the party's red line on an issue."""

    kind: Literal["red_line"]
    issue: str = Field(description="An issue id or 'all'.")
    widen: float = Field(ge=-100, le=100)


class ScoreEffect(_PartyEffect):
    """Adds to one of the party's scores."""

    kind: Literal["ripeness", "cohesion", "capability"]
    delta: float = Field(ge=-100, le=100)


class PressureEffect(_PartyEffect):
    """Pressure or a deadline: ripeness up, resentment by temperament, a risk of walking out."""

    kind: Literal["pressure"]
    strength: Share


class OwnershipEffect(_PartyEffect):
    """Adds to the party's ownership of the process (0-100): consulted raises it, imposed
    upon lowers it. The engine also moves it by rule when the text is revised (docs/model.md)."""

    kind: Literal["ownership"]
    delta: float = Field(ge=-100, le=100, description="Points of ownership added (negative: taken away).")


class StandingEffect(_PartyEffect):
    """Changes a party's standing through its state machine (ignored when not allowed)."""

    kind: Literal["standing"]
    action: StandingAction


#: What a party's bottom lines are made of, as a reveal effect names them.
Aspect = Literal["red_lines", "acceptance", "temperament"]


def _red_lines_and_acceptance() -> list[Aspect]:
    return ["red_lines", "acceptance"]


class RevealEffect(_PartyEffect):
    """The mediator learns more of the party's true bottom lines (docs/model.md, bottom
    lines): each estimate narrows by ``strength`` around the truth, and the party tells how it
    judges the text on the table (which values cross its red lines, whether it could sign)."""

    kind: Literal["reveal"]
    what: list[Aspect] = Field(
        default_factory=_red_lines_and_acceptance, min_length=1, description="What the move reveals."
    )
    strength: Share = Field(default=0.3, description="Share of the remaining uncertainty removed.")


class CapitalEffect(Strict):
    """Adds to (or spends) the mediator's political capital."""

    kind: Literal["capital"]
    delta: float = Field(ge=-100, le=100)
    note: str | None = None


class InclusionEffect(Strict):
    """Adds to the inclusion of the process (0-100, one value for the whole talks): who was
    heard and who sat at the table (civil society, women, the regions, the splinter groups)."""

    kind: Literal["inclusion"]
    delta: float = Field(ge=-100, le=100, description="Points of inclusion added (negative: taken away).")
    note: str | None = Field(default=None, description="Why, in a few words; shown when the trainee asks why.")


class DraftEffect(Strict):
    """Writes the single negotiating text on some issues.

    ``method = "compromise"`` proposes the capability- and salience-weighted centre of the
    parties at the table; ``method = "value"`` writes ``value``; ``method = "package"`` searches
    for a package deal: trades across the drafted issues, on the parties' different saliences,
    that leave no party at the table worse off and bring the most parties to accept (none: the
    text stays). Unless ``imposed``, a revision replaces the text only if no party at the table
    finds it worse (veto single text).
    """

    kind: Literal["draft"]
    issues: list[str] = Field(default_factory=lambda: ["all"], description="Issue ids, or ['all'].")
    method: Literal["compromise", "value", "package"] = Field(
        default="compromise",
        description=(
            "'compromise': the weighted centre of the parties at the table; 'value': the value given; "
            "'package': trades across issues on the parties' saliences that leave nobody at the table "
            "worse off and bring the most parties to accept (the text stays if there is none)."
        ),
    )
    value: float | None = Field(default=None, ge=0, le=100)
    imposed: bool = False
    note: str | None = None


class FlagEffect(Strict):
    kind: Literal["flag"]
    flag: Id
    value: bool = True
    note: str | None = None


class AdvanceEffect(Strict):
    """Fires a trigger of the phase graph; nothing happens if no transition allows it now."""

    kind: Literal["advance"]
    trigger: Id
    note: str | None = None


class EventEffect(Strict):
    """Makes an event happen at the end of this turn."""

    kind: Literal["event"]
    event: Id
    note: str | None = None


Effect = Annotated[
    TrustEffect
    | RelationEffect
    | PersuadeEffect
    | ShiftEffect
    | SalienceEffect
    | RedLineEffect
    | ScoreEffect
    | PressureEffect
    | OwnershipEffect
    | StandingEffect
    | RevealEffect
    | CapitalEffect
    | InclusionEffect
    | DraftEffect
    | FlagEffect
    | AdvanceEffect
    | EventEffect,
    Field(discriminator="kind"),
]
PARTY_EFFECTS = (
    TrustEffect,
    RelationEffect,
    PersuadeEffect,
    ShiftEffect,
    SalienceEffect,
    RedLineEffect,
    ScoreEffect,
    PressureEffect,
    OwnershipEffect,
    StandingEffect,
    RevealEffect,
)
