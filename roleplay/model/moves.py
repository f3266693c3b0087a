"""What the trainee does and what happens to the talks: the moves with their costs and
outcomes, and the events with the mediator's possible responses (split out of case.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from roleplay.model.common import Citations, ConditionText, Id, IsoDate, Strict
from roleplay.model.effects import Effect

Factor = Literal["trust", "ripeness", "cohesion"]
#: Bounds of a draw's weights: a sum of weights stays finite and every chance a number.
WEIGHT_MIN = 0.001
WEIGHT_MAX = 1_000_000
RubricMarks = Annotated[
    dict[Id, Annotated[int, Field(ge=-2, le=2)]],
    Field(
        description=(
            "How this supports (+1, +2) or undermines (-1, -2) each fundamental of the rubric, "
            "by rubric id. The debrief counts the k-th play of the same move (or choice) as mark / k: "
            "repetition shows less and less (docs/model.md, the rubric)."
        )
    ),
]


class Cost(Strict):
    days: int = Field(
        default=0, ge=0, le=365, description="Days the move takes: the date moves on by this much (0-365, default 0)."
    )
    capital: float = Field(
        default=0,
        ge=0,
        le=100,
        description="Political capital spent (0-100, default 0); the move cannot be played with less capital left.",
    )


class Outcome(Strict):
    """One possible result of a move, drawn by weight with the session's generator."""

    id: Id
    label: str = Field(
        description=(
            "A few words for the result, e.g. 'the delegation feels heard'; shown with its chance and as the cause "
            "in why?."
        )
    )
    weight: float = Field(
        default=1,
        ge=WEIGHT_MIN,
        le=WEIGHT_MAX,
        description="Relative weight of the draw (0.001 to 1,000,000: larger would make the chances overflow).",
    )
    favoured_by: list[Factor] = Field(default_factory=list, description="Weight x (0.5 + value/100).")
    hindered_by: list[Factor] = Field(default_factory=list, description="Weight x (1.5 - value/100).")
    when: ConditionText | None = Field(
        default=None,
        description=(
            "A condition in the safe expression language (docs/authoring.md), tested with the move's target bound: "
            "the outcome can be drawn only while it holds (default: always)."
        ),
    )
    reaction: Literal["accepts", "rejects", "protests", "walks_out", "consults"] | None = Field(
        default=None,
        description=(
            "The target (or every party present, for a move without one) answers with a line of its voice of this "
            "kind; none: silence. Changes no standing."
        ),
    )
    narrative: str = Field(description="What the trainee reads when this outcome is drawn.")
    effects: list[Effect] = Field(
        default_factory=list,
        description="Applied after the move's own effects, scaled like them by diminishing returns (default: none).",
    )


class Move(Strict):
    """A mediator move the trainee can choose."""

    id: Id
    name: str = Field(description="The move's name as the trainee picks it, e.g. 'Proximity talks'.")
    summary: str = Field(description="One line shown beside the move.")
    teaching: str = Field(description="A one-line teaching note.")
    cite: Citations = Field(min_length=1)
    target: Literal["none", "one", "all"] = Field(
        default="none",
        description=(
            "'one': the trainee picks a party (from targets), named 'target' in conditions and effects; 'all' "
            "(addressed to every party at once) and 'none' (the default: to no party in particular) take no target, "
            "so their effects name parties with 'all', 'others' or a party id."
        ),
    )
    targets: list[Id] | None = Field(default=None, description="Eligible targets (default: every party).")
    available: ConditionText = Field(
        default="true",
        description=(
            "A condition in the safe expression language (docs/authoring.md): the move can be played only while it "
            "holds; in a one-target move 'target' names the target, e.g. \"standing.target != 'outside'\" "
            "(default: always)."
        ),
    )
    cost: Cost = Field(
        default_factory=Cost,
        description="Days and political capital the move takes, paid before its effects (default: nothing).",
    )
    max_uses: int | None = Field(
        default=None,
        ge=1,
        le=10_000,
        description="How many times the move can be played in a session, whatever the target (default: no limit).",
    )
    repeat_decay: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description=(
            "Diminishing returns of this move: its k-th play with the same target scales its effects "
            "by repeat_decay^(k-1); 1 disables. Default: [dynamics] repeat_decay."
        ),
    )
    excludes: float = Field(
        default=0, ge=0, le=1, description="How left out the other parties feel (one-target moves)."
    )
    narrative: str = Field(
        default="",
        description=(
            "What the lead mediator says or does when the move is played, before its outcome (default: nothing)."
        ),
    )
    effects: list[Effect] = Field(
        default_factory=list,
        description="Applied every time the move is played, before an outcome is drawn (default: none).",
    )
    outcomes: list[Outcome] = Field(
        default_factory=list,
        description=(
            "Possible results, one drawn by weight each time the move is played (default: none, the move's effects "
            "only)."
        ),
    )
    rubric: RubricMarks = Field(default_factory=dict)
    good_practice: bool = Field(
        default=False,
        description=(
            "The sources present this move as good mediation practice (confidence building, inclusion, "
            "consultation, direct talks...); its own citations should say so. `roleplay probe`'s cynical "
            "policy avoids these moves. Changes nothing in play."
        ),
    )

    @model_validator(mode="after")
    def _targets_need_a_target(self) -> Move:
        """A list of eligible targets on a move that takes none would be ignored without a word."""
        if self.targets is not None and self.target != "one":
            raise ValueError(
                f"targets apply only to a move with target = 'one' (this move's target is '{self.target}')"
            )
        return self


class Choice(Strict):
    id: Id
    label: str = Field(description="The response as the trainee picks it, e.g. 'Condemn the attack publicly'.")
    narrative: str = Field(
        default="", description="What the lead mediator says or does when this response is chosen (default: nothing)."
    )
    historical: bool = Field(
        default=False,
        description="True for the response the real mediators gave: the history strategy picks it (default false).",
    )
    effects: list[Effect] = Field(
        default_factory=list,
        description="Applied when this response is chosen, never scaled by diminishing returns (default: none).",
    )
    cite: Citations = Field(default_factory=list)
    rubric: RubricMarks = Field(default_factory=dict)


class Event(Strict):
    """Something that happens to the mediator: scheduled, conditional or random."""

    id: Id
    title: str = Field(
        description="The event's headline, e.g. 'Fighting in Menaka'; the story shows 'title: narrative'."
    )
    narrative: str = Field(
        description="What happened, as the trainee reads it; begin an invented event's with '(counterfactual)'."
    )
    cite: Citations = Field(min_length=1)
    date: IsoDate | None = Field(default=None, description="Happens once this date is reached.")
    turn: int | None = Field(default=None, ge=1, le=10_000, description="Happens at the end of this turn.")
    when: ConditionText | None = Field(default=None, description="Happens (or may happen) only while this holds.")
    weight: float | None = Field(
        default=None,
        ge=WEIGHT_MIN,
        le=WEIGHT_MAX,
        description="In the random pool with this weight (0.001 to 1,000,000).",
    )
    once: bool = Field(
        default=True,
        description=(
            "True (default): the event happens at most once; false: it happens again at the end of every turn its "
            "date, turn and condition still allow (a random event: each time it is drawn)."
        ),
    )
    counterfactual: bool = Field(
        default=False,
        description=(
            "True for an event invented for training that did not happen: a session replaying "
            "history (events = 'historical', the history strategy) never fires it."
        ),
    )
    effects: list[Effect] = Field(
        default_factory=list,
        description="Applied when the event happens, never scaled by diminishing returns (default: none).",
    )
    choices: list[Choice] = Field(default_factory=list, description="The mediator's possible responses.")

    @model_validator(mode="after")
    def _one_schedule(self) -> Event:
        modes = [m for m in ("date", "turn", "weight") if getattr(self, m) is not None]
        if len(modes) > 1:
            raise ValueError(f"an event is scheduled by one of date, turn or weight, not {' and '.join(modes)}")
        if not modes and self.when is None:
            raise ValueError("an event needs date, turn, weight or when")
        return self


__all__ = ["Choice", "Cost", "Event", "Move", "Outcome"]
