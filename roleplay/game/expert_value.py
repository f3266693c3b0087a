"""What the expert mediator (roleplay/game/expert.py) wants a state of the talks to look like.

The expert reads this value on a *believed* copy of the game (roleplay/game/coach.py: every
bottom line it has only estimated is set to the middle of its estimate), so every term below
is something a trainee can see on screen or estimate: trust, who would sign, the draft and the
estimated red lines, relations, ownership, duress, inclusion, the phase and the clock.

Each term, and the literature it follows (ipi-2017: Boutellis and Zahar, "A Process in Search
of Peace", IPI, June 2017; the UN Guidance for Effective Mediation, 2012, as ipi-2017 cites it):

- **Trust in the mediator**, with a shortfall below 50 counted again: consent rests on the
  parties' confidence in the mediator (the Guidance's *consent*).
- **Acceptance**: parties who would sign the draft, and for the others how far the draft is
  from what they could accept (distance beyond tolerance, chapters outside a red line).
- **A zone of possible agreement**: for each chapter, how far apart the parties' red lines
  are. Bridging them (recording convergences, guarantees, talking about powers rather than
  labels) is the mediator's work before any text can be owned by all (ipi-2017 §Phase II: the
  convergence on "the particularities of northern populations" and "territorial integrity").
- **Relations between the parties** below 30: parties that seldom talk face to face compound
  their mistrust (ipi-2017 §The Government's Role in Implementation); war is never far.
- **Ownership, duress and inclusion**: a text the parties own, signed without duress, after
  those it concerns were heard (the Guidance's *national ownership* and *inclusivity*).
- **Progress through the phases, weighed by the clock**: the process has an order (ipi-2017:
  five phases, road map to signature in eleven months), and a phase that has used more than its
  share of the time left is worth leaving.
- **An ending**: an ending near the case's best is worth more than any state; a lesser ending
  is worth less than talks still going, until the clock is nearly out.
- **Capital kept for what the story will open** (``story_reserve``): the process moves the
  move list shows as waiting on the story alone ("once MINUSMA is leaving", "after 'Jets over
  Kidal' has happened": a flag no move of the mediator's sets, an event, a date), with a
  margin for the shocks that drain a team's capital before then; capital below that reserve
  counts heavily. Nothing is kept back while a process move the mediator could open itself is
  still to win (a text the parties could accept): first what the talks can reach. The
  Guidance's *preparedness*, which ipi-2017 §Lessons for the United Nations names "one of the
  key principles"; and ipi-2017's fourth lesson, that the leverage a mediation has (its
  "logistics and expertise") is what it spends.
- **A visible goal brought nearer** (``visible_goals``): the process moves the move list shows
  as waiting on numbers the trainee sees and the mediator's own work moves ("needs the
  Coordination's trust in the Platform at 40 or more (now 33)", "after you have played
  'Back a regional reconciliation forum' 3 times (once so far)"): how far those numbers are
  from what the move needs counts against a state, modestly, so that the look-ahead prefers
  the moves that bring such a step nearer. The Guidance's *preparedness* again: a mediator
  works toward the steps the process will need, not only the one in front of it. While such a
  goal is still to reach, capital counts more (the moves that bring it nearer cost capital):
  ipi-2017's fourth lesson, that a mediation's leverage is what it spends. A state where every
  goal's numbers are met counts a lump more (``Weights.goal_open``): a step pays once it can be
  taken, not point by point, so the last moves toward it count (the Guidance's *preparedness*
  again).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from roleplay.conditions import And, Compare, Fn, Lit, Node, Not, Ref, Truth, compile_node
from roleplay.engine.blueprint import Blueprint, CompiledMove
from roleplay.engine.session import Session
from roleplay.engine.world import PartyState, World
from roleplay.game.missing import triggers_of
from roleplay.game.why_not import case_words, negation_normal_form

#: Trust below this is a shortfall the mediator works on (counted once more, by how far below).
TRUST_FLOOR = 50.0
#: Relations between two parties below this are a danger (counted by how far below).
RELATION_FLOOR = 30.0
#: Turns before the limit at which a lesser ending becomes worth taking.
LAST_TURNS = 4
#: The same, as a share of the clock (for cases whose end date comes before their turn limit).
LAST_SHARE = 0.06
#: The reserve is this many times the cost of the moves waiting on the story (a margin for the
#: shocks that drain capital before they open) ...
RESERVE_MARGIN = 3.0
#: ... and at most this share of the capital the case starts with.
RESERVE_SHARE = 0.5
#: The numbers a visible goal's gap is read from (shown in the parties table, or the
#: mediator's own record of play): relations, trust, ripeness, how often a move was played.
GAP_KINDS = frozenset({"relation", "trust", "ripeness", "played"})
#: A move still to play toward a goal counts as this many points of relations or trust.
PLAY_POINTS = 10.0

#: A gap: how far a state's visible numbers are from what a goal needs (0 when they are there).
Gap = Callable[[World], float]


@dataclass(frozen=True)
class Weights:
    """How much each term counts (see the module's docstring for what each one means)."""

    trust: float = 0.5
    shortfall: float = 0.5
    accepting: float = 15.0
    acceptance_gap: float = 1.0
    zopa: float = 3.0
    relations: float = 0.3
    away: float = 15.0
    progress: float = 20.0
    ownership: float = 0.2
    duress: float = 0.2
    inclusion: float = 0.1
    capital: float = 0.05
    #: A way on to the next phase is open (as the move list shows: a move that moves the talks on).
    way_on: float = 15.0
    #: Each point of capital below the reserve kept for what the story will open.
    reserve: float = 8.0
    #: Each point a visible goal's numbers are short of what it needs (``visible_goals``).
    goal: float = 1.0
    #: Each point of capital while a visible goal is still to reach: the moves that bring it
    #: nearer (forums, talks) cost capital, so capital spent elsewhere is a goal put off.
    goal_capital: float = 0.8
    #: A state where every visible goal's numbers are met (the step it waits for can be taken):
    #: a goal pays when it is reached, not point by point, so the last steps toward it count.
    goal_open: float = 30.0


WEIGHTS = Weights()


def last_turn(blueprint: Blueprint) -> int:
    """The turn limit the trainee is shown."""
    return blueprint.case.clock.max_turns


def top_phases(blueprint: Blueprint) -> list[str]:
    """The case's phases at the top of its graph, in order (Phase I ... Phase V)."""
    return [p for p, path in blueprint.paths.items() if len(path) == 1 and p in blueprint.phases]


def moves_on(blueprint: Blueprint, world: World, move: str) -> bool:
    """Whether ``move`` can move the talks on from where they are: it fires a trigger of the
    phase graph (game/missing.triggers_of) that leaves the current phase (whether it would
    succeed now is for the look-ahead to find out)."""
    here = set(world.phase_path)
    triggers = triggers_of(blueprint, move)
    return any(
        t.transition.trigger in triggers and (t.sources is None or t.sources & here) for t in blueprint.transitions
    )


def time_used(blueprint: Blueprint, world: World) -> float:
    """How much of the time the talks have has gone, 0 to 1: turns against the turn limit or
    days against the end date, whichever runs out first (both are shown to the trainee)."""
    return max(world.turn / last_turn(blueprint), world.day / max(1, blueprint.end_day))


def nearly_out(blueprint: Blueprint, world: World) -> bool:
    """The last few turns, or the last weeks before the end date."""
    turns_left = last_turn(blueprint) - world.turn
    return turns_left <= LAST_TURNS or 1.0 - time_used(blueprint, world) <= LAST_SHARE


def clock_pressure(blueprint: Blueprint, world: World, since: float) -> float:
    """How much moving on is worth now: 0.3 on entering a top phase (at ``since``, a share of
    the time used), 1.3 once the phase has used its share of the time left (the time left
    divided by the top phases still ahead)."""
    tops = top_phases(blueprint)
    top = world.phase_path[0] if world.phase_path else ""
    ahead = len(tops) - tops.index(top) if top in tops else 1
    share = max(2.0 / last_turn(blueprint), (1.0 - since) / max(1, ahead))
    return 0.3 + (time_used(blueprint, world) - since) / share


def waits_on_story(session: Session, compiled: CompiledMove) -> bool:
    """Whether the move list shows ``compiled`` as waiting on the story alone: not playable
    now, and every unmet part of its condition is one the why-not words name without a move of
    the mediator's that would meet it: a flag no move sets ("once MINUSMA is leaving"), an
    event that has to happen ("after 'Jets over Kidal' has happened"), a date."""
    return _standing(session, compiled) == "story"


def _standing(session: Session, compiled: CompiledMove) -> str:
    """What the why-not words say of a move's condition now: "open" (it holds), "closed" (a
    part says "no longer possible"), "story" (only the story can meet what is unmet: see
    ``waits_on_story``) or "yours" (a move of the mediator's could)."""
    setters = case_words(session.blueprint).setters
    unmet = [
        (names, closing) for holds, names, closing in _clauses(session.blueprint, compiled) if not holds(session.world)
    ]
    if not unmet:
        return "open"
    if any(closing for _, closing in unmet):
        return "closed"
    story = all(
        (kind == "flag" and not setters.get(rest)) or kind == "fired" or kind == "date"
        for names, _ in unmet
        for kind, _, rest in (name.partition(".") for name in names)
    )
    return "story" if story else "yours"


#: A clause of a move's condition: its test, the names it reads, and whether it says "no longer
#: possible" (a flag that must not be set).
_Clause = tuple[Fn, tuple[str, ...], bool]
_CLAUSES: weakref.WeakKeyDictionary[Blueprint, dict[str, tuple[_Clause, ...]]] = weakref.WeakKeyDictionary()


def _clauses(blueprint: Blueprint, compiled: CompiledMove) -> tuple[_Clause, ...]:
    """The clauses of a move's condition (as the why-not words split it), made once per move."""
    found = _CLAUSES.setdefault(blueprint, {})
    move = compiled.move.id
    if move not in found:
        names = blueprint.tables[frozenset()]
        tree = negation_normal_form(compiled.available.tree)
        parts = tree.parts if isinstance(tree, And) else (tree,)
        found[move] = tuple(
            (
                compile_node(part, names),
                tuple(_names(part)),
                isinstance(part, Not) and isinstance(part.part, Truth) and part.part.ref.name.startswith("flag."),
            )
            for part in parts
        )
    return found[move]


def story_reserve(session: Session, process: Callable[[str], bool]) -> float:
    """The capital to keep for the process moves (``process``, by move id) that wait on the
    story alone (``waits_on_story``) and have not been played, with a margin for the shocks
    before then, at most a share of the capital the case starts with: what a trainee reads
    off the move list (each move's cost and why-not words) and the opening screen. None while
    a process move the mediator could open itself is still to play: first what the talks can
    reach now (the re-reading a text could win), then what the story will bring."""
    world, blueprint = session.world, session.blueprint
    open_now = {move for move, _ in session.playable()}
    needed = 0.0
    for move, compiled in blueprint.moves.items():
        if compiled.move.target != "none" or move in open_now or world.played.get(move, 0) or not process(move):
            continue
        standing = _standing(session, compiled)
        if standing == "yours":
            return 0.0
        if standing == "story":
            needed += compiled.move.cost.capital
    return min(RESERVE_SHARE * blueprint.case.mediation.capital, RESERVE_MARGIN * needed)


_UNTIL: weakref.WeakKeyDictionary[Blueprint, dict[str, bool]] = weakref.WeakKeyDictionary()


def unfinished(blueprint: Blueprint, move: str) -> bool:
    """Whether ``move``, while it can be played, is a step in stages still short of its last:
    its condition keeps it open only until a flag is set ("no longer possible once the fund
    disburses", in the why-not words), one of its own outcomes sets that flag, and that outcome
    (or another of its own) is open only once an earlier outcome of the same move has set a flag
    of its own: "the strategy is adopted", then "the fund disburses". A trainee reads this off the
    move list: the move stays on it after its first stage, and says what it still waits for."""
    found = _UNTIL.setdefault(blueprint, {})
    if move not in found:
        compiled = blueprint.moves[move]
        tree = negation_normal_form(compiled.available.tree)
        closing = {
            part.part.ref.name
            for part in (tree.parts if isinstance(tree, And) else (tree,))
            if isinstance(part, Not) and isinstance(part.part, Truth) and part.part.ref.name.startswith("flag.")
        }

        def sets(effects: Sequence[object]) -> set[str]:
            return {
                f"flag.{getattr(getattr(e, 'effect', None), 'flag', '')}"
                for e in effects
                if getattr(getattr(e, "effect", None), "kind", None) == "flag"
                and getattr(getattr(e, "effect", None), "value", False) is True
            }

        done = sets(list(compiled.effects)) | {f for o in compiled.outcomes for f in sets(list(o.effects))}
        stages = {f for o in compiled.outcomes for f in sets(list(o.effects))} - closing
        opened = {name for o in compiled.outcomes if o.when is not None for name in o.when.names}
        found[move] = bool(closing & done) and bool(stages & opened)
    return found[move]


def visible_goals(session: Session, process: Callable[[str], bool]) -> tuple[Gap, ...]:
    """The gaps to the process moves (``process``, by move id) the move list shows as not yet
    playable though a move of the mediator's could open them (their why-not words name no
    closed door and not the story alone), read from those of their conditions that are a
    visible number at a bound: "needs X's trust in Y at 40 or more (now 33)", "after you have
    played 'Z' 3 times (once so far)". Each gap is how far a state's number is short of the
    bound (a move still to play counts PLAY_POINTS). None where no process move waits on such
    numbers; a move once played or now open is no goal."""
    world, blueprint = session.world, session.blueprint
    open_now = {move for move, _ in session.playable()}
    gaps: list[Gap] = []
    for move, compiled in blueprint.moves.items():
        if compiled.move.target != "none" or move in open_now or world.played.get(move, 0) or not process(move):
            continue
        if _standing(session, compiled) == "yours":
            gaps.extend(_gaps(blueprint, compiled))
    return tuple(gaps)


_GAPS: weakref.WeakKeyDictionary[Blueprint, dict[str, tuple[Gap, ...]]] = weakref.WeakKeyDictionary()


def _gaps(blueprint: Blueprint, compiled: CompiledMove) -> tuple[Gap, ...]:
    """The gaps of a move's condition: one for each clause (as the why-not words split it) that
    puts a visible number (GAP_KINDS) at or above a bound; made once per move."""
    found = _GAPS.setdefault(blueprint, {})
    move = compiled.move.id
    if move not in found:
        names = blueprint.tables[frozenset()]
        tree = negation_normal_form(compiled.available.tree)
        gaps: list[Gap] = []
        for part in tree.parts if isinstance(tree, And) else (tree,):
            if not isinstance(part, Compare) or part.op not in (">=", ">"):
                continue
            ref, bound = part.left, part.right
            if not isinstance(ref, Ref) or not isinstance(bound, Lit) or ref.name.partition(".")[0] not in GAP_KINDS:
                continue
            if isinstance(bound.value, bool) or not isinstance(bound.value, int | float):
                continue
            get = names[ref.name].getter
            scale = PLAY_POINTS if ref.name.startswith("played.") else 1.0
            gaps.append(_gap_of(get, float(bound.value) + (1.0 if part.op == ">" else 0.0), scale))
        found[move] = tuple(gaps)
    return found[move]


def _gap_of(get: Callable[[World], object], bound: float, scale: float) -> Gap:
    def gap(world: World) -> float:
        value = get(world)
        return scale * max(0.0, bound - float(value)) if isinstance(value, int | float) else 0.0

    return gap


def _names(node: Node) -> list[str]:
    """The names a clause of a condition reads."""
    if isinstance(node, Not):
        return _names(node.part)
    if isinstance(node, Truth):
        return [node.ref.name]
    if isinstance(node, Compare):
        return [side.name for side in (node.left, node.right) if isinstance(side, Ref)]
    parts: tuple[Node, ...] = getattr(node, "parts", ())
    return [name for part in parts for name in _names(part)]


def state_value(
    session: Session, pressure: float, weights: Weights = WEIGHTS, reserve: float = 0.0, goals: tuple[Gap, ...] = ()
) -> float:
    """What the state is worth to the expert (module docstring), read on a believed copy;
    ``reserve``: the capital to keep for what the story will open (``story_reserve``);
    ``goals``: the gaps to the visible goals (``visible_goals``)."""
    blueprint, world = session.blueprint, session.world
    if session.ending is not None:
        return _ending_value(blueprint, world, session.ending.quality)
    core = [world.parties[pid] for pid, spec in blueprint.parties.items() if spec.standing != "outside"]
    if not core:
        return 0.0
    present = [p for p in core if p.present]
    way_on = any(moves_on(blueprint, world, move) for move, _ in session.playable())
    mean = len(core)
    return (
        weights.trust * sum(p.trust for p in core) / mean
        - weights.shortfall * sum(max(0.0, TRUST_FLOOR - p.trust) for p in present)
        + weights.accepting * sum(1 for p in present if world.accepts(p))
        - weights.acceptance_gap * sum(_gap(world, p) for p in present)
        - weights.zopa * _no_zone(present)
        - weights.relations * _strained(present)
        - weights.away * (len(core) - len(present))
        + weights.progress * pressure * blueprint.phase_order.get(world.phase, 0)
        + weights.ownership * sum(p.ownership for p in core) / mean
        - weights.duress * sum(p.duress for p in core) / mean
        + weights.inclusion * world.inclusion
        + weights.capital * world.capital
        - weights.reserve * max(0.0, reserve - world.capital)
        - weights.goal * (short := sum(gap(world) for gap in goals))
        + (weights.goal_open if goals and short == 0 else 0.0)
        + (weights.goal_capital * world.capital if goals else 0.0)
        + (weights.way_on * pressure if way_on else 0.0)
    )


def _ending_value(blueprint: Blueprint, world: World, quality: float) -> float:
    best = max(ending.quality for ending in blueprint.case.endings)
    worth_taking = quality >= best - 5 or nearly_out(blueprint, world)
    return 10.0 * quality + (1000.0 if worth_taking else -1000.0)


def _gap(world: World, party: PartyState) -> float:
    """How far the draft is from what ``party`` could accept (0 if it would sign it)."""
    if not world.draft or world.accepts(party):
        return 0.0
    outside = sum(
        1 for issue, value in world.draft.items() if not party.red_low[issue] <= value <= party.red_high[issue]
    )
    # a chapter it cannot give up, left below its floor, is one more it cannot accept
    outside += sum(1 for issue, floor in world.aspiration.get(party.id, ()) if world.draft.get(issue, -1.0) < floor)
    return max(0.0, world.distance(party) - world.tolerance(party)) + 5.0 * outside


def _no_zone(parties: list[PartyState]) -> float:
    """For each chapter, how far apart the parties' red lines are (0 where some value suits all)."""
    if not parties:
        return 0.0
    return sum(
        max(0.0, max(p.red_low[issue] for p in parties) - min(p.red_high[issue] for p in parties))
        for issue in parties[0].position
    )


def _strained(parties: list[PartyState]) -> float:
    """How far below RELATION_FLOOR each party's relation to each other party is."""
    return sum(
        max(0.0, RELATION_FLOOR - p.relations[q.id])
        for p in parties
        for q in parties
        if p is not q and q.id in p.relations
    )
