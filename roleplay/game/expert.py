"""A closed-loop mediator that plays by the mediation literature, from what the trainee sees.

It reads the game only as a trainee does: the moves it may play now (names and summaries),
the rows of the parties table and the issues table (``views.party_rows``, ``issue_rows``:
standing, trust, ripeness, relations, whether a party would sign the draft), the crisis
waiting for an answer (its choices' labels) and its own record of what it played. It never
forks the session (that would draw the session's future random numbers) and never reads
the engine's hidden values; when the views come to show estimates instead of true red lines
it reads the estimates. Moves are recognised by their names, as a trainee reads them.

Its rules, in order of the literature it follows (ipi-2017: Boutellis and Zahar, "A Process
in Search of Peace", IPI, June 2017; icg-2014: Crisis Group, "Mali: Reform or Relapse"):

- **Confidence before substance**: confidence-building and security measures first
  (ipi-2017 §Phase I: the prisoner release announced "as a confidence-building measure", the
  evening security talks); the UN Guidance on Effective Mediation (2012) fundamental
  *preparedness*, "one of the key principles of the UN Guidance" as ipi-2017 §Lessons for
  the United Nations cites it.
- **Inclusion**: hear civil society, seat or consult the splinter groups, include women:
  the Guidance's *inclusivity*, whose mark ipi-2017 §Lessons for the United Nations notes;
  ipi-2017 n. 62 (three women at most per delegation, an all-male Platform) and §Phase II
  (Mopti and the Peulh not represented).
- **Consult before drafting, and never impose**: table a text built from the parties' own
  work, hear each party that would not sign it, then redraft from what they said; grant
  time to consult a base; no text presented as final, no red line enshrined over a party's
  objection: the government later "believes that the agreement has been imposed upon them"
  (ipi-2017 §The Government's Role in Implementation); the Guidance's *consent* and
  *national ownership*.
- **Direct dialogue** between the parties once a text exists (ipi-2017 §Phase IV: "a
  positive step and a useful exercise in catharsis").
- **No amnesty** for serious crimes: the Guidance's *international law and normative
  frameworks*.
- **Pressure only when the talks are not ripe and trust is high**: "The threat of sanctions
  during earlier negotiations yielded little return" (icg-2014); a mediator the parties do
  not trust cannot lean on them.
- **Sign only what every party at the table would sign** (the Guidance's *consent*), and
  one text signed together before separate signatures (ipi-2017 §Phase I).

On today's model (before issue 11's bottom lines, ownership and consultation that changes
the text) these rules cannot pass the Algiers road map without imposing the government's red
lines: benchmarks/README.md gives the numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from roleplay.engine.session import Session
from roleplay.game.views import PartyRow, party_rows
from roleplay.model.transcript import EventMode
from roleplay.strategies.base import Move

#: Kinds of move, recognised from the move's id and name (the first pattern that matches).
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        (
            "avoid",
            r"amnesty|present_as_final|enshrine|open_every_issue|hundred_days|signatories_only|fold_|camp_one|status_first",
        ),
        ("pressure", r"sanction|threat|name_and_shame|pressure|deadline|back_sanctions"),
        ("finish", r"sign|initial|road_map_(separate|joint)|adopt_|install_|keep_agreement_open"),
        ("confidence", r"prisoner|security|ceasefire|monitor|jtcs|patrol|deconfliction|handover|drawdown|good_offices"),
        ("inclusion", r"civil_society|hearing|admit|invitee|full_seats|forum|socialise|women|bring_|umbrella"),
        ("consult", r"review|proximity|shuttle|consult|suspend_|agree_interim|reopen"),
        ("dialogue", r"direct_dialogue|dialogue|protocol|joint_track|together"),
        ("draft", r"propose|draft|elements|convergences|thematic|rereading|timeline"),
        ("team", r"college|align|unite|friends|triumvirate|presence|observer|committee|press_government"),
        ("wait", r"adjourn|session|statement|launch"),
    )
)
#: Answers to a crisis the literature favours, and those it warns against (by label words).
GOOD_ANSWER = re.compile(r"calm|restraint|keep|hear|consult|admit|include|dialogue|time|invite|seat|patrol|talk")
BAD_ANSWER = re.compile(r"blame|threat|sanction|exclude|refuse|deny|turn .*away|force|ignore|press|punish|arrest")


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

    def choose(self, session: Session) -> Move | None:
        options = session.playable()
        if not options:
            return None
        seen = self._see(session)
        move = max(options, key=lambda option: self._value(session, seen, option))
        self.played[move] += 1
        kind = kind_of(move[0])
        self.heard = 0 if kind == "draft" else self.heard + (kind == "consult")
        return move

    def respond(self, session: Session) -> str:
        choices = [c.choice for c in session.pending[0].choices]

        def value(label: str) -> int:
            text = label.lower()
            return (2 if GOOD_ANSWER.search(text) else 0) - (3 if BAD_ANSWER.search(text) else 0)

        return max(choices, key=lambda c: value(c.label)).id

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
        times = self.played[option]
        value = _BASE[kind](seen, _row(seen, target), times) - 6.0 * times
        if kind == "draft" and seen.has_draft and not seen.everyone_accepts:
            value += 12.0 * self.heard  # a text redrafted from what the parties said since (not imposed)
        if "joint" in move or "together" in move:
            value += 5  # one text signed together recognises every party (IPI §Phase I)
        cost = session.blueprint.moves[move].move.cost
        if seen.capital < 30:
            value -= cost.capital  # keep political capital for what matters
        return value - cost.days / 30  # time is the mediator's scarcest resource


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
