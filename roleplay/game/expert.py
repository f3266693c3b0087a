"""A closed-loop mediator that plays by the mediation literature, from what the trainee sees.

It reads the game only as a trainee does: the moves it may play now (names and summaries),
the rows of the parties table (``views.party_rows``: standing, trust, ripeness, whether a
party would sign the draft as far as the estimates tell), the crisis waiting for an answer,
the clock (the turn limit and the end date) and its own record of what it played. It thinks ahead the way the coach does
(roleplay/game/coach.py): on a *believed* copy of the game, where every bottom line it has
only estimated is the middle of its estimate, with a generator of its own (never the
session's future dice), each outcome weighed by its chance. So it never reads a hidden value
and never draws the session's random numbers.

Each decision weighs two things: the literature's rules below (a prior on each move, read from
its name) and what the move likely leads to, two moves ahead (each outcome at least
LIKELY_ENOUGH likely followed one move further, weighed by its chance), valued as a mediator values a
state of the talks (roleplay/game/expert_value.py: trust, acceptance, a zone of possible
agreement, relations, ownership, duress, inclusion, progress under the clock). Two rules are
not weighed but kept: no final signature while a party at the table would not sign (unless the
clock is out), and, in a crisis, no answer that buys one party's trust with another's.

Its rules, in order of the literature it follows (ipi-2017: Boutellis and Zahar, "A Process
in Search of Peace", IPI, June 2017; icg-2014: Crisis Group, "Mali: Reform or Relapse"):

- **Confidence before substance**: confidence-building and security measures first
  (ipi-2017 §Phase I: the prisoner release announced "as a confidence-building measure", the
  evening security talks); the UN Guidance on Effective Mediation (2012) fundamental
  *preparedness*, "one of the key principles of the UN Guidance" as ipi-2017 §Lessons for
  the United Nations cites it.
  Peace dividends count as confidence-building too: a development strategy and fund that pay
  in the north give the population a stake in the agreement (ipi-2017 §The Missing Pieces:
  Peace Dividends and Societal Buy-In). A confidence step the move list keeps open until it has
  done its work (its condition reads "not yet X" and one of its outcomes brings X: the fund
  disburses, the patrols run) is not worn by its failed tries: the mediator keeps at it.
- **Inclusion**: hear civil society, seat or consult the splinter groups, include women:
  the Guidance's *inclusivity*, whose mark ipi-2017 §Lessons for the United Nations notes;
  ipi-2017 n. 62 (three women at most per delegation, an all-male Platform) and §Phase II
  (Mopti and the Peulh not represented).
- **Consult before drafting, and never impose**: table a text built from the parties' own
  work, hear each party that would not sign it, then redraft from what they said; grant
  time to consult a base; no text presented as final: the government later "believes that the
  agreement has been imposed upon them" (ipi-2017 §The Government's Role in Implementation);
  the Guidance's *consent* and *national ownership*. One imposition is left to the look-ahead:
  the state's red lines written into the road map, as the real one did (ipi-2017 §Phase I),
  at the cost in the Coordination's ownership that the value counts.
- **Direct dialogue** between the parties once a text exists (ipi-2017 §Phase IV: "a
  positive step and a useful exercise in catharsis").
- **No amnesty** for serious crimes: the Guidance's *international law and normative
  frameworks*.
- **Pressure only when the talks are not ripe and trust is high**: "The threat of sanctions
  during earlier negotiations yielded little return" (icg-2014); a mediator the parties do
  not trust cannot lean on them.
- **Impartiality without aloofness**: in a crisis, no answer that buys one party's trust with
  another's; but an answer that two parties at odds with each other both welcome (the table
  shows their relations below 30) reconciles rather than takes sides, even if a third party
  frowns on a deal it was not part of (ipi-2017 §Local Mediation: the Anefis pacts "resulted from
  direct bilateral talks"; icg-2015: back peace from below). Keeping one's distance from such
  a pact is not keeping calm.
- **Sign only what every party at the table would sign** (the Guidance's *consent*), and
  one text signed together before separate signatures (ipi-2017 §Phase I).
- **Preparedness: keep capital for what the story will open.** The moves the move list shows
  waiting on the story alone (MINUSMA leaving, an event that has to happen) will need the
  capital they cost, and the shocks before then will take some: the look-ahead counts capital
  below three times their cost as a loss, once no process move it could open itself is left to
  win (expert_value.story_reserve; the Guidance's *preparedness*, ipi-2017 §Lessons for the
  United Nations). Waiting costs nothing: a move
  that spends no capital is held back for its first two repeats only.
- **Leverage kept up while the bottom-up work is unfinished**: while a confidence step the move
  list shows waiting on numbers the mediator's own work moves is still to reach (a visible goal,
  expert_value.visible_goals) and the team's capital is below LOW_CAPITAL, a move that restores
  capital (as the look-ahead finds) without moving the talks on, such as aligning the team or
  lending UN aircraft and experts, comes first; a limited move that moves the talks on (a
  ministerial relaunch) is kept for that. ipi-2017 §Lessons for the United Nations, fourth
  lesson: "UN assets such as logistics and expertise provide opportunities for leverage"; and
  a team that is "a motley crew with different interests" (ipi-2017 §The International
  Community) has to agree its common line again before it can spend it.

How often it reaches each case's best ending, against greedy and history: benchmarks/README.md.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from roleplay.engine.actions import Play, Respond
from roleplay.engine.session import Session
from roleplay.game.coach import believed
from roleplay.game.expert_value import (
    RELATION_FLOOR,
    Gap,
    clock_pressure,
    nearly_out,
    state_value,
    story_reserve,
    time_used,
    top_phases,
    unfinished,
    visible_goals,
)
from roleplay.game.lookahead import Tried, try_action
from roleplay.game.missing import triggers_of
from roleplay.game.views import PartyRow, party_rows
from roleplay.model.transcript import EventMode
from roleplay.strategies.base import Move

#: Kinds of move, recognised from the move's id and name (the first pattern that matches).
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            "avoid",
            r"amnesty|present_as_final|open_every_issue|hundred_days|signatories_only|fold_|camp_one|status_first"
            # full seats for every splinter reward splitting (docs/cases/lessons.md, lesson 17)
            r"|full_seats",
        ),
        ("impose", r"enshrine"),
        ("proximity", r"proximity"),
        ("pressure", r"sanction|threat|name_and_shame|pressure|deadline|back_sanctions"),
        ("finish", r"sign|initial|road_map_(separate|joint)|adopt_|install_|keep_agreement_open"),
        (
            "confidence",
            r"prisoner|security|ceasefire|pact|monitor|jtcs|patrol|deconfliction|handover|drawdown|good_offices"
            r"|development|dividend",
        ),
        ("inclusion", r"civil_society|hearing|admit|invitee|forum|socialise|women|bring_|umbrella"),
        ("consult", r"review|shuttle|consult|suspend_|agree_interim|reopen|package"),
        ("dialogue", r"direct_dialogue|dialogue|protocol|joint_track|together"),
        ("draft", r"propose|draft|elements|convergences|thematic|rereading|timeline"),
        ("team", r"college|align|unite|friends|triumvirate|presence|observer|committee|press_government"),
        ("wait", r"adjourn|session|statement|launch"),
    )
)
#: Answers to a crisis the literature favours, and those it warns against (by label words).
#: Seating or admitting a new group is not favoured by its words: IPI found that rewarding the
#: groups that split encouraged splitting (docs/cases/lessons.md, lesson 17).
GOOD_ANSWER = re.compile(r"calm|restraint|keep|hear|consult|include|dialogue|time|patrol|talk")
#: "press on" is not pressure: the word is matched whole.
#: Keeping one's distance from a pact the parties made is not keeping calm (see the docstring).
BAD_ANSWER = re.compile(
    r"blame|threat|sanction|exclude|refuse|deny|turn .*away|force|ignore|pressure|punish|arrest|distance"
)


#: How much the literature's rules count beside the look-ahead's value (its scale: a party's
#: trust point is 0.5, a party that would sign 15).
PRIOR = 0.4
#: How many of the best moves one ahead are looked at two ahead.
WIDTH = 6
#: An outcome at least this likely is followed one move further (rarer ones count as they end).
LIKELY_ENOUGH = 0.2
#: Capital below which the team's leverage is running out while a visible goal is still to reach,
#: and what a move that restores it is worth then (a prior, weighed like the rules' priors).
LOW_CAPITAL = 30.0
RESTORE = 40.0
#: A crisis answer that raises one party's trust while another's falls by 5 or more.
TAKING_SIDES = 30.0


def kind_of(move_id: str) -> str:
    for kind, pattern in KINDS:
        if pattern.search(move_id):
            return kind
    return "other"


@dataclass(frozen=True)
class Seen:
    """The game as the trainee's screens show it this turn."""

    rows: tuple[PartyRow, ...]  #: the parties in the talks (not outside)
    has_draft: bool
    everyone_accepts: bool
    mean_trust: float
    mean_ripeness: float
    capital: float


class ExpertStrategy:
    """See the module's docstring: a literature-based mediator reading the trainee's view."""

    name = "expert"
    events: EventMode = "all"

    def __init__(self, seed: int) -> None:
        self.seed = seed  # deterministic: the same view gives the same move
        self.played: Counter[tuple[str, str | None]] = Counter()
        #: Consultations since the text was last (re)drafted: consult first, then redraft.
        self.heard = 0
        #: The top phase the talks are in, and how much of the time had gone when they entered it.
        self.phase = ""
        self.since = 0.0

    def choose(self, session: Session) -> Move | None:
        options = session.playable()
        if not options:
            return None
        weighed = self.weigh(session)
        move = max(weighed, key=lambda w: w[0])[1] if weighed else options[0]
        self.played[move] += 1
        kind = kind_of(move[0])
        self.heard = 0 if kind == "draft" else self.heard + (kind == "consult")
        return move

    def weigh(self, session: Session) -> list[tuple[float, Move]]:
        """The moves it considers now, each with what it is worth to the expert: the best of
        them one move ahead, valued two moves ahead, plus the literature's prior."""
        world = session.world
        top = world.phase_path[0] if world.phase_path else ""
        if top != self.phase:
            self.phase, self.since = top, time_used(session.blueprint, world)
        seen = self._see(session)
        base = believed(session)
        pressure = clock_pressure(session.blueprint, world, self.since)
        reserve = story_reserve(session, _process)
        goals = visible_goals(session, _builds)
        closing = self._closing(session)
        # (one move ahead plus the rules' prior, the prior, the move, what it likely leads to)
        ahead: list[tuple[float, float, Move, Tried]] = []
        for option in session.playable():
            if closing and _signs(option[0]) and not seen.everyone_accepts:
                continue  # consent: no signature while a party at the table would not sign
            tried = try_action(base, Play(*option), lambda s: state_value(s, pressure, reserve=reserve, goals=goals))
            if tried is not None:
                prior = PRIOR * self._value(session, seen, option)
                if goals and restores_leverage(session, option[0], tried):
                    prior += PRIOR * RESTORE  # leverage restored before it runs out
                ahead.append((tried.value + prior, prior, option, tried))
        ahead.sort(key=lambda w: -w[0])  # stable: ties keep the game's order
        return [
            (self._two_ahead(tried, pressure, reserve, goals) + prior, option)
            for _, prior, option, tried in ahead[:WIDTH]
        ]

    def respond(self, session: Session) -> str:
        base = believed(session)
        pressure = clock_pressure(session.blueprint, session.world, self.since)
        reserve = story_reserve(session, _process)
        goals = visible_goals(session, _builds)
        core = [pid for pid, spec in session.blueprint.parties.items() if spec.standing != "outside"]
        best, best_value = session.pending[0].choices[0].choice.id, float("-inf")
        for choice in session.pending[0].choices:
            tried = try_action(
                base, Respond(choice.choice.id), lambda s: state_value(s, pressure, reserve=reserve, goals=goals)
            )
            if tried is None:
                continue
            label = choice.choice.label.lower()
            value = tried.value + PRIOR * (
                20.0 * bool(GOOD_ANSWER.search(label)) - 30.0 * bool(BAD_ANSWER.search(label))
            )
            gains = {pid: tried.likely.world.parties[pid].trust - base.world.parties[pid].trust for pid in core}
            gainers = [pid for pid, gain in gains.items() if gain > 1]
            if gainers and min(gains.values()) <= -5 and not _at_odds(base, gainers):
                value -= TAKING_SIDES  # impartiality: one party's trust bought with another's
            if value > best_value:
                best, best_value = choice.choice.id, value
        return best

    def _closing(self, session: Session) -> bool:
        """In the case's last top phase with more than the last few turns left: the time when a
        signature needs every party's consent."""
        world, blueprint = session.world, session.blueprint
        top = world.phase_path[0] if world.phase_path else ""
        return top == top_phases(blueprint)[-1] and not nearly_out(blueprint, world)

    def _two_ahead(self, tried: Tried, pressure: float, reserve: float, goals: tuple[Gap, ...]) -> float:
        """The best a move leads to with one more move after it, weighed over its outcomes as
        the look-ahead weighs one move (each outcome as likely as LIKELY_ENOUGH or more followed
        by the best move after it; not the likeliest outcome alone, which for a coin that
        favours the worse side would judge the move on that side only)."""
        total = weight = 0.0
        for (_, chance, worth), after in zip(tried.outcomes, tried.states, strict=True):
            followed = after is tried.likely or chance >= LIKELY_ENOUGH
            total += chance * self._then(after if followed else None, worth, pressure, reserve, goals)
            weight += chance
        return total / weight if weight else tried.value

    def _then(
        self, after: Session | None, worth: float, pressure: float, reserve: float, goals: tuple[Gap, ...]
    ) -> float:
        """The best ``after`` (worth ``worth``) leads to with one more move."""
        if after is None or after.ending is not None or after.pending:
            return worth
        best = worth
        for option in after.playable():
            then = try_action(after, Play(*option), lambda s: state_value(s, pressure, reserve=reserve, goals=goals))
            if then is not None and then.value > best:
                best = then.value
        return best

    def _see(self, session: Session) -> Seen:
        # The parties as the trainee sees them: 'would sign?' from the estimates of their bottom
        # lines ('maybe' counts as not yet), never the truth the session drew.
        rows = tuple(r for r in party_rows(session.blueprint, session.state) if r.standing != "outside")
        present = [r for r in rows if r.standing not in ("walked_out", "boycotting")]
        has_draft = any(r.answer != "none" for r in rows)
        return Seen(
            rows,
            has_draft,
            has_draft and all(r.answer == "yes" for r in present) and len(present) == len(rows),
            sum(r.trust for r in rows) / len(rows) if rows else 0.0,
            sum(r.ripeness for r in rows) / len(rows) if rows else 0.0,
            session.world.capital,
        )

    def _value(self, session: Session, seen: Seen, option: Move) -> float:
        move, target = option
        kind = kind_of(move)
        # a confidence step still short of what it is for is not worn by its failed tries
        times = 0 if kind == "confidence" and unfinished(session.blueprint, move) else self.played[option]
        cost = session.blueprint.moves[move].move.cost
        # Repeating oneself is counted against a move, but waiting costs nothing: a move that
        # spends no capital is held back for its first repeats only, so that keeping capital
        # for what the story will open never looks worse than spending it.
        value = _BASE[kind](seen, _row(seen, target), times) - 6.0 * (times if cost.capital > 0 else min(times, 2))
        if kind == "draft" and seen.has_draft and not seen.everyone_accepts:
            value += 12.0 * self.heard  # a text redrafted from what the parties said since (not imposed)
        if "joint" in move or "together" in move:
            value += 5  # one text signed together recognises every party (IPI §Phase I)
        if seen.capital < 30:
            value -= cost.capital  # keep political capital for what matters
        return value - cost.days / 30  # time is the mediator's scarcest resource


#: A finish move that carries out what was agreed (installing agreed authorities) signs no text:
#: the consent rule, no signature while a party at the table would not sign, does not hold it back.
CARRIES_OUT = re.compile(r"install_")


def restores_leverage(session: Session, move: str, tried: Tried) -> bool:
    """Whether ``move`` restores the team's capital while it is below LOW_CAPITAL (as the
    look-ahead's likeliest outcome ``tried`` shows) without moving the talks on anywhere in the
    phase graph: aligning the team, lending UN aircraft and experts; not a limited relaunch
    that the talks will need to move on (see the module's docstring)."""
    now = session.world.capital
    return now < LOW_CAPITAL and tried.likely.world.capital > now and not triggers_of(session.blueprint, move)


def _at_odds(session: Session, parties: list[str]) -> bool:
    """Whether two of ``parties`` are at odds: each one's relation to the other below the floor
    the value counts (expert_value.RELATION_FLOOR), as the parties table shows them."""
    world = session.world
    return any(
        world.parties[a].relations.get(b, RELATION_FLOOR) < RELATION_FLOOR
        and world.parties[b].relations.get(a, RELATION_FLOOR) < RELATION_FLOOR
        for i, a in enumerate(parties)
        for b in parties[i + 1 :]
    )


def _signs(move: str) -> bool:
    """A finish move that closes a text (signs, initials, adopts it), not one that carries it out."""
    return kind_of(move) == "finish" and not CARRIES_OUT.search(move)


def _process(move: str) -> bool:
    """A move that carries the process itself (confidence-building, security, a signature or
    adoption): what capital is kept for when the story will open it (expert_value.story_reserve)."""
    return kind_of(move) in ("confidence", "finish")


def _builds(move: str) -> bool:
    """A confidence-building step (a pact, patrols, a security measure): what the expert works
    toward when the move list shows it waiting on visible numbers (expert_value.visible_goals).
    A signature is not: what brings it nearer is the parties' acceptance, which the value counts."""
    return kind_of(move) == "confidence"


def _row(seen: Seen, target: str | None) -> PartyRow | None:
    return next((r for r in seen.rows if r.id == target), None) if target else None


def _finish(seen: Seen, row: PartyRow | None, times: int) -> float:
    # The case lets it be played now; it is the mediator's to call only when every party
    # would sign, else after confidence and inclusion have had their turn.
    return 100.0 if seen.everyone_accepts else 45.0


def _consult(seen: Seen, row: PartyRow | None, times: int) -> float:
    if row is None:  # time to consult, a suspension for consultations
        return 40.0 if seen.has_draft and not seen.everyone_accepts else 15.0
    if row.standing in ("walked_out", "boycotting", "consulting"):
        return 50.0  # reach out to whoever left
    if seen.has_draft and row.answer in ("no", "maybe"):
        return 45.0 + (60.0 - row.trust) / 4
    return 25.0 + (60.0 - row.trust) / 3


def _pressure(seen: Seen, row: PartyRow | None, times: int) -> float:
    ripe, trusted = seen.mean_ripeness, seen.mean_trust
    return 20.0 if ripe < 30 and trusted > 60 and times == 0 else -40.0


_Rule = Callable[[Seen, PartyRow | None, int], float]
_BASE: dict[str, _Rule] = {
    "avoid": lambda s, r, t: -60.0,
    # Writing the state's red lines into a text is left to the look-ahead: the real road map
    # did so (ipi-2017 §Phase I) and the Coordination's ownership pays for it.
    "impose": lambda s, r, t: 0.0,
    # "the proximity format compounded the mistrust" (ipi-2017): once, to hear a party, not as a habit.
    "proximity": lambda s, r, t: 8.0 if t == 0 else -10.0,
    "pressure": _pressure,
    "finish": _finish,
    "confidence": lambda s, r, t: 60.0 if t == 0 else 15.0,
    "inclusion": lambda s, r, t: 55.0 if t == 0 else 10.0,
    "consult": _consult,
    "dialogue": lambda s, r, t: 40.0 if s.has_draft else 20.0,
    "draft": lambda s, r, t: 50.0 if not s.has_draft else 30.0,
    "team": lambda s, r, t: 30.0 if t == 0 else (12.0 if s.capital < 40 else 0.0),
    "wait": lambda s, r, t: 5.0,
    "other": lambda s, r, t: 20.0,
}
