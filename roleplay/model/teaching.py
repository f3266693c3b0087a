"""What a case teaches: the debrief's rubric (its fundamentals, each with outcome and process
terms) and the lessons of the sources."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from roleplay.model.common import Citations, ConditionText, Id, Score, Strict


class RubricTerm(Strict):
    """An outcome or process term of a fundamental, read from the state at the end of the game:
    ``points`` x (value - baseline)/100 for a ``value`` (a number name of the condition language,
    e.g. 'trust.lowest' or 'ownership.coordination'), or ``points`` when ``when`` holds."""

    label: str = Field(description="What the term measures, as the debrief shows it.")
    value: str | None = Field(default=None, max_length=120, description="A number name (0-100 scale).")
    baseline: Score = Field(default=0, description="The value that adds nothing (below it, the term takes away).")
    when: ConditionText | None = Field(
        default=None,
        description=(
            "A condition in the safe expression language (docs/authoring.md), read at the end: the term adds its "
            "points when it holds (instead of a value)."
        ),
    )
    points: float = Field(ge=-10, le=10, description="Its weight: what the term adds at value 100 (or when it holds).")
    cite: Citations = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_reading(self) -> RubricTerm:
        if (self.value is None) == (self.when is None):
            raise ValueError("a rubric term has either a value or a when, not both or neither")
        return self


class Fundamental(Strict):
    """One criterion of the debrief's rubric, e.g. a fundamental of the UN Guidance for
    Effective Mediation (preparedness, consent, impartiality, inclusivity, ...). Its score is
    the process (the marks of moves and choices, with diminishing returns) plus its outcome
    terms read at the end."""

    id: Id
    name: str = Field(description="The criterion's name as the debrief shows it, e.g. 'Inclusivity'.")
    description: str = Field(description="What the criterion asks of a mediator, in a sentence or two.")
    cite: Citations = Field(min_length=1)
    terms: list[RubricTerm] = Field(default_factory=list, description="Outcome and process terms read at the end.")


class Lesson(Strict):
    """Debrief material: a challenge of the real process, a lesson drawn from it, or context."""

    kind: Literal["challenge", "lesson", "context"] = Field(
        description="'challenge' (a difficulty of the real process), 'lesson' (what was learnt from it) or 'context'."
    )
    title: str = Field(description="A short heading for the debrief.")
    text: str = Field(description="The material itself, in a paragraph.")
    cite: Citations = Field(min_length=1)
