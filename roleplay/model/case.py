"""The case format: one training scenario (scenarios/*.toml).

The models document the format: ``roleplay schema case`` prints them as JSON Schema.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from roleplay.model.carry_over import CarryOver, PriorEnding
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
    title: str = Field(description="Full title of the work, as the briefing's list of sources shows it.")
    author: str = Field(description="Author(s) as the work names them, e.g. 'Arthur Boutellis and Marie-Joëlle Zahar'.")
    publisher: str = Field(description="Publisher or institution, e.g. 'International Peace Institute'.")
    date: str = Field(description="Publication date as the source gives it.")
    file: str | None = Field(default=None, description="File name of the text in the seeds folder.")
    url: str | None = Field(default=None, description="Where the source can be read online (optional).")


class Anchor(Strict):
    at: Score
    label: str = Field(
        description=(
            "What the point of the scale stands for, e.g. 'unitary state'; the briefing shows it beside the number."
        )
    )


class Issue(Strict):
    """An issue on a 0-100 spectrum with named anchors, e.g. unitary state ... federal Azawad."""

    id: Id
    name: str = Field(description="The issue's name as the trainee reads it, e.g. 'Status of the north'.")
    description: str = Field(description="What is at stake, in a sentence or two (shown in the briefing).")
    anchors: list[Anchor] = Field(
        min_length=2,
        description="Named points of the 0-100 scale (at least two), e.g. 0 = unitary state, 100 = independence.",
    )
    cite: Citations = Field(min_length=1)


class PersonaOverrides(Strict):
    """Per-case changes to a persona; anything left out comes from the persona file."""

    positions: dict[Id, Stance] = Field(
        default_factory=dict,
        description=(
            "Stances by issue id that replace (or add to) the persona's for this case; other issues keep the persona's."
        ),
    )
    capability: Score | None = Field(
        default=None, description="Military and political weight (0-100) in this case (default: the persona's)."
    )
    cohesion: Score | None = Field(
        default=None, description="Unity of the coalition (0-100) in this case (default: the persona's)."
    )
    ripeness: Score | None = Field(
        default=None,
        description=(
            "Ripeness (0-100: perceived hurting stalemate and way out) at the start of this case (default: the "
            "persona's)."
        ),
    )
    trust: TrustBaseline | None = Field(
        default=None,
        description=(
            "Trust at the start of this case; replaces the persona's whole [trust] table (default: the persona's)."
        ),
    )
    temperament: Temperament | None = Field(
        default=None,
        description=(
            "Temperament in this case; replaces the persona's whole [temperament] table (default: the persona's)."
        ),
    )
    voice: Voice | None = Field(
        default=None,
        description="Lines spoken in this case; replaces the persona's whole [voice] table (default: the persona's).",
    )


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


class Actor(Strict):
    """Someone the case speaks of who has no seat at the table: civil society, a spoiler group,
    a state among the friends of the mediation. Named in the case's texts and listed in the
    briefing; never a negotiating party (that is [[parties]])."""

    persona: Id = Field(description="A persona id (its file's name), of any kind but a negotiating one.")
    cite: Citations = Field(default_factory=list, description="Where the sources speak of it.")


class Party(Strict):
    persona: Id = Field(description="A persona id; it is also the party's id in conditions.")
    standing: Standing = Field(
        default="at_table", description="Standing at the start ('outside' for groups not yet admitted)."
    )
    overrides: PersonaOverrides = Field(
        default_factory=PersonaOverrides,
        description="Per-case changes to the persona (positions, scores, trust, temperament, voice); default: none.",
    )
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
    aspiration: dict[Id, Annotated[float, Field(ge=0, le=100)]] = Field(
        default_factory=dict,
        description=(
            "The chapters one of which this party cannot give up, each with the least it would sign for on it "
            "(issue id = value, 0-100), e.g. { status = 50, security = 50 }. Each game draws one of them with "
            "equal chance; the party signs no text below the value given on that chapter. The trainee sees every "
            "candidate until the party tells its red lines or judges a text, which names the one drawn "
            "(docs/model.md, 'A chapter it cannot give up'). Default: none."
        ),
    )
    cite: Citations = Field(default_factory=list)


class Mediation(Strict):
    """The trainee's side: the lead mediator, the college of co-mediators and their resources."""

    lead: Id = Field(description="Persona id of the lead mediator the trainee plays.")
    co_mediators: list[Id] = Field(
        default_factory=list, description="Persona ids of the co-mediators of the college, named in the briefing."
    )
    mandate: str = Field(
        description=(
            "The mandate the trainee works under, as the briefing shows it (who asked the mediation to do what)."
        )
    )
    capital: Score = Field(default=100, description="Political capital at the start.")
    cite: Citations = Field(min_length=1)


class Clock(Strict):
    start: IsoDate = Field(
        description="The date the session starts on (YYYY-MM-DD); each move's cost in days moves it on."
    )
    end: IsoDate = Field(description="When time runs out the session ends with timeout_ending.")
    timeout_ending: Id = Field(
        description="The ending id the session reaches when the end date or max_turns is reached, or no move is left."
    )
    max_turns: int = Field(
        default=200,
        ge=1,
        le=10_000,
        description="Turn limit: after this many moves the session ends with timeout_ending.",
    )
    random_event_chance: float = Field(default=0.2, ge=0, le=1, description="Chance per turn of one random event.")

    @model_validator(mode="after")
    def _ordered(self) -> Clock:
        if self.end <= self.start:
            raise ValueError("end must come after start")
        return self


class Phase(Strict):
    """A state of the phase graph; phases nest (negotiation phases, implementation crises)."""

    id: Id
    name: str = Field(description="The phase's name as the trainee reads it, e.g. 'Drafting the road map'.")
    summary: str = Field(description="What is going on in this phase, in a sentence or two.")
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
    when: ConditionText = Field(
        default="true",
        description=(
            "A condition in the safe expression language (docs/authoring.md) that must hold for the transition "
            "to fire, e.g. 'has_draft and accepts.government' (default: always)."
        ),
    )
    label: str = Field(
        description=(
            "What happens, in words; recorded as the cause of the phase change, "
            "e.g. 'The mediator calls the parties to sign'."
        )
    )
    cite: Citations = Field(default_factory=list)


class DebriefNote(Strict):
    text: str = Field(description="A point the debrief makes about this ending (what it teaches, how history went).")
    cite: Citations = Field(min_length=1)


class Ending(Strict):
    id: Id
    title: str = Field(description="The ending's title as the trainee reads it, e.g. 'Road map signed by all'.")
    narrative: str = Field(
        description="What the trainee reads when the session ends here; say what the rule checks, and no more."
    )
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
    debrief: list[DebriefNote] = Field(
        default_factory=list, description="Notes the debrief shows for this ending, each with citations."
    )
    cite: Citations = Field(min_length=1)

    @model_validator(mode="after")
    def _band_ordered(self) -> Ending:
        if self.band is not None and self.band[0] >= self.band[1]:
            raise ValueError("band is [low, high) with low < high")
        return self


class Flag(Strict):
    id: Id
    description: str = Field(
        description="What the flag records, e.g. 'The ceasefire has been signed'; read as flag.ID in conditions."
    )
    initial: bool = Field(default=False, description="Its value at the start (default false); a flag effect sets it.")


class Case(Strict):
    """A training case: the parties, the issues, the phase graph, moves, events and endings."""

    schema_version: Literal[1] = Field(
        default=1, description="Version of the case format; 1, the only one so far (default 1)."
    )
    id: Id
    title: str = Field(description="The case's title, as the case picker and the briefing show it.")
    summary: str = Field(description="The situation the trainee steps into, in a paragraph (the briefing's opening).")
    period: str = Field(description="The historical period covered, e.g. 'July 2014 - June 2015'.")
    objectives: list[str] = Field(min_length=1, description="Learning objectives.")
    difficulty: Difficulty = Field(
        description=(
            "How hard the case is for a trainee: 'introductory', 'intermediate' or 'advanced' (shown in the picker)."
        )
    )
    duration_minutes: int = Field(
        ge=1, le=600, description="About how long a session takes, in minutes (1-600; shown in the briefing)."
    )
    sources: list[Source] = Field(
        min_length=1, description="The works the case is built from, each declared once and cited by id."
    )
    simplifications: list[str] = Field(default_factory=list, description="Where the game departs from history.")
    mediation: Mediation = Field(
        description="The trainee's side: the lead mediator, the co-mediators, the mandate and the political capital."
    )
    actors: list[Actor] = Field(
        default_factory=list,
        description=(
            "Actors without a seat at the table (civil society, spoilers, friends of the mediation): personas the "
            "case names, not negotiating parties."
        ),
    )
    parties: list[Party] = Field(
        min_length=1,
        description=(
            "The parties to the talks, each a persona (government, armed coalition or movement) with its per-case "
            "settings."
        ),
    )
    issues: list[Issue] = Field(
        min_length=1, description="The issues negotiated, each on a 0-100 spectrum; every party needs a stance on each."
    )
    clock: Clock = Field(
        description=(
            "Start and end dates, the ending when time runs out, the turn limit and the chance of a random event."
        )
    )
    acceptance: Acceptance = Field(
        default_factory=Acceptance,
        description="How far from its ideal a party accepts a text (docs/model.md); default: the model's values.",
    )
    scoring: Scoring = Field(default_factory=Scoring, description="Weights of the agreement score.")
    dynamics: Dynamics = Field(
        default_factory=Dynamics,
        description=(
            "How the process wears: diminishing returns, the pressure cap, ownership, duress and inclusion "
            "(docs/model.md)."
        ),
    )
    uncertainty: Uncertainty = Field(
        default_factory=Uncertainty,
        description="How far the parties' true bottom lines may lie from the sourced values; set to 0 to pin them.",
    )
    flags: list[Flag] = Field(
        default_factory=list,
        description="Named true/false facts of the story, read as flag.ID in conditions and set by flag effects.",
    )
    phases: list[Phase] = Field(min_length=1, description="The phase graph's states, in order; phases may nest.")
    initial_phase: Id | None = Field(default=None, description="Default: the first phase.")
    transitions: list[Transition] = Field(
        default_factory=list,
        description=(
            "The phase graph's edges: fired by a move's advance effect or by themselves when their condition holds."
        ),
    )
    moves: list[Move] = Field(min_length=1, description="The mediator moves the trainee can choose from.")
    events: list[Event] = Field(
        default_factory=list,
        description="What happens to the mediator: scheduled by date or turn, conditional or random.",
    )
    endings: list[Ending] = Field(
        min_length=1, description="How a session can end: the phase graph's final states, each with a quality."
    )
    history: History | None = Field(
        default=None,
        description=(
            "What the real mediators did, in order: replayed by the history strategy, compared in the debrief "
            "(optional)."
        ),
    )
    rubric: list[Fundamental] = Field(default_factory=list, description="The debrief's criteria.")
    lessons: list[Lesson] = Field(default_factory=list, description="Debrief material with citations.")
    carry_over: CarryOver | None = Field(
        default=None, description="Start from the final state of a session of an earlier case (optional)."
    )
    tests: list[GoldenPath] = Field(default_factory=list, description="Golden paths for `roleplay test`.")


__all__ = [
    "CarryOver",
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
    "PriorEnding",
    "RubricTerm",
]
