"""The influence model: pure formulas, documented with their sources in docs/model.md.

Every function here is a formula on plain numbers, so instructors can check outcomes by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

# Trust is quick to lose and slow to rebuild: losses learn three times faster than gains.
LEARN_UP = 0.2
LEARN_DOWN = 0.6
# A betrayal also lowers the ceiling trust can recover to; the damage fades slowly.
DAMAGE_PER_SIGNAL = 25.0
DAMAGE_CAP = 50.0
DAMAGE_DECAY = 0.9  # share of reputation damage kept at each turn

# Acceptance of the draft: the tolerance grows with trust in the mediator and with ripeness.
TOLERANCE_BASE = 8.0
TOLERANCE_PER_TRUST = 0.2
TOLERANCE_PER_RIPENESS = 0.15
# Pressure does not buy consent: ripeness made by pressure counts at half weight, and duress
# (consent given under pressure) breeds resentment that lowers the tolerance.
TOLERANCE_PRESSURE_WEIGHT = 0.5
TOLERANCE_PER_DURESS = 0.05


class Acceptance(NamedTuple):
    """The acceptance rule's parameters (a case's [acceptance], docs/model.md)."""

    base: float = TOLERANCE_BASE
    per_trust: float = TOLERANCE_PER_TRUST
    per_ripeness: float = TOLERANCE_PER_RIPENESS
    pressure_weight: float = TOLERANCE_PRESSURE_WEIGHT
    per_duress: float = TOLERANCE_PER_DURESS


DEFAULT_ACCEPTANCE = Acceptance()


def clamp(value: float, low: float = 0.0, high: float = 100.0) -> float:
    return low if value < low else high if value > high else value


def trust_delta(trust: float, damage: float, signal: float) -> float:
    """Change of trust for a perceived-fairness signal in [-1, 1] (asymmetric update)."""
    if signal >= 0:
        ceiling = 100.0 - damage
        return LEARN_UP * signal * max(0.0, ceiling - trust)
    return LEARN_DOWN * signal * trust


def damage_delta(damage: float, signal: float) -> float:
    """Reputation damage added by a negative signal (none for a positive one)."""
    if signal >= 0:
        return 0.0
    return min(DAMAGE_CAP, damage + DAMAGE_PER_SIGNAL * -signal) - damage


def receptivity(trust: float, salience: float) -> float:
    """Share of the way a party lets itself be persuaded: more with trust, less on salient issues."""
    return (0.25 + 0.75 * trust / 100.0) * (1.0 - 0.5 * salience / 100.0)


def persuade_delta(position: float, toward: float, strength: float, trust: float, salience: float) -> float:
    return strength * receptivity(trust, salience) * (toward - position)


def compromise_point(stances: Iterable[tuple[float, float, float]]) -> float | None:
    """Weighted centre of (position, capability, salience) triples: the Bueno de Mesquita median's
    mean-field cousin, where each party pulls with its weight times how much the issue matters."""
    total = 0.0
    weight_sum = 0.0
    for position, capability, salience in stances:
        weight = capability * salience
        total += weight * position
        weight_sum += weight
    if weight_sum <= 0:
        return None
    return total / weight_sum


def distance(draft: Mapping[str, float], position: Mapping[str, float], salience: Mapping[str, float]) -> float:
    """Salience-weighted mean distance between the draft and a party's positions (0-100)."""
    weighted = 0.0
    weights = 0.0
    for issue, value in draft.items():
        weight = salience[issue] or 1.0
        weighted += weight * abs(value - position[issue])
        weights += weight
    return weighted / weights if weights else 0.0


def tolerance(
    trust: float,
    ripeness: float,
    pressured: float = 0.0,
    duress: float = 0.0,
    rule: Acceptance = DEFAULT_ACCEPTANCE,
) -> float:
    """How far from its ideal a party will sign up to, given its trust and its ripeness. Of the
    ripeness, the part pressure made (``pressured``, at most all of it) counts at
    ``pressure_weight``; duress takes ``per_duress`` a point off."""
    forced = min(max(pressured, 0.0), ripeness)
    felt = ripeness - forced + rule.pressure_weight * forced
    return rule.base + rule.per_trust * trust + rule.per_ripeness * felt - rule.per_duress * duress


def repeat_scale(decay: float, plays: int) -> float:
    """Diminishing returns: the ``plays``-th play of a move scales its effects by decay^(plays-1)."""
    return decay ** (plays - 1) if plays > 1 else 1.0


def factor_multiplier(value: float, favoured: bool) -> float:
    """Outcome weights: x(0.5 + v/100) for a favouring factor, x(1.5 - v/100) for a hindering one."""
    return 0.5 + value / 100.0 if favoured else 1.5 - value / 100.0


def pressure_effects(
    strength: float, yielding: float, deadlines: float, trust: float, room: float = 100.0
) -> tuple[float, float, float]:
    """(ripeness delta, trust signal, walk-out chance) of pressure with the given strength;
    ``room`` is what is left of the party's cap on ripeness made by pressure."""
    ripeness = min(20.0 * strength, max(room, 0.0))
    signal = -strength * (1.0 - yielding / 100.0)
    walk_out = strength * (deadlines / 100.0) * (1.0 - trust / 100.0)
    return ripeness, signal, walk_out
