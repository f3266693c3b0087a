"""The agreement score: how good the text on the table is, and how it was reached, as one
number on 0-100 with its parts (docs/model.md, the agreement score).

Endings are bands of this score at the signing (an ending's ``band``); the transcript keeps
the score and its parts in the record that ends the game, so the debrief and ``run --json``
can show why an ending was reached. Pure functions of the world: no draws, no recording.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from roleplay.engine.world import PartyState, Scope, World
from roleplay.model.transcript import AgreementRecord

#: The weighted parts, in the order of the case's weights (World.score_weights); the score is
#: their weighted mean times the coverage of the signatures.
PARTS = ("content", "pareto", "inclusion", "ownership", "durability")
#: Steps of the pattern search for Pareto improvements, largest first (points on an issue).
STEPS = (16.0, 4.0, 1.0, 0.25)
#: Directions tried on a pair of issues (I, J): (dI, dJ). Single issues are (±1, 0).
PAIR_DIRECTIONS = ((1.0, 1.0), (1.0, -1.0), (1.0, 0.5), (1.0, -0.5), (0.5, 1.0), (0.5, -1.0))
MAX_MOVES = 200  # a bound on the search's accepted moves: the score is read inside conditions
EPSILON = 1e-9
#: Standings in which a party has left the talks (and the bodies of an agreement it signed).
GONE = frozenset({"boycotting", "walked_out"})


@dataclass(frozen=True)
class AgreementScore:
    """The score and its parts (0-100 each); a part that the world does not measure is None."""

    score: float
    parts: dict[str, float | None]
    #: Each counted party's satisfaction with the text (100 - its distance to its interests).
    satisfaction: dict[str, float]
    #: The mean satisfaction the best package the search found would give (Pareto, approximate).
    reachable: float


Stakes = Sequence[tuple[float, Mapping[str, float], Mapping[str, float]]]


def satisfaction(text: Mapping[str, float], interest: Mapping[str, float], salience: Mapping[str, float]) -> float:
    """100 minus the salience-weighted mean distance of the text to the party's interests."""
    weighted = weights = 0.0
    for issue, value in text.items():
        weight = salience.get(issue) or 1.0
        weighted += weight * abs(value - interest.get(issue, value))
        weights += weight
    return 100.0 - (weighted / weights if weights else 0.0)


def mean_satisfaction(text: Mapping[str, float], stakes: Stakes) -> float:
    """The capability-weighted mean satisfaction of the parties with the text."""
    total = sum(weight for weight, _, _ in stakes)
    if total <= 0:
        return 0.0
    return sum(w * satisfaction(text, interest, sal) for w, interest, sal in stakes) / total


def pareto_search(text: Mapping[str, float], stakes: Stakes) -> dict[str, float]:
    """A text no party likes less and the parties together like more, found by a pattern search
    over single issues and pairs of issues (a trade between two issues the parties weigh
    differently). Deterministic; a lower bound on how far the text lies from the Pareto front
    (trades across three issues at once are only found as chains of pairs)."""
    current = dict(text)
    # Per party: its weight, and per issue its share of the party's salience and its interest.
    shares = [(w, _shares(current, sal), interest) for w, interest, sal in stakes]
    moves = _directions(sorted(current))
    accepted = 0
    for step in STEPS:
        since = 0  # directions tried since the last accepted move: a full round without one ends the step
        index = 0
        while since < len(moves) and accepted < MAX_MOVES:
            direction = moves[index]
            index = (index + 1) % len(moves)
            since += 1
            if _improves(current, direction, step, shares):
                for issue, sign in direction:
                    current[issue] += sign * step
                accepted += 1
                since = 0
    return current


def _shares(text: Mapping[str, float], salience: Mapping[str, float]) -> dict[str, float]:
    weights = {issue: salience.get(issue) or 1.0 for issue in text}
    total = sum(weights.values())
    return {issue: w / total for issue, w in weights.items()}


def _improves(
    text: Mapping[str, float],
    direction: tuple[tuple[str, float], ...],
    step: float,
    parties: Sequence[tuple[float, Mapping[str, float], Mapping[str, float]]],
) -> bool:
    """Whether moving the text by step along direction loses no party anything and gains the
    parties together something (by more than rounding)."""
    gain = 0.0
    for issue, sign in direction:
        if not 0.0 <= text[issue] + sign * step <= 100.0:
            return False
    for weight, shares, interest in parties:
        delta = 0.0
        for issue, sign in direction:
            before = text[issue]
            ideal = interest.get(issue, before)
            delta -= shares[issue] * (abs(before + sign * step - ideal) - abs(before - ideal))
        if delta < -EPSILON:
            return False
        gain += weight * delta
    return gain > 1e-6


def _directions(issues: list[str]) -> list[tuple[tuple[str, float], ...]]:
    found: list[tuple[tuple[str, float], ...]] = []
    for issue in issues:
        found += [((issue, 1.0),), ((issue, -1.0),)]
    for a, first in enumerate(issues):
        for second in issues[a + 1 :]:
            for d1, d2 in PAIR_DIRECTIONS:
                found += [((first, d1), (second, d2)), ((first, -d1), (second, -d2))]
    return found


def stakes_of(parties: Sequence[PartyState]) -> list[tuple[float, Mapping[str, float], Mapping[str, float]]]:
    """Who has a stake in the text: each party with its weight (capability: a strong party left
    unsatisfied can undo an agreement), interests and saliences."""
    return [(max(1.0, p.capability), p.interest, p.salience) for p in parties]


def content_parts(world: World) -> tuple[float, float, dict[str, float], float]:
    """(content, pareto, satisfaction per party, reachable mean satisfaction) of the draft."""
    parties = world.involved()
    if not world.draft or not parties:
        return 0.0, 0.0, {}, 0.0
    stakes = stakes_of(parties)
    content = mean_satisfaction(world.draft, stakes)
    reachable = mean_satisfaction(pareto_search(world.draft, stakes), stakes)
    # The share of what the best package found would give: 100 on the front (as far as found).
    pareto = 100.0 * content / reachable if reachable > 0 else 0.0
    shares = {p.id: satisfaction(world.draft, p.interest, p.salience) for p in parties}
    return content, pareto, shares, reachable


def process_parts(world: World) -> dict[str, float | None]:
    """Inclusion (the world's), ownership and durability (capability-weighted means over the
    parties in the talks): how the text was reached, from the process values of the dynamics."""
    parties = world.involved()
    total = sum(max(1.0, p.capability) for p in parties)
    if total <= 0:
        return {"inclusion": world.inclusion, "ownership": 0.0, "durability": 0.0}
    ownership = sum(max(1.0, p.capability) * p.ownership for p in parties) / total
    durability = sum(max(1.0, p.capability) * durability_of(world, p) for p in parties) / total
    return {"inclusion": world.inclusion, "ownership": ownership, "durability": durability}


def durability_of(world: World, party: PartyState) -> float:
    """How likely a party is to keep to the text: consent not bought by pressure (100 - duress),
    halved when it does not accept the text at all (it signed what it would not choose), and
    nothing while it boycotts or has walked out."""
    if party.standing in GONE:
        return 0.0
    kept = 100.0 - party.duress
    return kept if world.accepts(party) else kept / 2


def coverage(world: World) -> float:
    """The capability-weighted share (0-100) of the parties in the talks that the text binds
    (by default: signed it, and have not since boycotted or walked out): a text nobody signed
    is no agreement, and one the strong parties did not sign binds little."""
    if world.void_rule is not None and world.void_rule(world):
        return 0.0
    parties = world.involved()
    total = sum(max(1.0, p.capability) for p in parties)
    signed = sum(max(1.0, p.capability) for p in parties if _binds(world, p))
    return 100.0 * signed / total if total > 0 else 0.0


def _binds(world: World, party: PartyState) -> bool:
    rule = world.signed_rule
    if rule is None:  # signed, and not since gone from the agreement's bodies
        return party.standing == "signed" or (party.committed == "signed" and party.standing not in GONE)
    return rule(Scope(world, None, party))


def agreement_score(world: World) -> AgreementScore:
    """The weighted mean of the parts, times the coverage of the signatures (docs/model.md)."""
    content, pareto, shares, reachable = content_parts(world)
    # Without a text on the table (an implementation case) the text's parts are not measured.
    parts: dict[str, float | None] = {"content": content, "pareto": pareto} if world.draft else {}
    parts.update(process_parts(world))
    weights = dict(zip(PARTS, world.score_weights, strict=True))
    measured = [(weights[k], v) for k, v in parts.items() if v is not None and weights[k] > 0]
    total = sum(w for w, _ in measured)
    mean = sum(w * v for w, v in measured) / total if total else 0.0
    signed = coverage(world)
    parts["coverage"] = signed
    return AgreementScore(mean * signed / 100.0, parts, shares, reachable)


def score_record(result: AgreementScore) -> AgreementRecord:
    """The score as the transcript's end record keeps it: two decimals, as every number there."""
    return {
        "score": round(result.score, 2),
        "parts": {k: round(v, 2) for k, v in result.parts.items() if v is not None},
        "satisfaction": {k: round(v, 2) for k, v in result.satisfaction.items()},
    }


#: A part's name for the trainee ('pareto' is the authors' and the transcript's word).
WORDS = {"pareto": "efficiency"}


def score_line(result: AgreementScore) -> str:
    """The score in one line of the story, for the trainee at the end of the game."""
    if result.parts.get("coverage") == 0:
        return "No agreement binds the parties: the agreement score is 0."
    parts = ", ".join(f"{WORDS.get(k, k)} {v:.0f}" for k, v in result.parts.items() if v is not None)
    return f"Agreement score {result.score:.0f}/100 ({parts})."
