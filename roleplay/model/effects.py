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

    kind: Literal["trust"] = Field(description="Which effect: 'trust'.")
    signal: Signal


class RelationEffect(_PartyEffect):
    """A signal on the party's trust in another party."""

    kind: Literal["relation"] = Field(description="Which effect: 'relation'.")
    toward: PartySelector = Field(
        description=(
            "Whose trust is moved: the affected party's trust in this party ('target', 'all', 'others' or a party id)."
        )
    )
    signal: Signal


class PersuadeEffect(_PartyEffect):
    """Moves the party's position toward a point, by a share scaled by trust and salience."""

    kind: Literal["persuade"] = Field(description="Which effect: 'persuade'.")
    issue: str = Field(description="An issue id or 'all'.")
    toward: str | Score = Field(
        description="'draft', 'compromise' (weighted centre of the parties), a party id, or a point (0-100)."
    )
    strength: Share


class ShiftEffect(_PartyEffect):
    """Moves the party's position on an issue by a fixed amount (battlefield, outside events)."""

    kind: Literal["shift"] = Field(description="Which effect: 'shift'.")
    issue: str = Field(description="An issue id or 'all'.")
    delta: float = Field(
        ge=-100,
        le=100,
        description=(
            "Points added to the position on the issue's 0-100 scale (negative: toward 0); it stays inside the red "
            "line."
        ),
    )


class SalienceEffect(_PartyEffect):
    kind: Literal["salience"] = Field(description="Which effect: 'salience'.")
    issue: str = Field(description="An issue id or 'all'.")
    delta: float = Field(
        ge=-100,
        le=100,
        description="Points added to the party's salience of the issue (0-100 scale; negative: it matters less).",
    )


class RedLineEffect(_PartyEffect):
    """Widens (positive) or narrows (negative) the party's red line on an issue."""

    kind: Literal["red_line"] = Field(description="Which effect: 'red_line'.")
    issue: str = Field(description="An issue id or 'all'.")
    widen: float = Field(
        ge=-100,
        le=100,
        description=(
            "Points each end of the red line moves outward (negative: inward, never past the party's position), on "
            "the issue's 0-100 scale."
        ),
    )


class ScoreEffect(_PartyEffect):
    """Adds to one of the party's scores."""

    kind: Literal["ripeness", "cohesion", "capability"] = Field(
        description="Which effect, and the score it adds to: 'ripeness', 'cohesion' or 'capability'."
    )
    delta: float = Field(ge=-100, le=100, description="Points added to the score (0-100 scale; negative: taken away).")


class PressureEffect(_PartyEffect):
    """Pressure or a deadline: ripeness up, resentment by temperament, a risk of walking out."""

    kind: Literal["pressure"] = Field(description="Which effect: 'pressure'.")
    strength: Share


class OwnershipEffect(_PartyEffect):
    """Adds to the party's ownership of the process (0-100): consulted raises it, imposed
    upon lowers it. The engine also moves it by rule when the text is revised (docs/model.md)."""

    kind: Literal["ownership"] = Field(description="Which effect: 'ownership'.")
    delta: float = Field(ge=-100, le=100, description="Points of ownership added (negative: taken away).")


class StandingEffect(_PartyEffect):
    """Changes a party's standing through its state machine (ignored when not allowed)."""

    kind: Literal["standing"] = Field(description="Which effect: 'standing'.")
    action: StandingAction = Field(
        description=(
            "The change: 'join' (outside to the table), 'consult' (its base), 'boycott', 'walk_out', 'return', "
            "'initial', 'sign' (once initialled) or 'exclude' (back outside)."
        )
    )


#: What a party's bottom lines are made of, as a reveal effect names them.
Aspect = Literal["red_lines", "acceptance", "temperament"]


def _red_lines_and_acceptance() -> list[Aspect]:
    return ["red_lines", "acceptance"]


class RevealEffect(_PartyEffect):
    """The mediator learns more of the party's true bottom lines (docs/model.md, bottom
    lines): each estimate narrows by ``strength`` around the truth, and the party tells how it
    judges the text on the table (which values cross its red lines, whether it could sign)."""

    kind: Literal["reveal"] = Field(description="Which effect: 'reveal'.")
    what: list[Aspect] = Field(
        default_factory=_red_lines_and_acceptance, min_length=1, description="What the move reveals."
    )
    strength: Share = Field(default=0.3, description="Share of the remaining uncertainty removed.")


class CapitalEffect(Strict):
    """Adds to (or spends) the mediator's political capital."""

    kind: Literal["capital"] = Field(description="Which effect: 'capital'.")
    delta: float = Field(
        ge=-100,
        le=100,
        description=(
            "Points of political capital added (negative: spent); capital gained wears with repetition, capital "
            "spent does not."
        ),
    )
    note: str | None = Field(default=None, description="Why, in a few words; shown when the trainee asks why.")


class InclusionEffect(Strict):
    """Adds to the inclusion of the process (0-100, one value for the whole talks): who was
    heard and who sat at the table (civil society, women, the regions, the splinter groups)."""

    kind: Literal["inclusion"] = Field(description="Which effect: 'inclusion'.")
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

    kind: Literal["draft"] = Field(description="Which effect: 'draft'.")
    issues: list[str] = Field(default_factory=lambda: ["all"], description="Issue ids, or ['all'].")
    method: Literal["compromise", "value", "package"] = Field(
        default="compromise",
        description=(
            "'compromise': the weighted centre of the parties at the table; 'value': the value given; "
            "'package': trades across issues on the parties' saliences that leave nobody at the table "
            "worse off and bring the most parties to accept (the text stays if there is none)."
        ),
    )
    value: float | None = Field(
        default=None, ge=0, le=100, description="The value written on each drafted issue (0-100), for method = 'value'."
    )
    imposed: bool = Field(
        default=False,
        description=(
            "True: the revision stands even if a party finds it worse (no veto), at a cost in ownership ([dynamics] "
            "imposed); default false."
        ),
    )
    note: str | None = Field(default=None, description="Why, in a few words; shown when the trainee asks why.")


class FlagEffect(Strict):
    kind: Literal["flag"] = Field(description="Which effect: 'flag'.")
    flag: Id = Field(description="The id of a flag declared in [[flags]].")
    value: bool = Field(default=True, description="The value the flag takes (default true).")
    note: str | None = Field(default=None, description="Why, in a few words; shown when the trainee asks why.")


class AdvanceEffect(Strict):
    """Fires a trigger of the phase graph; nothing happens if no transition allows it now."""

    kind: Literal["advance"] = Field(description="Which effect: 'advance'.")
    trigger: Id = Field(
        description="A trigger of [[transitions]]; the first transition with it open from the current phase is taken."
    )
    note: str | None = Field(default=None, description="Why, in a few words; shown when the trainee asks why.")


class EventEffect(Strict):
    """Makes an event happen at the end of this turn."""

    kind: Literal["event"] = Field(description="Which effect: 'event'.")
    event: Id = Field(description="The id of an event of the case; it happens at the end of this turn.")
    note: str | None = Field(default=None, description="Why, in a few words; shown when the trainee asks why.")


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
