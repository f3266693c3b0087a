"""The case format: one training scenario (scenarios/*.toml).

The models document the format: ``roleplay schema case`` prints them as JSON Schema.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from roleplay.model.common import Citations, ConditionText, Id, IsoDate, Score, SourceId, Strict
from roleplay.model.dynamics import Acceptance, Dynamics
from roleplay.model.effects import Effect
from roleplay.model.persona import Stance, Temperament, TrustBaseline, Voice

Factor = Literal["trust", "ripeness", "cohesion"]
#: Bounds of a draw's weights: a sum of weights stays finite and every chance a number.
WEIGHT_MIN = 0.001
WEIGHT_MAX = 1_000_000
RubricMarks = Annotated[
    dict[Id, Annotated[int, Field(ge=-2, le=2)]],
    Field(
        description=(
            "How this supports (+1, +2) or undermines (-1, -2) each fundamental of the rubric, "
            "by rubric id; the debrief tallies the trainee's choices."
        )
    ),
]
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


class Cost(Strict):
    days: int = Field(default=0, ge=0, le=365)
    capital: float = Field(default=0, ge=0, le=100)


class Outcome(Strict):
    """One possible result of a move, drawn by weight with the session's generator."""

    id: Id
    label: str
    weight: float = Field(
        default=1,
        ge=WEIGHT_MIN,
        le=WEIGHT_MAX,
        description="Relative weight of the draw (0.001 to 1,000,000: larger would make the chances overflow).",
    )
    favoured_by: list[Factor] = Field(default_factory=list, description="Weight x (0.5 + value/100).")
    hindered_by: list[Factor] = Field(default_factory=list, description="Weight x (1.5 - value/100).")
    when: ConditionText | None = None
    reaction: Literal["accepts", "rejects", "protests", "walks_out", "consults"] | None = None
    narrative: str
    effects: list[Effect] = Field(default_factory=list)


class Move(Strict):
    """A mediator move the trainee can choose."""

    id: Id
    name: str
    summary: str = Field(description="One line shown beside the move.")
    teaching: str = Field(description="A one-line teaching note.")
    cite: Citations = Field(min_length=1)
    target: Literal["none", "one", "all"] = "none"
    targets: list[Id] | None = Field(default=None, description="Eligible targets (default: every party).")
    available: ConditionText = "true"
    cost: Cost = Field(default_factory=Cost)
    max_uses: int | None = Field(default=None, ge=1, le=10_000)
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
    narrative: str = ""
    effects: list[Effect] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    rubric: RubricMarks = Field(default_factory=dict)


class Choice(Strict):
    id: Id
    label: str
    narrative: str = ""
    historical: bool = False
    effects: list[Effect] = Field(default_factory=list)
    cite: Citations = Field(default_factory=list)
    rubric: RubricMarks = Field(default_factory=dict)


class Event(Strict):
    """Something that happens to the mediator: scheduled, conditional or random."""

    id: Id
    title: str
    narrative: str
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
    once: bool = True
    effects: list[Effect] = Field(default_factory=list)
    choices: list[Choice] = Field(default_factory=list, description="The mediator's possible responses.")

    @model_validator(mode="after")
    def _one_schedule(self) -> Event:
        modes = [m for m in ("date", "turn", "weight") if getattr(self, m) is not None]
        if len(modes) > 1:
            raise ValueError(f"an event is scheduled by one of date, turn or weight, not {' and '.join(modes)}")
        if not modes and self.when is None:
            raise ValueError("an event needs date, turn, weight or when")
        return self


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
    debrief: list[DebriefNote] = Field(default_factory=list)
    cite: Citations = Field(min_length=1)


class HistoryStep(Strict):
    move: Id
    target: Id | None = None
    date: str | None = None
    note: str = ""
    cite: Citations = Field(default_factory=list)


class History(Strict):
    """What the real mediation team did, in order; the 'history' strategy replays it."""

    summary: str
    steps: list[HistoryStep] = Field(min_length=1)


class Fundamental(Strict):
    """One criterion of the debrief's rubric, e.g. a fundamental of the UN Guidance for
    Effective Mediation (preparedness, consent, impartiality, inclusivity, ...)."""

    id: Id
    name: str
    description: str
    cite: Citations = Field(min_length=1)


class Lesson(Strict):
    """Debrief material: a challenge of the real process, a lesson drawn from it, or context."""

    kind: Literal["challenge", "lesson", "context"]
    title: str
    text: str
    cite: Citations = Field(min_length=1)


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


class GoldenPath(Strict):
    """A scripted playthrough the case must keep producing (``roleplay test``).

    ``steps`` are played in order: ``"move"`` or ``"move:target"``; while an event awaits a
    response, the next step is its choice id; a step starting with ``?`` is a condition that
    must hold at that point, e.g. ``"? trust.coordination >= 40"``.
    """

    name: str
    seed: int = 1
    steps: list[str] = Field(default_factory=list)
    then: Literal["random", "greedy", "history"] | None = Field(
        default=None, description="After the steps, let this strategy play to the end."
    )
    expect_ending: Id | None = None
    expect_phase: Id | None = None
    expect: list[ConditionText] = Field(default_factory=list, description="Conditions that must hold at the end.")


class GoldenPaths(Strict):
    """A sibling file of golden paths: <case>.tests.toml beside <case>.toml."""

    tests: list[GoldenPath] = Field(min_length=1)


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
    dynamics: Dynamics = Field(default_factory=Dynamics)
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
