"""Package deals: a revision of the single text that trades across issues.

A mediator who consults learns what each party cares about most. Parties care about issues
in different proportions (their saliences), so the text can move toward one party on an issue
it cares about more than the others do, and toward another on an issue that one cares about
more: each gains where it cares most and yields where it cares least. When the saliences
differ enough, every party's salience-weighted distance to the text shrinks or stays: a Pareto
improvement, which the veto single text lets stand without imposing it (docs/model.md,
"Package deals").

The search is small and deterministic. A candidate moves the text on one issue, or on a pair
of issues in opposite parties' favour, by amounts in the ratio every party present can accept
(each party's distance changes linearly until the text passes someone's position, so the
ratio bounds are exact there). Candidates stop at the first party position or red-line edge
they would cross. The best candidate by acceptance is taken, and the search repeats from the
new text for a few rounds.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from roleplay.engine import influence
from roleplay.engine.world import World

#: Rounds of improvement: each takes the best candidate and searches again from there.
ROUNDS = 6
#: Each candidate is tried at full length and at these shares of it.
SCALES = (1.0, 0.5)
#: Values closer than this count as equal (a position the text already sits on).
EPSILON = 1e-6

Text = dict[str, float]


@dataclass(frozen=True)
class Stance:
    """What the search reads of one party present: its ideal text, how much each issue
    matters to it, what it could ever accept, and how far from its ideal it will sign."""

    position: Mapping[str, float]
    salience: Mapping[str, float]
    red_low: Mapping[str, float]
    red_high: Mapping[str, float]
    tolerance: float

    def weight(self, issue: str) -> float:
        return self.salience[issue] or 1.0  # as influence.distance weighs an issue

    def distance(self, text: Mapping[str, float]) -> float:
        return influence.distance(text, self.position, self.salience)

    def outside(self, text: Mapping[str, float]) -> float:
        """How far the text lies outside the red lines, summed over issues (0: inside)."""
        return sum(max(0.0, self.red_low[i] - v) + max(0.0, v - self.red_high[i]) for i, v in text.items())


def stances(world: World) -> list[Stance]:
    """The parties present, as the search sees them."""
    return [Stance(p.position, p.salience, p.red_low, p.red_high, world.tolerance(p)) for p in world.present()]


def propose(world: World, issues: Sequence[str], believed: Sequence[Stance] | None = None) -> Text | None:
    """The package for the parties present on the drafted ``issues``, or None if there is none.
    ``believed``: the parties as the mediator knows them (each bottom line at the end of its
    estimate the mediator can be sure of), in the order of ``world.present()``; the search is
    built on them, while each party's veto is its own (docs/model.md, "Package deals")."""
    if not world.draft:
        return None
    return find(world.draft, stances(world), [i for i in issues if i in world.draft], believed)


def find(
    draft: Mapping[str, float],
    parties: Sequence[Stance],
    issues: Sequence[str],
    believed: Sequence[Stance] | None = None,
) -> Text | None:
    """The text that most improves acceptance without any party's distance growing or the
    text leaving a red line it was inside, or None when no candidate improves on ``draft``.
    With ``believed``, candidates and their acceptance are judged on what the mediator
    believes of each party; the veto (distance, red lines) stays the parties' own."""
    if not parties or not issues:
        return None
    view = believed if believed is not None else parties
    text = dict(draft)
    best = _score(text, view)
    for _ in range(ROUNDS):
        step = _best_step(text, parties, issues, best, view)
        if step is None:
            break
        text, best = step
    if text == dict(draft) or not _no_worse(draft, text, parties):
        return None
    return text


def _score(text: Mapping[str, float], parties: Sequence[Stance]) -> tuple[int, float, float]:
    """Acceptance first (parties that would sign), then how far the others are from signing,
    then the total distance: larger is better."""
    return _judge(text, parties, None) or (0, 0.0, 0.0)


def _judge(
    text: Mapping[str, float], parties: Sequence[Stance], limits: Sequence[tuple[float, float]] | None
) -> tuple[int, float, float] | None:
    """The text's score, or None if some party's (distance, amount outside its red lines) would
    exceed its entry in ``limits`` (the veto single text's test, red lines included)."""
    accepting = 0
    shortfall = 0.0
    total = 0.0
    for index, party in enumerate(parties):
        distance = party.distance(text)
        outside = party.outside(text)
        if limits is not None and (distance > limits[index][0] + EPSILON or outside > limits[index][1] + EPSILON):
            return None
        total += distance
        if outside <= EPSILON and distance <= party.tolerance:
            accepting += 1
        shortfall += outside + max(0.0, distance - party.tolerance)
    return accepting, -shortfall, -total


def _no_worse(before: Mapping[str, float], after: Mapping[str, float], parties: Sequence[Stance]) -> bool:
    """Nobody's distance grows, nor how far the text lies outside its red lines in all."""
    return _judge(after, parties, _limits(before, parties)) is not None


def _limits(text: Mapping[str, float], parties: Sequence[Stance]) -> list[tuple[float, float]]:
    """What each party will not let a revision worsen: its distance to the text, and how far
    the text lies outside its red lines in all."""
    return [(p.distance(text), p.outside(text)) for p in parties]


def _best_step(
    text: Text,
    parties: Sequence[Stance],
    issues: Sequence[str],
    current: tuple[int, float, float],
    view: Sequence[Stance],
) -> tuple[Text, tuple[int, float, float]] | None:
    limits = _limits(text, parties)
    best: tuple[Text, tuple[int, float, float]] | None = None
    for candidate in _candidates(text, view, issues):
        score = _judge(candidate, parties, limits)
        if score is None:
            continue  # some party would veto it
        if view is not parties:
            score = _score(candidate, view)  # acceptance as the mediator knows the parties
        if _better(score, best[1] if best else current):
            best = (candidate, score)
    return best


def _better(score: tuple[int, float, float], than: tuple[int, float, float]) -> bool:
    """Lexicographically larger, ignoring float dust: a gain too small to matter is no gain."""
    if score[0] != than[0]:
        return score[0] > than[0]
    if abs(score[1] - than[1]) > EPSILON:
        return score[1] > than[1]
    return score[2] > than[2] + EPSILON


def _candidates(text: Text, parties: Sequence[Stance], issues: Sequence[str]) -> Iterable[Text]:
    """Single-issue moves everyone gains from, and pairwise trades, each at a few scales."""
    for issue in issues:
        for way in (1.0, -1.0):
            yield from _scaled(text, parties, ((issue, way, 1.0),))
    for first, second in combinations(issues, 2):
        for way_a in (1.0, -1.0):
            for way_b in (1.0, -1.0):
                ratio = _ratio(text, parties, (first, way_a), (second, way_b))
                if ratio is not None:
                    yield from _scaled(text, parties, ((first, way_a, 1.0), (second, way_b, ratio)))


def _hurts(party: Stance, text: Mapping[str, float], issue: str, way: float) -> bool:
    """Whether moving the text on ``issue`` in direction ``way`` takes it away from the party."""
    return (text[issue] - party.position[issue]) * way >= -EPSILON


def _ratio(text: Text, parties: Sequence[Stance], a: tuple[str, float], b: tuple[str, float]) -> float | None:
    """Units moved on issue b per unit moved on issue a such that no party's distance grows
    (while no position is crossed), or None when no such trade exists.

    A party hurt on a and helped on b needs b/a >= its weight on a / its weight on b; one
    helped on a and hurt on b needs b/a <= that ratio; one hurt on both vetoes the trade."""
    low, high = 0.0, math.inf
    for party in parties:
        hurt_a, hurt_b = _hurts(party, text, *a), _hurts(party, text, *b)
        share = party.weight(a[0]) / party.weight(b[0])
        if hurt_a and hurt_b:
            return None
        if hurt_a:
            low = max(low, share)
        elif hurt_b:
            high = min(high, share)
    if low > high or high <= 0:
        return None
    if low == 0.0:
        return 1.0 if math.isinf(high) else high / 2
    return 2 * low if math.isinf(high) else math.sqrt(low * high)


def _room(text: Mapping[str, float], parties: Sequence[Stance], issue: str, way: float) -> float:
    """How far the text can move on ``issue`` before it passes a party's position or leaves a
    red line it is inside (or leaves 0-100): the linear stretch the ratio holds on."""
    value = text[issue]
    room = (100.0 - value) if way > 0 else value
    for party in parties:
        limits = [party.position[issue]]
        if party.red_low[issue] <= value <= party.red_high[issue]:
            limits += [party.red_low[issue], party.red_high[issue]]
        for limit in limits:
            gap = (limit - value) * way
            if gap > EPSILON:
                room = min(room, gap)
    return max(0.0, room)


def _scaled(text: Text, parties: Sequence[Stance], moves: Sequence[tuple[str, float, float]]) -> Iterable[Text]:
    """The text moved by ``moves`` ((issue, direction, units per unit)), as far as every issue's
    room allows, and at the shares of that in SCALES."""
    length = min(_room(text, parties, issue, way) / units for issue, way, units in moves if units > 0)
    if length <= EPSILON or math.isinf(length):
        return
    for scale in SCALES:
        moved = dict(text)
        for issue, way, units in moves:
            moved[issue] = influence.clamp(text[issue] + way * units * length * scale)
        yield moved
