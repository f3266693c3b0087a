"""What values a case can ever reach, as intervals and sets: an over-approximation built from
the initial values and every effect that could move them. Lint uses it to find conditions
that can never hold; three-valued evaluation keeps it sound ('maybe' is never reported)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from roleplay.conditions import And, Compare, Const, Lit, Node, Not, Or, Ref, Truth, Value
from roleplay.engine.blueprint import Blueprint, CompiledEffect
from roleplay.engine.machines import STANDING_TRANSITIONS
from roleplay.engine.world import STANDINGS
from roleplay.model import effects as fx

NEVER, ALWAYS, MAYBE = 0, 1, 2


@dataclass
class Ranges:
    numbers: dict[str, tuple[float, float]] = field(default_factory=dict)
    choices: dict[str, set[Value]] = field(default_factory=dict)  # strings and bools
    why: dict[str, str] = field(default_factory=dict)

    def number(self, name: str) -> tuple[float, float] | None:
        if name in self.numbers:
            return self.numbers[name]
        for prefix, bounds in (("count.", (0.0, 100.0)), ("distance.", (0.0, 100.0)), ("draft.", (-1.0, 100.0))):
            if name.startswith(prefix):
                return bounds
        return None


def all_effects(bp: Blueprint) -> list[tuple[CompiledEffect, bool, str]]:
    """Every effect with whether its source can act repeatedly, and the source's label."""
    found: list[tuple[CompiledEffect, bool, str]] = []
    for compiled in bp.moves.values():
        repeat = compiled.move.max_uses is None or compiled.move.max_uses > 1
        label = f"move {compiled.move.id}"
        found += [(e, repeat, label) for e in compiled.effects]
        found += [(e, repeat, label) for o in compiled.outcomes for e in o.effects]
    for event in bp.events.values():
        repeat = not event.event.once
        label = f"event {event.event.id}"
        found += [(e, repeat, label) for e in event.effects]
        found += [(e, repeat, label) for c in event.choices for e in c.effects]
    for prior in bp.priors.values():
        found += [(e, False, "carry-over") for e in prior.effects]
    found += [(e, False, "carry-over") for e in bp.carried]
    return found


def _affects(selector: str, party: str) -> bool:
    return selector in ("all", "target", "others") or selector == party


def compute(bp: Blueprint) -> Ranges:
    r = Ranges()
    case = bp.case
    effects = all_effects(bp)
    carry = case.carry_over is not None
    for pid, spec in bp.parties.items():
        initial = {
            "trust": spec.trust,
            "ripeness": spec.ripeness,
            "cohesion": spec.cohesion,
            "capability": spec.capability,
        }
        for attr, start in initial.items():
            low = high = start
            total_up = total_down = 0.0
            for compiled, repeat, _ in effects:
                e = compiled.effect
                if not isinstance(e, fx.PARTY_EFFECTS) or not _affects(e.party, pid):
                    continue
                up, down = _deltas(e, attr)
                if repeat and up:
                    total_up = float("inf")
                if repeat and down:
                    total_down = float("inf")
                total_up += 0 if repeat else up
                total_down += 0 if repeat else down
            if attr == "trust":
                # Exclusion, pressure resentment and carry-over move trust without an explicit effect.
                if carry or any(m.move.excludes > 0 for m in bp.moves.values()):
                    total_up = total_up if total_up else 0.0
                    total_down = float("inf")
                if carry:
                    total_up = float("inf")
            low = max(0.0, start - total_down)
            high = min(100.0, start + total_up)
            r.numbers[f"{attr}.{pid}"] = (low, high)
            if low == high == start:
                r.why[f"{attr}.{pid}"] = f"nothing changes {attr} of {pid} from {start:g}"
        for issue, stance in spec.stances.items():
            widened = any(
                isinstance(c.effect, fx.RedLineEffect) and _affects(c.effect.party, pid) for c, _, _ in effects
            )
            moves = any(
                isinstance(c.effect, fx.PersuadeEffect | fx.ShiftEffect) and _affects(c.effect.party, pid)
                for c, _, _ in effects
            )
            low, high = (0.0, 100.0) if widened else stance.red_line
            if not moves:
                low = high = stance.position
                r.why[f"position.{pid}.{issue}"] = f"nothing moves {pid}'s position on {issue} from {stance.position:g}"
            r.numbers[f"position.{pid}.{issue}"] = (low, high)
            r.numbers[f"salience.{pid}.{issue}"] = (0.0, 100.0)
        for other in spec.relations:
            r.numbers[f"relation.{pid}.{other}"] = (0.0, 100.0)
        # Process values also move by rule (revisions of the text, pressure): any value may be reached.
        r.numbers[f"ownership.{pid}"] = (0.0, 100.0)
        r.numbers[f"duress.{pid}"] = (0.0, 100.0)
        r.choices[f"standing.{pid}"] = _standings(spec.standing, effects)
        r.choices[f"accepts.{pid}"] = {False, True} if _drafts(effects) else {False}
    # The mediator and the clock.
    spend = sum(1 for m in bp.moves.values() if m.move.cost.capital)
    gain = any(isinstance(c.effect, fx.CapitalEffect) and c.effect.delta > 0 for c, _, _ in effects)
    r.numbers["capital"] = (0.0 if spend else case.mediation.capital, 100.0 if gain else case.mediation.capital)
    clock = case.clock
    first, last = dt.date.fromisoformat(clock.start), dt.date.fromisoformat(clock.end)
    longest = max((m.move.cost.days for m in bp.moves.values()), default=0)
    r.numbers["turn"] = (0.0, float(clock.max_turns))
    r.numbers["day"] = (0.0, float((last - first).days + longest))
    r.choices["date"] = set()  # dates compare as strings; handled in evaluate()
    r.numbers["ripeness.mutual"] = (0.0, 100.0)
    r.numbers["inclusion"] = (0.0, 100.0)
    for move in bp.moves.values():
        cap = move.move.max_uses if move.move.max_uses is not None else clock.max_turns
        r.numbers[f"played.{move.move.id}"] = (0.0, float(cap))
    for event in bp.events.values():
        r.numbers[f"fired.{event.event.id}"] = (0.0, 1.0 if event.event.once else float(clock.max_turns))
    r.choices["has_draft"] = {False, True} if _drafts(effects) else {False}
    for flag in case.flags:
        values: set[Value] = {flag.initial}
        values |= {
            c.effect.value for c, _, _ in effects if isinstance(c.effect, fx.FlagEffect) and c.effect.flag == flag.id
        }
        r.choices[f"flag.{flag.id}"] = values
    return r


def _deltas(effect: object, attr: str) -> tuple[float, float]:
    """(largest rise, largest fall) one application of the effect can cause on the attribute."""
    if isinstance(effect, fx.ScoreEffect) and effect.kind == attr:
        return max(0.0, effect.delta), max(0.0, -effect.delta)
    if attr == "trust" and isinstance(effect, fx.TrustEffect):
        return (100.0, 0.0) if effect.signal > 0 else (0.0, 100.0) if effect.signal < 0 else (0.0, 0.0)
    if isinstance(effect, fx.PressureEffect):
        if attr == "ripeness":
            return 20.0 * effect.strength, 0.0
        if attr == "trust":
            return 0.0, 100.0
    return 0.0, 0.0


def _drafts(effects: list[tuple[CompiledEffect, bool, str]]) -> bool:
    return any(isinstance(c.effect, fx.DraftEffect) for c, _, _ in effects)


def _standings(initial: str, effects: list[tuple[CompiledEffect, bool, str]]) -> set[Value]:
    actions = {"walk_out", "return"} | {
        c.effect.action for c, _, _ in effects if isinstance(c.effect, fx.StandingEffect)
    }
    reached = {initial}
    changed = True
    while changed:
        changed = False
        for t in STANDING_TRANSITIONS:
            if t["trigger"] not in actions:
                continue
            sources = [t["source"]] if isinstance(t["source"], str) else t["source"]
            if reached & set(sources) and t["dest"] not in reached:
                reached.add(t["dest"])
                changed = True
    return {s for s in STANDINGS if s in reached}


# -- three-valued evaluation -----------------------------------------------------------------


def evaluate(node: Node, r: Ranges, phases: set[str]) -> int:
    if isinstance(node, Const):
        return ALWAYS if node.value else NEVER
    if isinstance(node, Not):
        inner = evaluate(node.part, r, phases)
        return MAYBE if inner == MAYBE else ALWAYS if inner == NEVER else NEVER
    if isinstance(node, And | Or):
        results = [evaluate(p, r, phases) for p in node.parts]
        if isinstance(node, And):
            return NEVER if NEVER in results else ALWAYS if all(x == ALWAYS for x in results) else MAYBE
        return ALWAYS if ALWAYS in results else NEVER if all(x == NEVER for x in results) else MAYBE
    if isinstance(node, Truth):
        values = _values(node.ref.name, r, phases)
        if values is None:
            return MAYBE
        return ALWAYS if values == {True} else NEVER if values == {False} else MAYBE
    return _compare(node, r, phases)


def _values(name: str, r: Ranges, phases: set[str]) -> set[Value] | None:
    if name == "phase":
        return set(phases)
    if name.startswith("in_phase."):
        return {True, False} if name.removeprefix("in_phase.") in phases else {False}
    return r.choices.get(name)


def _compare(node: Compare, r: Ranges, phases: set[str]) -> int:
    left, op, right = node.left, node.op, node.right
    if not isinstance(left, Ref) or isinstance(right, Ref):
        return MAYBE
    name = left.name
    if isinstance(right, tuple):
        values = _values(name, r, phases)
        if not values:
            return MAYBE
        inside = {v in right for v in values}
        result = inside == {True} if op == "in" else inside == {False}
        never = inside == {False} if op == "in" else inside == {True}
        return ALWAYS if result else NEVER if never else MAYBE
    value = right.value if isinstance(right, Lit) else None
    bounds = r.number(name)
    if bounds is not None and isinstance(value, int | float) and not isinstance(value, bool):
        low, high = bounds
        v = float(value)
        table = {
            ">=": (low >= v, high < v),
            ">": (low > v, high <= v),
            "<=": (high <= v, low > v),
            "<": (high < v, low >= v),
            "==": (low == high == v, v < low or v > high),
            "!=": (v < low or v > high, low == high == v),
        }
        always, never = table[op]
        return ALWAYS if always else NEVER if never else MAYBE
    values = _values(name, r, phases)
    if values and op in ("==", "!="):
        hit = {v == value for v in values}
        if op == "==":
            return ALWAYS if hit == {True} else NEVER if hit == {False} else MAYBE
        return ALWAYS if hit == {False} else NEVER if hit == {True} else MAYBE
    return MAYBE


def explain_never(node: Node, r: Ranges, phases: set[str]) -> str:
    """Name the clause that can never hold, with the range its name can take."""
    if isinstance(node, And):
        for part in node.parts:
            if evaluate(part, r, phases) == NEVER:
                return explain_never(part, r, phases)
    if isinstance(node, Compare) and isinstance(node.left, Ref):
        name = node.left.name
        bounds = r.number(name)
        if bounds is not None:
            reason = r.why.get(name, "")
            return f"{name} stays within {bounds[0]:g}-{bounds[1]:g}" + (f" ({reason})" if reason else "")
        values = _values(name, r, phases)
        if values is not None:
            return f"{name} can only be {', '.join(sorted(map(str, values))) or 'nothing'}"
    if isinstance(node, Truth):
        values = _values(node.ref.name, r, phases)
        return f"{node.ref.name} can only be {', '.join(sorted(map(str, values or [])))}"
    return "no combination of reachable values satisfies it"
