"""The case format: one training scenario (scenarios/*.toml).

The models document the format: ``roleplay schema case`` prints them as JSON Schema.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from roleplay.model.common import (
    Citations,
    ConditionText,
    Id,
    IsoDate,
    Score,
    ScorePair,
    SourceId,
    Strict,
)
from roleplay.model.dynamics import Acceptance, Dynamics
from roleplay.model.effects import Effect
from roleplay.model.history import GoldenPath, GoldenPaths, History, HistoryStep
from roleplay.model.moves import Choice, Cost, Event, Move, Outcome
from roleplay.model.persona import Stance, Temperament, TrustBaseline, Voice
from roleplay.model.scoring import Scoring
from roleplay.model.teaching import Fundamental, Lesson, RubricTerm

Difficulty = Literal["introductory", "intermediate", "advanced"]
Role = Literal["party", "lead_mediator", "co_mediator", "civil_society", "spoiler"]
Standing = Literal["outside", "at_table", "consulting", "boycotting", "walked_out", "initialled", "signed"]


class Source(Strict):
    id: SourceId
    title: str
    author: str
    publisher: str
    date: str = Field(description="Publication date as the source gives it.")
    file: str | None = Field(default=None, description="File name of the text in the seeds folder.")
    url: str | None = None


class Anchor(Strict):
    at: Score
    label: str


class Issue(Strict):
    """An issue on a 0-100 spectrum with named anchors, e.g. unitary state ... federal Azawad."""

    id: Id
    name: str
    description: str
    anchors: list[Anchor] = Field(min_length=2)
    cite: Citations = Field(min_length=1)


class PersonaOverrides(Strict):
    """Per-case changes to a persona; anything left out comes from the persona file."""

    positions: dict[Id, Stance] = Field(default_factory=dict)
    capability: Score | None = None
    cohesion: Score | None = None
    ripeness: Score | None = None
    trust: TrustBaseline | None = None
    temperament: Temperament | None = None
    voice: Voice | None = None


class Uncertainty(Strict):
    """How far a party's true bottom lines may lie from the sourced values (docs/model.md,
    bottom lines). Each session draws the truth uniformly within +/- these spreads from its
    seed; the trainee starts from the sourced values +/- the spreads and learns more as the
    mediation reveals them. 0 everywhere keeps the sourced values exactly (and known)."""

    red_line: float = Field(
        default=10,
        ge=0,
        le=50,
        description=(
            "Spread of each end of each red line, in points of the issue's 0-100 scale. "
            "An end at 0 or 100 (no limit on that side) stays where it is."
        ),
    )
    acceptance: float = Field(
        default=4,
        ge=0,
        le=50,
        description="Spread of each party's acceptance threshold (added to [acceptance] base), in points of distance.",
    )
    temperament: float = Field(
        default=10, ge=0, le=50, description="Spread of each temperament value (pressure, exclusion, ...)."
    )


class Party(Strict):
    persona: Id = Field(description="A persona id; it is also the party's id in conditions.")
    standing: Standing = Field(
        default="at_table", description="Standing at the start ('outside' for groups not yet admitted)."
    )
    overrides: PersonaOverrides = Field(default_factory=PersonaOverrides)
    ownership: Score = Field(
        default=50,
        description="Ownership of the process at the start (0-100): consulted (high) or imposed upon (low).",
    )
    duress: Score = Field(
        default=0, description="Duress at the start (0-100): how much of its consent so far was given under pressure."
    )
    uncertainty: Uncertainty | None = Field(
        default=None, description="This party's spreads of its bottom lines (default: the case's [uncertainty])."
    )
    cite: Citations = Field(default_factory=list)


class Mediation(Strict):
    """The trainee's side: the lead mediator, the college of co-mediators and their resources."""

    lead: Id = Field(description="Persona id of the lead mediator the trainee plays.")
    co_mediators: list[Id] = Field(default_factory=list)
    mandate: str
    capital: Score = Field(default=100, description="Political capital at the start.")
    cite: Citations = Field(min_length=1)


class Clock(Strict):
    start: IsoDate
    end: IsoDate = Field(description="When time runs out the session ends with timeout_ending.")
    timeout_ending: Id
    max_turns: int = Field(default=200, ge=1, le=10_000)
    random_event_chance: float = Field(default=0.2, ge=0, le=1, description="Chance per turn of one random event.")

    @model_validator(mode="after")
    def _ordered(self) -> Clock:
        if self.end <= self.start:
            raise ValueError("end must come after start")
        return self


class Phase(Strict):
    """A state of the phase graph; phases nest (negotiation phases, implementation crises)."""

    id: Id
    name: str
    summary: str
    date: str | None = Field(default=None, description="When it happened, as the sources give it.")
    history: str | None = Field(default=None, description="What really happened, for the debrief.")
    cite: Citations = Field(min_length=1)
    initial: Id | None = Field(default=None, description="Child entered first (default: the first child).")
    phases: list[Phase] = Field(default_factory=list, description="Nested child phases.")


class Transition(Strict):
    """An edge of the phase graph. Without a trigger it fires by itself when ``when`` holds."""

    source: Literal["*"] | Id | list[Id] = Field(description="Phase id(s) it leaves from, or '*' for any.")
    dest: Id = Field(description="A phase id or an ending id.")
    trigger: Id | None = Field(default=None, description="Fired by a move's 'advance' effect; none: automatic.")
    when: ConditionText = "true"
    label: str
    cite: Citations = Field(default_factory=list)


class DebriefNote(Strict):
    text: str
    cite: Citations = Field(min_length=1)


class Ending(Strict):
    id: Id
    title: str
    narrative: str
    historical: bool = Field(default=False, description="True for what really happened.")
    quality: Score = Field(description="How good an outcome for a lasting peace (0-100).")
    when: ConditionText | None = Field(default=None, description="Reached from any phase when this holds.")
    band: ScorePair | None = Field(
        default=None,
        description=(
            "[low, high): the agreement score (docs/model.md) this ending stands for. A transition "
            "into the ending (and its own `when`) is open only while agreement.score lies in the band, "
            "so transitions with the same trigger listed best first pick the band's ending."
        ),
    )
    debrief: list[DebriefNote] = Field(default_factory=list)
    cite: Citations = Field(min_length=1)

    @model_validator(mode="after")
    def _band_ordered(self) -> Ending:
        if self.band is not None and self.band[0] >= self.band[1]:
            raise ValueError("band is [low, high) with low < high")
        return self


class PriorEnding(Strict):
    """What an ending of the earlier case does at the start of this one."""

    ending: Id = Field(description="An ending id of the earlier case.")
    narrative: str
    effects: list[Effect] = Field(default_factory=list)


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
    endings: list[PriorEnding] = Field(default_factory=list)
    effects: list[Effect] = Field(
        default_factory=list,
        description=(
            "Applied after the carried values and the ending's effects, whatever the ending: rules such as "
            'a trust signal for every party with `when = "ownership.party < 35"`, so how a text was '
            "reached weighs on each party's implementation."
        ),
    )


class Flag(Strict):
    id: Id
    description: str
    initial: bool = False


class Case(Strict):
    """A training case: the parties, the issues, the phase graph, moves, events and endings."""

    schema_version: Literal[1] = 1
    id: Id
    title: str
    summary: str
    period: str = Field(description="The historical period covered, e.g. 'July 2014 - June 2015'.")
    objectives: list[str] = Field(min_length=1, description="Learning objectives.")
    difficulty: Difficulty
    duration_minutes: int = Field(ge=1, le=600)
    sources: list[Source] = Field(min_length=1)
    simplifications: list[str] = Field(default_factory=list, description="Where the game departs from history.")
    mediation: Mediation
    parties: list[Party] = Field(min_length=1)
    issues: list[Issue] = Field(min_length=1)
    clock: Clock
    acceptance: Acceptance = Field(default_factory=Acceptance)
    scoring: Scoring = Field(default_factory=Scoring, description="Weights of the agreement score.")
    dynamics: Dynamics = Field(default_factory=Dynamics)
    uncertainty: Uncertainty = Field(
        default_factory=Uncertainty,
        description="How far the parties' true bottom lines may lie from the sourced values; set to 0 to pin them.",
    )
    flags: list[Flag] = Field(default_factory=list)
    phases: list[Phase] = Field(min_length=1)
    initial_phase: Id | None = Field(default=None, description="Default: the first phase.")
    transitions: list[Transition] = Field(default_factory=list)
    moves: list[Move] = Field(min_length=1)
    events: list[Event] = Field(default_factory=list)
    endings: list[Ending] = Field(min_length=1)
    history: History | None = None
    rubric: list[Fundamental] = Field(default_factory=list, description="The debrief's criteria.")
    lessons: list[Lesson] = Field(default_factory=list, description="Debrief material with citations.")
    carry_over: CarryOver | None = None
    tests: list[GoldenPath] = Field(default_factory=list, description="Golden paths for `roleplay test`.")


__all__ = [
    "Case",
    "Choice",
    "Cost",
    "Event",
    "Fundamental",
    "GoldenPath",
    "GoldenPaths",
    "History",
    "HistoryStep",
    "Lesson",
    "Move",
    "Outcome",
    "RubricTerm",
]
