"""Views of a game for display: names, standing words, targets, the why and why-not texts
and the rows of the parties and issues, computed from the engine's state in one place so
that widgets and screens never read engine internals.

Imported only once a game is loaded (it loads the case model, hence pydantic): the app's
first frame must not pay for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, get_args

from roleplay.game.estimates import RedLineEstimate, known_lines, prior_red_line, red_line, verdict
from roleplay.game.numbers import number
from roleplay.model.case import Standing

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint, CompiledMove
    from roleplay.engine.state import GameState
    from roleplay.model.transcript import ChangeRecord

__all__ = ["number"]  # re-exported: the widgets format numbers with it

#: Every standing, in the order of the Literal (its one definition is roleplay.model.case).
STANDINGS: tuple[Standing, ...] = get_args(Standing)


@dataclass(frozen=True)
class StandingWords:
    short: str  #: for a narrow column
    long: str  #: in a sentence ("... · at the table")


STANDING_WORDS: dict[Standing, StandingWords] = {
    "outside": StandingWords("outside", "outside the talks"),
    "at_table": StandingWords("at table", "at the table"),
    "consulting": StandingWords("consulting", "consulting its base"),
    "boycotting": StandingWords("boycotting", "boycotting"),
    "walked_out": StandingWords("WALKED OUT", "WALKED OUT"),
    "initialled": StandingWords("initialled", "initialled"),
    "signed": StandingWords("signed", "signed"),
}
_WORDS_BY_NAME: dict[str, StandingWords] = {str(k): v for k, v in STANDING_WORDS.items()}
#: Standings of a party that has left the table for now (the dashboard's "Away" column).
AWAY: frozenset[Standing] = frozenset({"walked_out", "boycotting", "consulting"})


def standing_words(standing: str, *, short: bool = False) -> str:
    """The standing in words; an unknown one (never in a valid game) as it is."""
    words = _WORDS_BY_NAME.get(standing)
    if words is None:
        return standing
    return words.short if short else words.long


def party_name(blueprint: Blueprint, party: str | None) -> str:
    """A party's display name (its persona's short name); no party means everyone."""
    if party is None:
        return "everyone"
    persona = blueprint.personas.get(party)
    return persona.short_name if persona else party


def needs_target(compiled: CompiledMove) -> bool:
    return compiled.needs_target


def possible_targets(compiled: CompiledMove) -> tuple[str | None, ...]:
    """The targets a move can be played with: its parties, or None for a move without one."""
    return compiled.possible_targets


def common_ground(lines: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """Where every (low, high) red line overlaps, or None."""
    if not lines:
        return None
    low = max(line[0] for line in lines)
    high = min(line[1] for line in lines)
    return (low, high) if low <= high else None


def cause_lines(change: ChangeRecord) -> list[str]:
    """Why a value changed: each recorded cause in words, amounts aligned."""
    from roleplay.engine.causes import describe

    # A phase transition's note is its condition in engine syntax: the label says it in words.
    return [
        describe({**cause, "note": ""} if cause["by"].startswith("transition:") else cause, aligned=True)
        for cause in change["causes"]
    ]


@dataclass(frozen=True)
class PartyRow:
    """A party as the parties table and the detail underneath show it."""

    id: str
    name: str
    standing: str
    trust: float
    ripeness: float
    cohesion: float
    #: (name, trust) of each party it trusts or distrusts.
    relations: tuple[tuple[str, float], ...]
    #: Whether it would sign the draft as far as the mediator knows: 'none' (no draft),
    #: 'yes', 'no' or 'maybe' (what is known of its bottom lines cannot tell).
    answer: str
    #: Whether it would sign the draft, and if not (or if unsure), why (one line).
    verdict: str
    #: What is known of its acceptance threshold and when it walks out (estimates).
    known: str = ""


@dataclass(frozen=True)
class PartyOnIssue:
    name: str
    position: float
    #: Its red line as far as the mediator knows (each end an estimate until revealed).
    red_line: RedLineEstimate


@dataclass(frozen=True)
class IssueRow:
    """An issue across the parties in the talks, with the draft's value."""

    id: str
    name: str
    draft: float | None
    #: The nearest anchor's label for the draft's value ("" without a draft).
    draft_label: str
    #: Where every red line surely overlaps, or None (known red lines: where they overlap).
    common_ground: tuple[float, float] | None
    #: Where the red lines may overlap, as far as is known (the common ground lies inside).
    possible_ground: tuple[float, float] | None
    parties: tuple[PartyOnIssue, ...]


def party_rows(blueprint: Blueprint, state: GameState) -> list[PartyRow]:
    rows = []
    for pid, party in state.world.parties.items():
        judged = verdict(blueprint, state, party)
        rows.append(
            PartyRow(
                id=pid,
                name=party_name(blueprint, pid),
                standing=party.standing,
                trust=party.trust,
                ripeness=party.ripeness,
                cohesion=party.cohesion,
                relations=tuple((party_name(blueprint, o), v) for o, v in party.relations.items()),
                answer=judged.answer,
                verdict=judged.text,
                known=known_lines(blueprint, state, party),
            )
        )
    return rows


def issue_rows(blueprint: Blueprint, state: GameState) -> list[IssueRow]:
    world = state.world
    involved = world.involved()
    rows = []
    for issue in blueprint.case.issues:
        draft = world.draft.get(issue.id)
        label = min(issue.anchors, key=lambda a: abs(a.at - draft)).label if draft is not None else ""
        lines = [red_line(state, p, issue.id) for p in involved]
        parties = tuple(
            PartyOnIssue(party_name(blueprint, p.id), p.position[issue.id], line)
            for p, line in zip(involved, lines, strict=True)
        )
        surely = common_ground([line.surely for line in lines])
        possibly = common_ground([line.possibly for line in lines])
        rows.append(IssueRow(issue.id, issue.name, draft, label, surely, possibly, parties))
    return rows


@dataclass(frozen=True)
class Stance:
    issue: str
    position: float
    #: The issue's anchor nearest the position, in words.
    nearest: str
    #: As the briefing can know it: the sourced ends +/- the case's spread.
    red_line: RedLineEstimate
    salience: float


@dataclass(frozen=True)
class StartingParty:
    """A party as the briefing introduces it: who it is and what it wants at the start."""

    name: str
    background: str
    stances: tuple[Stance, ...]
    trust: float


def starting_parties(blueprint: Blueprint) -> list[StartingParty]:
    """The parties as the briefing introduces them: what their backgrounds say of later
    events (a signature in 2015) is left for the debrief."""
    from roleplay.game.known import split_known

    parties = []
    for spec in blueprint.parties.values():
        stances = []
        for issue in blueprint.case.issues:
            stance = spec.stances[issue.id]
            nearest = min(issue.anchors, key=lambda a: abs(a.at - stance.position)).label
            known = prior_red_line(spec, issue.id)
            stances.append(Stance(issue.name, stance.position, nearest, known, stance.salience))
        background = split_known(spec.persona.background, blueprint.case.clock.start).known
        parties.append(StartingParty(spec.persona.name, background, tuple(stances), spec.trust))
    return parties


#: A party's scores as the trainee reads them (why-not texts and the words of a change).
SCORE_WORDS = {
    "trust": "trust in you",
    "ripeness": "ripeness",
    "cohesion": "cohesion",
    "capability": "capability",
    "ownership": "ownership of the process",
    "duress": "duress",
}
