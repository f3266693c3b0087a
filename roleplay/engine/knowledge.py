"""Bottom lines the mediator has to discover (docs/model.md, bottom lines).

Each session draws its parties' true red lines, acceptance thresholds and temperaments
within the author's spreads around the sourced values, from a generator of its own derived
from the seed: the same seed gives the same bottom lines, and the session's main generator
draws exactly what it drew before.

What the mediator knows is kept as two margins around the truth: an estimate is
[truth - below, truth + above], cut to what is possible (a red line's low end never above
the party's position). A reveal shrinks both margins by the same share, so the truth keeps
the place it was drawn at inside the estimate (uniform) and an estimate tells no more than
its width; what a party says of a text cuts one margin. Margins rather than bounds, so that
an estimate moves with the red line when an effect widens it, as the trainee sees it do.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from roleplay.engine import influence
from roleplay.engine.blueprint import Blueprint, PartySpec
from roleplay.engine.world import PartyState, World
from roleplay.model.persona import Temperament

#: The temperament values a session draws, in the order it draws them.
TEMPER_FIELDS = ("pressure", "exclusion", "deadlines", "walk_out_below", "return_above")
#: Margins per (party, key); keys: 'red_low.<issue>', 'red_high.<issue>', 'acceptance',
#: 'temperament.<field>'.
Margins = dict[tuple[str, str], tuple[float, float]]


@dataclass(frozen=True)
class Truth:
    """The bottom lines one session drew: the rules read them, the trainee never sees them
    during play (the debrief reveals them). Never changed after the start."""

    #: Red lines at the start, per party and issue (the world's red lines move from these).
    red_low: dict[str, dict[str, float]]
    red_high: dict[str, dict[str, float]]
    #: Per party, added to the case's acceptance base: its own threshold.
    leeway: dict[str, float]
    temperament: dict[str, Temperament]
    #: Per party with an aspiration: the chapter it cannot give up, drawn this session.
    aspiration: dict[str, str] = field(default_factory=dict)


class Knowledge:
    """What the mediator knows of each party's bottom lines, as margins around the truth."""

    __slots__ = ("margins", "told")

    def __init__(self, margins: Margins, told: Iterable[str] = ()) -> None:
        self.margins = margins
        #: The parties that have said which chapter they cannot give up (their aspiration).
        self.told = set(told)

    def copy(self) -> Knowledge:
        return Knowledge(dict(self.margins), self.told)

    def shrink(self, party: str, keys: Iterable[str], share: float) -> None:
        """Every estimate of ``keys`` narrows by ``share`` around the truth."""
        keep = 1.0 - share
        margins = self.margins
        for key in keys:
            below, above = margins[(party, key)]
            margins[(party, key)] = (below * keep, above * keep)

    def cut(self, party: str, key: str, *, below: float | None = None, above: float | None = None) -> None:
        """What was learned bounds the truth: the estimate's low end rises to ``truth - below``
        (or its high end falls to ``truth + above``), never widening it."""
        old_below, old_above = self.margins[(party, key)]
        new_below = old_below if below is None else min(old_below, max(0.0, below))
        new_above = old_above if above is None else min(old_above, max(0.0, above))
        self.margins[(party, key)] = (new_below, new_above)


def draw(blueprint: Blueprint, seed: int) -> tuple[Truth, Knowledge]:
    """The true bottom lines of a session of ``blueprint`` with ``seed``, and what the
    mediator knows at the start (the sourced values +/- the spreads). A generator of its own:
    the session's generator is left as it was."""
    rng = random.Random(f"{seed}:bottom-lines")
    margins: Margins = {}
    red_low: dict[str, dict[str, float]] = {}
    red_high: dict[str, dict[str, float]] = {}
    leeway: dict[str, float] = {}
    temperament: dict[str, Temperament] = {}
    base = blueprint.case.acceptance.base
    aspiration: dict[str, str] = {}
    for pid, spec in blueprint.parties.items():
        red_low[pid], red_high[pid] = _red_lines(rng, spec, margins)
        spread = spec.uncertainty.acceptance
        leeway[pid] = _drawn(rng, 0.0, spread, -base, float("inf"), margins, (pid, "acceptance"))
        temperament[pid] = _temperament(rng, spec, margins)
        if spec.aspiration:
            aspiration[pid] = _aspiration(random.Random(f"{seed}:aspiration:{pid}"), spec)
    return Truth(red_low, red_high, leeway, temperament, aspiration), Knowledge(margins)


def _aspiration(rng: random.Random, spec: PartySpec) -> str:
    """The chapter the party cannot give up, drawn with equal chance among its aspiration's
    (a generator of its own, so that every other draw stays where it was): the party signs no
    text below the floor given there (World.accepts). The mediator learns which one it is when
    the party tells its red lines or judges a text (docs/model.md, "A chapter it cannot give
    up")."""
    chapters = sorted(spec.aspiration)
    return chapters[int(rng.random() * len(chapters))]


def _drawn(
    rng: random.Random, value: float, spread: float, low: float, high: float, margins: Margins, key: tuple[str, str]
) -> float:
    """A value drawn uniformly within ``value +/- spread``, cut to [low, high]; its margins
    are what the mediator starts from. Always one draw, so a spread set to 0 leaves the
    other draws where they were."""
    u = rng.random()
    start_low, start_high = max(low, value - spread), min(high, value + spread)
    truth = influence.clamp(round(value + spread * (2.0 * u - 1.0), 1), start_low, start_high)
    margins[key] = (truth - start_low, start_high - truth)
    return truth


def _red_lines(rng: random.Random, spec: PartySpec, margins: Margins) -> tuple[dict[str, float], dict[str, float]]:
    """Each end drawn inside the scale and on its side of the position. An end at 0 or 100
    is no limit at all, and a spread would invent one: it stays (and is known)."""
    spread = spec.uncertainty.red_line
    lows: dict[str, float] = {}
    highs: dict[str, float] = {}
    for issue, stance in spec.stances.items():
        low, high = stance.red_line
        position = stance.position
        low_key, high_key = (spec.id, f"red_low.{issue}"), (spec.id, f"red_high.{issue}")
        lows[issue] = _drawn(rng, low, spread if low > 0 else 0.0, 0.0, position, margins, low_key)
        highs[issue] = _drawn(rng, high, spread if high < 100 else 0.0, position, 100.0, margins, high_key)
    return lows, highs


def _temperament(rng: random.Random, spec: PartySpec, margins: Margins) -> Temperament:
    spread = spec.uncertainty.temperament
    drawn = {
        name: _drawn(
            rng, getattr(spec.temperament, name), spread, 0.0, 100.0, margins, (spec.id, f"temperament.{name}")
        )
        for name in TEMPER_FIELDS
    }
    if drawn["return_above"] < drawn["walk_out_below"]:  # it must come back above where it leaves
        below, above = margins[(spec.id, "temperament.return_above")]
        lift = drawn["walk_out_below"] - drawn["return_above"]
        margins[(spec.id, "temperament.return_above")] = (below + lift, max(0.0, above - lift))
        drawn["return_above"] = drawn["walk_out_below"]
    return spec.temperament.model_copy(update=drawn)


# -- reading the estimates ------------------------------------------------------------------


def truth_of(truth: Truth, party: PartyState, key: str) -> float:
    """The true value behind an estimate, now (red lines move during play)."""
    kind, _, rest = key.partition(".")
    if kind == "red_low":
        return party.red_low[rest]
    if kind == "red_high":
        return party.red_high[rest]
    if kind == "acceptance":
        return truth.leeway[party.id]
    return float(getattr(truth.temperament[party.id], rest))


def _possible(party: PartyState, key: str) -> tuple[float, float]:
    """Where the value could lie at all, as anyone can see."""
    kind, _, rest = key.partition(".")
    if kind == "red_low":
        return 0.0, party.position[rest]
    if kind == "red_high":
        return party.position[rest], 100.0
    if kind == "acceptance":
        return float("-inf"), float("inf")
    return 0.0, 100.0


def estimate(truth: Truth, knowledge: Knowledge, party: PartyState, key: str) -> tuple[float, float]:
    """What the mediator knows of a value: an interval that always holds the truth."""
    value = truth_of(truth, party, key)
    below, above = knowledge.margins[(party.id, key)]
    low, high = _possible(party, key)
    return max(low, value - below), min(high, value + above)


def keys_of(aspects: Iterable[str], issues: Iterable[str]) -> list[str]:
    """The estimates a reveal of these aspects narrows."""
    keys: list[str] = []
    issue_ids = list(issues)
    for aspect in aspects:
        if aspect == "red_lines":
            keys += [f"{end}.{issue}" for issue in issue_ids for end in ("red_low", "red_high")]
        elif aspect == "acceptance":
            keys.append("acceptance")
        else:
            keys += [f"temperament.{name}" for name in TEMPER_FIELDS]
    return keys


def hear_verdict(
    world: World, truth: Truth, knowledge: Knowledge, party: PartyState, text: Mapping[str, float]
) -> list[str]:
    """The party says how it judges a text: which values cross its red lines (so each red
    line lies beyond that value) and, if none does, whether it could sign it (so its
    threshold lies above or below what the text needs). Returns the issues it cannot accept."""
    crossed: list[str] = []
    pid = party.id
    for issue, value in text.items():
        low, high = party.red_low[issue], party.red_high[issue]
        if value < low:
            knowledge.cut(pid, f"red_low.{issue}", below=low - value)
        else:
            knowledge.cut(pid, f"red_low.{issue}", above=value - low)
        if value > high:
            knowledge.cut(pid, f"red_high.{issue}", above=value - high)
        else:
            knowledge.cut(pid, f"red_high.{issue}", below=high - value)
        if not low <= value <= high:
            crossed.append(issue)
    knowledge.told.add(pid)
    crossed += [issue for issue, floor in world.aspiration.get(pid, ()) if issue in text and text[issue] < floor]
    if text and not crossed:
        need = influence.distance(text, party.position, party.salience) - base_tolerance(world, party)
        leeway = truth.leeway[pid]
        if need <= leeway:
            knowledge.cut(pid, "acceptance", below=leeway - need)
        else:
            knowledge.cut(pid, "acceptance", above=need - leeway)
    return crossed


Floors = tuple[tuple[str, float], ...]


def known_floors(world: World, knowledge: Knowledge, pid: str) -> Floors:
    """What the mediator knows the party cannot give up: the chapter it named (with its floor),
    else every chapter it may be; () for a party without an aspiration."""
    return world.aspiration.get(pid, ()) if pid in knowledge.told else world.aspiration_candidates.get(pid, ())


def aspiration_short(world: World, knowledge: Knowledge, pid: str) -> tuple[bool, Floors] | None:
    """Where the draft may fall short of what the party cannot give up, as far as the mediator
    knows: (whether it surely does, the chapters it may fall short on), or None when the draft
    surely gives it enough."""
    floors = known_floors(world, knowledge, pid)
    short = tuple((issue, floor) for issue, floor in floors if world.draft.get(issue, -1.0) < floor)
    if not short:
        return None
    return pid in knowledge.told or len(short) == len(floors), short


def base_tolerance(world: World, party: PartyState) -> float:
    """The case's acceptance rule without the party's own threshold: what anyone can compute."""
    return influence.tolerance(party.trust, party.ripeness, party.pressured, party.duress, world.acceptance)


def seen(knowledge: Knowledge, party: PartyState, name: str, value: float, *, crossed: bool) -> None:
    """A party stays or leaves at its trust for all to see: a threshold of its temperament
    (``walk_out_below``, ``return_above``) lies above its trust when ``crossed`` (it left, or
    has not come back), at or below it otherwise."""
    key = f"temperament.{name}"
    if crossed:
        knowledge.cut(party.id, key, below=value - party.trust)
    else:
        knowledge.cut(party.id, key, above=party.trust - value)


def known_answer(world: World, truth: Truth, knowledge: Knowledge, party: PartyState) -> str:
    """Whether the party would sign the draft as far as the mediator knows: 'yes' (whatever
    the truth within the estimates), 'no' (whatever it is), 'maybe', or 'none' without a draft.
    The one judgement the views show (game/estimates.verdict) and the voice lines respect."""
    if not world.draft:
        return "none"
    short = aspiration_short(world, knowledge, party.id)
    if short is not None and short[0]:
        return "no"
    unsure = short is not None
    for issue, value in world.draft.items():
        low = estimate(truth, knowledge, party, f"red_low.{issue}")
        high = estimate(truth, knowledge, party, f"red_high.{issue}")
        if not low[0] <= value <= high[1]:
            return "no"
        unsure = unsure or not low[1] <= value <= high[0]
    distance = world.distance(party)
    base = base_tolerance(world, party)
    least, most = estimate(truth, knowledge, party, "acceptance")
    if distance > max(0.0, base + most):
        return "no"
    return "maybe" if unsure or distance > max(0.0, base + least) else "yes"
