"""Apply effects to the world, recording every change with its cause.

One function per effect kind; the formulas live in ``influence`` so they can be read apart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from roleplay.engine import influence
from roleplay.engine.blueprint import CompiledEffect
from roleplay.engine.causes import Cause
from roleplay.engine.world import PartyState
from roleplay.model import effects as fx

if TYPE_CHECKING:
    from roleplay.engine.session import Session


def select(session: Session, selector: str) -> Sequence[PartyState]:
    """'target', 'all' (everyone not outside the talks), 'others' (all but the target) or an id."""
    world = session.world
    if selector == "target":
        return (world.parties[world.target],) if world.target else ()
    if selector == "all":
        return world.involved()
    if selector == "others":
        return [p for p in world.involved() if p.id != world.target]
    return (world.parties[selector],)


def issues_of(session: Session, issue: str) -> tuple[str, ...]:
    return session.world.issues if issue == "all" else (issue,)


def adjust(
    session: Session,
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
    The change is recorded as '<label>.<party>[.<key>]' (built only when recording)."""
    holder = getattr(party, attr)
    before = holder[key] if key is not None else holder
    after = influence.clamp(before + delta, low, high)
    if after == before and delta == 0:
        return
    if key is not None:
        holder[key] = after
    else:
        setattr(party, attr, after)
    if session.recording:
        name = f"{label}.{party.id}.{key}" if key is not None else f"{label}.{party.id}"
        session.ledger.record(name, before, after, cause.with_amount(after - before))


def trust(session: Session, party: PartyState, signal: float, cause: Cause) -> None:
    delta = influence.trust_delta(party.trust, party.damage, signal)
    party.damage += influence.damage_delta(party.damage, signal)
    adjust(session, "trust", party, "trust", delta, cause)


def _trust(session: Session, effect: fx.TrustEffect, party: PartyState, cause: Cause) -> None:
    trust(session, party, effect.signal, cause)


def _relation(session: Session, effect: fx.RelationEffect, party: PartyState, cause: Cause) -> None:
    for other in select(session, effect.toward):
        if other.id == party.id:
            continue
        before = party.relations[other.id]
        delta = influence.trust_delta(before, 0.0, effect.signal)
        adjust(session, "relation", party, "relations", delta, cause, key=other.id)


def _point(session: Session, toward: str | float, party: PartyState, issue: str) -> float | None:
    world = session.world
    if not isinstance(toward, str):
        return float(toward)
    if toward == "draft":
        return world.draft.get(issue)
    if toward == "compromise":
        # One centre per effect: every party an effect moves goes toward the same point.
        cache = session.compromise_cache
        if issue not in cache:
            cache[issue] = influence.compromise_point(
                (p.position[issue], p.capability, p.salience[issue]) for p in world.present()
            )
        return cache[issue]
    return world.parties[toward].position[issue]


def _move_position(session: Session, party: PartyState, issue: str, delta: float, cause: Cause) -> None:
    # Positions stay inside the party's red line: a red line moves only by a red_line effect.
    adjust(
        session,
        "position",
        party,
        "position",
        delta,
        cause,
        low=party.red_low[issue],
        high=party.red_high[issue],
        key=issue,
    )


def _persuade(session: Session, effect: fx.PersuadeEffect, party: PartyState, cause: Cause) -> None:
    for issue in issues_of(session, effect.issue):
        point = _point(session, effect.toward, party, issue)
        if point is None:
            continue
        delta = influence.persuade_delta(
            party.position[issue], point, effect.strength, party.trust, party.salience[issue]
        )
        _move_position(session, party, issue, delta, cause)


def _shift(session: Session, effect: fx.ShiftEffect, party: PartyState, cause: Cause) -> None:
    for issue in issues_of(session, effect.issue):
        _move_position(session, party, issue, effect.delta, cause)


def _salience(session: Session, effect: fx.SalienceEffect, party: PartyState, cause: Cause) -> None:
    for issue in issues_of(session, effect.issue):
        adjust(session, "salience", party, "salience", effect.delta, cause, key=issue)


def _red_line(session: Session, effect: fx.RedLineEffect, party: PartyState, cause: Cause) -> None:
    for issue in issues_of(session, effect.issue):
        position = party.position[issue]
        # Narrowing never excludes the party's own position.
        adjust(
            session,
            "red_low",
            party,
            "red_low",
            -effect.widen,
            cause,
            high=position,
            key=issue,
        )
        adjust(
            session,
            "red_high",
            party,
            "red_high",
            effect.widen,
            cause,
            low=position,
            key=issue,
        )


def _score(session: Session, effect: fx.ScoreEffect, party: PartyState, cause: Cause) -> None:
    adjust(session, effect.kind, party, effect.kind, effect.delta, cause)


def _pressure(session: Session, effect: fx.PressureEffect, party: PartyState, cause: Cause) -> None:
    temper = session.blueprint.parties[party.id].temperament
    ripeness, signal, walk_out = influence.pressure_effects(
        effect.strength, temper.pressure, temper.deadlines, party.trust
    )
    adjust(session, "ripeness", party, "ripeness", ripeness, cause)
    trust(session, party, signal, cause.with_amount(None, "resents the pressure"))
    if party.standing in ("at_table", "consulting") and walk_out > 0 and session.rng.random() < walk_out:
        session.change_standing(
            party, "walk_out", cause.with_amount(None, f"walked out under pressure (risk {walk_out:.0%})")
        )


def _standing(session: Session, effect: fx.StandingEffect, party: PartyState, cause: Cause) -> None:
    session.change_standing(party, effect.action, cause)


_PARTY_APPLIERS: dict[type, Callable[..., None]] = {
    fx.TrustEffect: _trust,
    fx.RelationEffect: _relation,
    fx.PersuadeEffect: _persuade,
    fx.ShiftEffect: _shift,
    fx.SalienceEffect: _salience,
    fx.RedLineEffect: _red_line,
    fx.ScoreEffect: _score,
    fx.PressureEffect: _pressure,
    fx.StandingEffect: _standing,
}


def _draft(session: Session, effect: fx.DraftEffect, cause: Cause) -> None:
    world = session.world
    issues = list(world.issues) if "all" in effect.issues else effect.issues
    proposal = dict(world.draft)
    for issue in issues:
        if effect.method == "value" and effect.value is not None:
            proposal[issue] = effect.value
        else:
            point = influence.compromise_point(
                (p.position[issue], p.capability, p.salience[issue]) for p in world.present()
            )
            if point is not None:
                proposal[issue] = point
    if world.draft and not effect.imposed:
        # Veto single text: a revision stands only if no party at the table finds it worse.
        for party in world.present():
            old = influence.distance(world.draft, party.position, party.salience)
            new = influence.distance(proposal, party.position, party.salience)
            if new > old + 1e-9:
                session.say(
                    party.id,
                    session.voice(party.id, "rejects"),
                    f"vetoes the revision (distance {old:.0f} -> {new:.0f})",
                )
                return
    for issue, value in proposal.items():
        before = world.draft.get(issue, -1.0)
        if value != before:
            world.draft[issue] = value
            session.ledger.record(
                f"draft.{issue}", before, value, cause.with_amount(value - before if before >= 0 else None)
            )


def apply(session: Session, compiled: CompiledEffect, cause: Cause) -> None:
    effect = compiled.effect
    if session.compromise_cache:
        session.compromise_cache = {}
    note = getattr(effect, "note", None) if session.recording else None
    if note:
        cause = cause.with_amount(None, note)
    applier = _PARTY_APPLIERS.get(type(effect))
    if applier is not None:
        world = session.world
        when = compiled.when
        for party in select(session, effect.party):  # type: ignore[union-attr]
            if when is not None:
                world.party = party.id
                holds = when.test(world)
                world.party = None
                if not holds:
                    continue
            applier(session, effect, party, cause)
        return
    if isinstance(effect, fx.CapitalEffect):
        before = session.world.capital
        session.world.capital = influence.clamp(before + effect.delta)
        session.ledger.record(
            "capital", before, session.world.capital, cause.with_amount(session.world.capital - before)
        )
    elif isinstance(effect, fx.DraftEffect):
        _draft(session, effect, cause)
    elif isinstance(effect, fx.FlagEffect):
        before_flag = session.world.flags[effect.flag]
        if before_flag != effect.value:
            session.world.flags[effect.flag] = effect.value
            session.ledger.record(f"flag.{effect.flag}", before_flag, effect.value, cause)
    elif isinstance(effect, fx.AdvanceEffect):
        session.advance(effect.trigger, cause)
    elif isinstance(effect, fx.EventEffect):
        session.queue_event(effect.event)
