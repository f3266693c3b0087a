"""The persona format: one actor of a peace process (personas/*.toml)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from roleplay.model.common import Citations, Id, IsoDate, Score, ScorePair, Strict


class PersonaKind(StrEnum):
    GOVERNMENT = "government"
    ARMED_COALITION = "armed_coalition"
    MOVEMENT = "movement"
    LEAD_MEDIATOR = "lead_mediator"
    CO_MEDIATOR = "co_mediator"
    CIVIL_SOCIETY = "civil_society"
    SPOILER = "spoiler"


#: Kinds that sit at the table with positions, trust and a standing.
NEGOTIATING_KINDS = frozenset({PersonaKind.GOVERNMENT, PersonaKind.ARMED_COALITION, PersonaKind.MOVEMENT})


class Stance(Strict):
    """A party's view of one issue on the issue's 0-100 spectrum."""

    position: Score = Field(description="The outcome the party wants (its ideal point).")
    salience: Score = Field(default=50, description="How much the issue matters to the party.")
    red_line: ScorePair = Field(description="[low, high]: the outcomes the party could ever accept.")

    @model_validator(mode="after")
    def _position_inside_red_line(self) -> Stance:
        low, high = self.red_line
        if low > high:
            raise ValueError(f"red_line low {low:g} is above high {high:g}")
        if not low <= self.position <= high:
            raise ValueError(f"position {self.position:g} lies outside red_line [{low:g}, {high:g}]")
        return self


class Temperament(Strict):
    """How a party reacts to the mediator's pressure, to exclusion and to deadlines."""

    pressure: Score = Field(default=50, description="High: pressure makes it yield; low: pressure makes it resent.")
    exclusion: Score = Field(default=50, description="How much being left out of a move hurts its trust.")
    deadlines: Score = Field(default=50, description="Propensity to walk out when pressed by a deadline.")
    walk_out_below: Score = Field(default=15, description="It walks out when trust in the mediator falls below this.")
    return_above: Score = Field(default=30, description="A walked-out party returns once trust is back above this.")

    @model_validator(mode="after")
    def _return_above_walk_out(self) -> Temperament:
        if self.return_above < self.walk_out_below:
            raise ValueError("return_above must not be below walk_out_below")
        return self


class DatedLine(Strict):
    """A line the party can only say from one date, or until one: a party cannot speak of what
    has not happened yet (a partner that arrived in 2021, a war of 2023)."""

    text: str = Field(min_length=1, description="What the party says.")
    since: IsoDate | None = Field(default=None, description="The first day it can be said (YYYY-MM-DD).")
    until: IsoDate | None = Field(default=None, description="The last day it can be said (YYYY-MM-DD).")

    def said_on(self, date: str) -> bool:
        """Whether it can be said on ``date`` (ISO dates compare as text)."""
        return (self.since is None or date >= self.since) and (self.until is None or date <= self.until)


#: A voice line: words said at any date, or a dated line.
Line = str | DatedLine


class Voice(Strict):
    """Lines the party speaks in its own voice; the engine picks one with the session's generator."""

    accepts: list[Line] = Field(
        default_factory=list, description="Said when an outcome's reaction is 'accepts', e.g. 'We can work with this.'"
    )
    rejects: list[Line] = Field(
        default_factory=list,
        description="Said when an outcome's reaction is 'rejects', and when the party vetoes a revision of the text.",
    )
    walks_out: list[Line] = Field(
        default_factory=list,
        description="Said when the party walks out of the talks (its trust fell too low, pressure, or an effect).",
    )
    returns: list[Line] = Field(
        default_factory=list,
        description="Said when a party that walked out, boycotted or went to consult comes back to the talks.",
    )
    consults: list[Line] = Field(
        default_factory=list,
        description=(
            "Said when the party goes to consult its base (a 'consult' standing change, or a 'consults' reaction)."
        ),
    )
    boycotts: list[Line] = Field(default_factory=list, description="Said when the party starts a boycott of the talks.")
    initials: list[Line] = Field(default_factory=list, description="Said when the party initials the text.")
    signs: list[Line] = Field(default_factory=list, description="Said when the party signs the agreement.")
    joins: list[Line] = Field(default_factory=list, description="Said when a party outside the talks joins them.")
    protests: list[Line] = Field(
        default_factory=list,
        description="Said when the party is excluded from the talks, or when an outcome's reaction is 'protests'.",
    )


class TrustBaseline(Strict):
    mediator: Score = Field(default=50, description="Trust in the mediation team.")
    parties: dict[Id, Score] = Field(
        default_factory=dict, description="Trust in other parties by persona id (default 50)."
    )


class Persona(Strict):
    """An actor: a party at the table, a mediator, a civil society delegation or a spoiler."""

    id: Id
    name: str = Field(min_length=1, description="The actor's full name, e.g. 'Coordination of Azawad Movements'.")
    short_name: str = Field(min_length=1, max_length=24, description="Used in narrow columns.")
    kind: PersonaKind = Field(  # a TOML string names the member of the enum
        strict=False,
        description=(
            "What the actor is. Only 'government', 'armed_coalition' and 'movement' negotiate (a seat in "
            "[[parties]]); 'lead_mediator' and 'co_mediator' go in [mediation]; 'civil_society' and 'spoiler' have "
            "no seat."
        ),
    )
    members: list[Id] = Field(default_factory=list, description="Persona ids of member movements.")
    background: str = Field(
        min_length=1, description="Who the actor is and what it wants, in a paragraph (shown in the briefing)."
    )
    cite: Citations = Field(min_length=1)
    positions: dict[Id, Stance] = Field(default_factory=dict, description="Stance per issue id.")
    capability: Score = Field(default=50, description="Military and political weight.")
    cohesion: Score = Field(default=100, description="Unity of the coalition; low cohesion breeds splinters.")
    ripeness: Score = Field(default=30, description="Perceived hurting stalemate and way out.")
    trust: TrustBaseline = Field(
        default_factory=TrustBaseline,
        description="Trust at the start: in the mediator and in the other parties (default 50 each).",
    )
    temperament: Temperament = Field(
        default_factory=Temperament,
        description="How it reacts to pressure, exclusion and deadlines, and when it walks out and returns.",
    )
    voice: Voice = Field(
        default_factory=Voice,
        description="Lines it speaks in its own voice, by kind; one is drawn each time (default: silent).",
    )

    @property
    def negotiates(self) -> bool:
        return self.kind in NEGOTIATING_KINDS
