"""Changing a party's scores: clamped to their range and recorded with their causes. Every
rule and effect that moves a number of a party goes through ``adjust``."""

from __future__ import annotations

from roleplay.engine import influence
from roleplay.engine.causes import Cause
from roleplay.engine.context import RuleContext
from roleplay.engine.world import PartyState


def adjust(
    ctx: RuleContext,
    label: str,
    party: PartyState,
    attr: str,
    delta: float,
    cause: Cause,
    low: float = 0.0,
    high: float = 100.0,
    key: str | None = None,
) -> None:
    """Add ``delta`` to a score (or to one issue's entry of a dict score), clamped to range.
    The change is recorded as '<label>.<party>[.<key>]'."""
    holder = getattr(party, attr)
    before = holder[key] if key is not None else holder
    after = influence.clamp(before + delta, low, high)
    if after == before and delta == 0:
        return
    if key is not None:
        holder[key] = after
    else:
        setattr(party, attr, after)
    recorder = ctx.recorder
    if recorder.keeps:
        recorder.adjusted(label, party.id, key, before, after, cause)


def trust(ctx: RuleContext, party: PartyState, signal: float, cause: Cause) -> None:
    """A perceived-fairness signal: the asymmetric update, and reputation damage if negative."""
    delta = influence.trust_delta(party.trust, party.damage, signal)
    party.damage += influence.damage_delta(party.damage, signal)
    adjust(ctx, "trust", party, "trust", delta, cause)
