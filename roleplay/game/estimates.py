"""What the mediator knows of the parties' bottom lines, for display: estimates, never the
truth (the engine draws the truth per session; roleplay/engine/knowledge.py). The parties
table, the issue detail, the briefing and the why? view read these; the debrief alone
compares them with the truth."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from roleplay.game.numbers import number

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint, PartySpec
    from roleplay.engine.knowledge import Floors
    from roleplay.engine.state import GameState
    from roleplay.engine.world import PartyState

Range = tuple[float, float]
#: Whether a party would sign the draft, as far as the mediator knows.
Answer = Literal["none", "yes", "no", "maybe"]
#: Narrower than this, an estimate reads as one number.
EXACT = 0.5


def span(values: Range) -> str:
    """'62' for an estimate known to the point, '55-70' otherwise."""
    low, high = values
    return number(low) if high - low < EXACT else f"{number(low)}-{number(high)}"


@dataclass(frozen=True)
class RedLineEstimate:
    """Where each end of a party's red line on an issue may lie."""

    low: Range
    high: Range

    @property
    def exact(self) -> bool:
        return self.low[1] - self.low[0] < EXACT and self.high[1] - self.high[0] < EXACT

    @property
    def surely(self) -> Range:
        """The values inside the red line whatever the truth (may be empty: low > high)."""
        return self.low[1], self.high[0]

    @property
    def possibly(self) -> Range:
        """The values the red line may reach."""
        return self.low[0], self.high[1]

    def words(self) -> str:
        """'20-35 to 100' or '40 to 60': each end, estimated or known."""
        text = f"{span(self.low)} to {span(self.high)}"
        return text if self.exact else f"{text} (estimate)"


def red_line(state: GameState, party: PartyState, issue: str) -> RedLineEstimate:
    from roleplay.engine.knowledge import estimate

    truth, known = state.truth, state.knowledge
    return RedLineEstimate(
        estimate(truth, known, party, f"red_low.{issue}"), estimate(truth, known, party, f"red_high.{issue}")
    )


def tolerance(state: GameState, party: PartyState) -> Range:
    """How far from its ideal the party would sign a text now, as far as the mediator knows."""
    from roleplay.engine.knowledge import base_tolerance, estimate

    base = base_tolerance(state.world, party)
    low, high = estimate(state.truth, state.knowledge, party, "acceptance")
    return max(0.0, base + low), max(0.0, base + high)


def prior_red_line(spec: PartySpec, issue: str) -> RedLineEstimate:
    """What the briefing says of a red line: the sourced ends +/- the case's spread (an end
    at 0 or 100 is no limit, and known)."""
    low, high = spec.stances[issue].red_line
    position = spec.stances[issue].position
    spread = spec.uncertainty.red_line
    low_spread = spread if low > 0 else 0.0
    high_spread = spread if high < 100 else 0.0
    return RedLineEstimate(
        (max(0.0, low - low_spread), min(position, low + low_spread)),
        (max(position, high - high_spread), min(100.0, high + high_spread)),
    )


@dataclass(frozen=True)
class Verdict:
    answer: Answer
    #: One line: whether it would sign the draft, and if not (or if unsure), why.
    text: str


def verdict(blueprint: Blueprint, state: GameState, party: PartyState) -> Verdict:
    """Whether the party would sign the draft, judged from what is known of its bottom lines
    (engine/knowledge.known_answer: the same judgement the parties' voice lines respect)."""
    from roleplay.engine.knowledge import aspiration_short, known_answer

    world = state.world
    answer = known_answer(world, state.truth, state.knowledge, party)
    if answer == "none":
        return Verdict("none", "Draft: none on the table yet.")
    names = {i.id: i.name for i in blueprint.case.issues}
    surely_crossed, maybe_crossed = [], []
    for issue, value in world.draft.items():
        line = red_line(state, party, issue)
        if not line.possibly[0] <= value <= line.possibly[1]:
            surely_crossed.append(names[issue])
        elif not line.surely[0] <= value <= line.surely[1]:
            maybe_crossed.append(f"{names[issue]} (red line {line.words()})")
    if surely_crossed:
        return Verdict("no", f"Draft: ✗ crosses its red line on {', '.join(surely_crossed)}.")
    short = aspiration_short(world, state.knowledge, party.id)
    chapters = _chapters(blueprint, short[1], " or ") if short is not None else ""
    if short is not None and short[0]:
        return Verdict("no", f"Draft: ✗ leaves out what it cannot give up: {chapters}.")
    low, high = tolerance(state, party)
    tolerates = f"distance {world.distance(party):.0f}; it tolerates {span((low, high))}"
    if answer == "no":
        return Verdict("no", f"Draft: ✗ too far from what it wants ({tolerates}; trust and ripeness raise that).")
    if maybe_crossed:
        return Verdict("maybe", f"Draft: ? may cross its red line on {', '.join(maybe_crossed)}.")
    if short is not None:
        return Verdict("maybe", f"Draft: ? may leave out what it cannot give up: one of {chapters}.")
    if answer == "maybe":
        return Verdict("maybe", f"Draft: ? may be too far from what it wants ({tolerates}, estimated).")
    return Verdict("yes", "Draft: ✓ would sign it, as far as you know.")


def _chapters(blueprint: Blueprint, floors: Floors, joint: str) -> str:
    names = {i.id: i.name for i in blueprint.case.issues}
    return joint.join(f"{names[issue]} at {number(floor)} or more" for issue, floor in floors)


def aspiration_words(blueprint: Blueprint, state: GameState, party: PartyState) -> str:
    """What is known of the chapter the party cannot give up, in one line ("" for none)."""
    from roleplay.engine.knowledge import known_floors

    chapters = _chapters(blueprint, known_floors(state.world, state.knowledge, party.id), ", ")
    if not chapters:
        return ""
    if party.id in state.knowledge.told:
        return f"Cannot give up: {chapters} (it told you)"
    return f"Cannot give up one of: {chapters}; hear it on its red lines or a text to learn which"


@dataclass(frozen=True)
class Revealed:
    """One bottom line in the debrief: what the mediator estimated at the end, and the truth."""

    party: str
    what: str
    estimate: str
    truth: str


#: The temperament values the debrief reveals, in words.
_TEMPER_WORDS = {
    "walk_out_below": "walks out when trust falls below",
    "pressure": "yields to pressure (0-100)",
    "exclusion": "minds being left out (0-100)",
}


def revealed(blueprint: Blueprint, state: GameState) -> list[Revealed]:
    """Each uncertain bottom line of each party: the estimate it ended at beside the truth
    ('you estimated 55-70; it was 62'). Pinned ones (a spread of 0) are left out."""
    from roleplay.engine.knowledge import estimate, truth_of

    rows: list[Revealed] = []
    names = {i.id: i.name for i in blueprint.case.issues}
    truth, known = state.truth, state.knowledge
    for pid, party in state.world.parties.items():
        spec, who = blueprint.parties[pid], party_name_of(blueprint, pid)
        if spec.uncertainty.red_line > 0:
            for issue in state.world.issues:
                line = red_line(state, party, issue)
                actual = f"{number(party.red_low[issue])} to {number(party.red_high[issue])}"
                rows.append(Revealed(who, f"red line on {names[issue]}", line.words(), actual))
        if pid in state.world.aspiration:
            told = pid in known.told
            said = _chapters(blueprint, state.world.aspiration[pid], ", ") if told else "not learnt"
            rows.append(Revealed(who, "cannot give up", said, _chapters(blueprint, state.world.aspiration[pid], ", ")))
        if spec.uncertainty.acceptance > 0:
            low, high = tolerance(state, party)
            rows.append(
                Revealed(who, "signs a text within distance", span((low, high)), number(state.world.tolerance(party)))
            )
        if spec.uncertainty.temperament > 0:
            for name, words in _TEMPER_WORDS.items():
                key = f"temperament.{name}"
                rows.append(
                    Revealed(who, words, span(estimate(truth, known, party, key)), number(truth_of(truth, party, key)))
                )
    return rows


def party_name_of(blueprint: Blueprint, pid: str) -> str:
    persona = blueprint.personas.get(pid)
    return persona.short_name if persona else pid


def known_words(state: GameState, party: PartyState) -> str:
    """What is known of the party's threshold and temper, in one line (estimates)."""
    from roleplay.engine.knowledge import estimate

    signs = span(tolerance(state, party))
    leaves = span(estimate(state.truth, state.knowledge, party, "temperament.walk_out_below"))
    return f"Signs a text within distance {signs} of what it wants · walks out below trust {leaves}"


def known_lines(blueprint: Blueprint, state: GameState, party: PartyState) -> str:
    """known_words, and on a line of its own what is known of what it cannot give up."""
    aspiration = aspiration_words(blueprint, state, party)
    return known_words(state, party) + (f"\n{aspiration}" if aspiration else "")
