"""The mutable state of one session: plain classes, so transitions can drive them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, get_args

from roleplay.engine import influence
from roleplay.model.case import Standing

STANDINGS: tuple[Standing, ...] = get_args(Standing)  # one definition: the Literal in model.case
#: Standings in which a party takes part in the talks.
PRESENT = frozenset({"at_table", "consulting", "initialled", "signed"})


class PartyState:
    """One negotiating party; also the model of its standing machine (attribute ``standing``)."""

    standing: str
    # Set by transitions on the model (trigger methods, may_<trigger>), hence no __slots__.

    def __init__(
        self,
        party_id: str,
        *,
        position: dict[str, float],
        salience: dict[str, float],
        red_low: dict[str, float],
        red_high: dict[str, float],
        trust: float,
        relations: dict[str, float],
        ripeness: float,
        cohesion: float,
        capability: float,
        standing: str,
        ownership: float = 50.0,
        duress: float = 0.0,
    ) -> None:
        self.id = party_id
        self.position = position
        self.salience = salience
        self.red_low = red_low
        self.red_high = red_high
        self.trust = trust
        self.damage = 0.0
        self.relations = relations
        self.ripeness = ripeness
        self.cohesion = cohesion
        self.capability = capability
        self.standing = standing
        #: The positions the party started from, never changed: the interests the agreement
        #: score measures the final text against (a party talked down from its demands still
        #: answers to a base that holds them). Shared by copies, since nobody writes to it.
        self.interest: dict[str, float] = dict(position)
        #: Ownership of the process (0-100): consulted on the text (high) or imposed upon (low).
        self.ownership = ownership
        #: Duress (0-100): how much of the party's consent was bought by pressure.
        self.duress = duress
        #: Ripeness that pressure has added so far (capped by [dynamics] pressure_cap); the
        #: acceptance rule counts it at a discount.
        self.pressured = 0.0
        #: Highest commitment so far ('', 'initialled', 'signed'): where a return leads back to.
        self.committed = standing if standing in ("initialled", "signed") else ""

    @property
    def present(self) -> bool:
        return self.standing in PRESENT

    # Conditions of the standing machine's 'return' transitions.
    @property
    def had_signed(self) -> bool:
        return self.committed == "signed"

    @property
    def had_initialled(self) -> bool:
        return self.committed == "initialled"

    def snapshot(self) -> dict[str, Any]:
        return {
            "position": dict(self.position),
            "salience": dict(self.salience),
            "red_low": dict(self.red_low),
            "red_high": dict(self.red_high),
            "trust": self.trust,
            "damage": self.damage,
            "relations": dict(self.relations),
            "ripeness": self.ripeness,
            "cohesion": self.cohesion,
            "capability": self.capability,
            "standing": self.standing,
            "committed": self.committed,
            "ownership": self.ownership,
            "duress": self.duress,
            "pressured": self.pressured,
        }

    def copy(self) -> PartyState:
        """An independent copy (its per-issue and per-party tables are copied too)."""
        other = object.__new__(PartyState)
        other.__dict__.update(self.__dict__)
        for table in ("position", "salience", "red_low", "red_high", "relations"):
            setattr(other, table, dict(getattr(self, table)))
        return other


class PhaseCursor:
    """The model of the phase machine: ``state`` holds the machine's state name."""

    state: str


class Scope:
    """Who 'target' and 'party' name while a condition is tested: the context of the conditions
    compiled with those bindings (a move's ``available``, an effect's ``when``). Conditions
    without bindings are tested on the world itself."""

    __slots__ = ("party", "target", "world")

    def __init__(self, world: World, target: PartyState | None, party: PartyState | None = None) -> None:
        self.world = world
        self.target = target
        self.party = party


class TargetScopes(dict[str, Scope]):
    """The Scope binding each party as 'target', made on first use and kept: a move's
    ``available`` is tested for each target many times a turn. The game state holds it
    beside its world (the world itself holds no cycle through its scopes)."""

    __slots__ = ("world",)

    def __init__(self, world: World) -> None:
        super().__init__()
        self.world = world

    def __missing__(self, party: str) -> Scope:
        scope = self[party] = Scope(self.world, self.world.parties[party])
        return scope


class World:
    """Everything that changes during a session. Conditions read it through the name table."""

    def __init__(
        self,
        start: dt.date,
        capital: float,
        parties: dict[str, PartyState],
        flags: dict[str, bool],
        issues: tuple[str, ...],
        acceptance: influence.Acceptance = influence.DEFAULT_ACCEPTANCE,
        inclusion: float = 50.0,
        score_weights: tuple[float, float, float, float, float] = (0.3, 0.1, 0.2, 0.2, 0.2),
        signed_rule: Callable[[Scope], bool] | None = None,
        void_rule: Callable[[World], bool] | None = None,
    ) -> None:
        self.acceptance = acceptance
        #: Inclusion of the process (0-100): who was heard and who sat at the table.
        self.inclusion = inclusion
        #: The case's weights of the agreement score's parts (engine/scoring.py), in PARTS order.
        self.score_weights = score_weights
        #: The case's rule of who the agreement binds ([scoring] signed), tested with 'party'
        #: bound; None: the parties whose standing is (or was) 'signed'.
        self.signed_rule = signed_rule
        #: The case's rule under which the agreement binds nobody ([scoring] void), or None.
        self.void_rule = void_rule
        #: Each party's own acceptance threshold, added to the case's base (engine/knowledge.py);
        #: set once at the start and never changed, so copies share it.
        self.leeway: dict[str, float] = {}
        #: Per party with an aspiration (engine/knowledge.py): the chapters it will not sign
        #: without, each with the least it signs for there. The truth holds the one drawn; the
        #: mediator's believed copy (game/coach.believed) every one it has not ruled out. Set
        #: once, never changed, so copies share it.
        self.aspiration: dict[str, tuple[tuple[str, float], ...]] = {}
        #: The same, every chapter the case names for the party: what anyone can know.
        self.aspiration_candidates: dict[str, tuple[tuple[str, float], ...]] = {}
        self.start = start
        self.issues = issues
        self.turn = 0
        self.day = 0
        self.capital = capital
        self.parties = parties
        self.flags = flags
        self.draft: dict[str, float] = {}
        self.played: dict[str, int] = {}
        #: Plays per move and target ('move' or 'move:target'): the diminishing returns' count.
        self.repeats: dict[str, int] = {}
        self.fired: dict[str, int] = {}
        self.phase = ""  # leaf phase id, or the ending id once the session has ended
        self.phase_path: tuple[str, ...] = ()
        self._date_cache: tuple[int, str] = (-1, "")
        # Cached until a standing changes; tuples, so no caller can change what others read.
        self._present: tuple[PartyState, ...] | None = None
        self._involved: tuple[PartyState, ...] | None = None
        self._by_standing: dict[str, int] | None = None

    @property
    def date(self) -> str:
        day, text = self._date_cache
        if day != self.day:
            text = (self.start + dt.timedelta(days=self.day)).isoformat()
            self._date_cache = (self.day, text)
        return text

    def present(self) -> tuple[PartyState, ...]:
        """The parties taking part in the talks (cached until a standing changes)."""
        if self._present is None:
            self._present = tuple(p for p in self.parties.values() if p.standing in PRESENT)
        return self._present

    def involved(self) -> tuple[PartyState, ...]:
        """Every party not outside the talks, present or not (cached until a standing changes)."""
        if self._involved is None:
            self._involved = tuple(p for p in self.parties.values() if p.standing != "outside")
        return self._involved

    def standings_changed(self) -> None:
        self._present = None
        self._involved = None
        self._by_standing = None

    def distance(self, party: PartyState) -> float:
        if not self.draft:
            return 100.0
        return influence.distance(self.draft, party.position, party.salience)

    def accepts(self, party: PartyState) -> bool:
        """Whether the party would sign up to the current draft (docs/model.md, acceptance)."""
        if not self.draft:
            return False
        for issue, value in self.draft.items():
            if not party.red_low[issue] <= value <= party.red_high[issue]:
                return False
        if not self.meets_aspiration(party):
            return False
        return self.distance(party) <= self.tolerance(party)

    def meets_aspiration(self, party: PartyState) -> bool:
        """Whether the draft gives the party at least what it cannot give up (always, for a
        party without an aspiration)."""
        return all(self.draft.get(issue, -1.0) >= floor for issue, floor in self.aspiration.get(party.id, ()))

    def tolerance(self, party: PartyState) -> float:
        return influence.tolerance(
            party.trust, party.ripeness, party.pressured, party.duress, self.acceptance
        ) + self.leeway.get(party.id, 0.0)

    def trust_range(self) -> tuple[float, float]:
        """The lowest and highest trust in the mediator among the parties in the talks (not
        outside): impartiality is being seen as fair by all of them."""
        values = [p.trust for p in self.involved()]
        return (min(values), max(values)) if values else (0.0, 0.0)

    def mutual_ripeness(self) -> float:
        present = self.present()
        return min((p.ripeness for p in present), default=0.0)

    def count(self, what: str) -> int:
        if what == "accepting":
            return sum(1 for p in self.parties.values() if self.accepts(p))
        if what == "present":
            return len(self.present())
        if self._by_standing is None:  # a count per standing, until a standing changes
            self._by_standing = {}
            for party in self.parties.values():
                self._by_standing[party.standing] = self._by_standing.get(party.standing, 0) + 1
        return self._by_standing.get(what, 0)

    def copy(self) -> World:
        """An independent copy, for look-ahead: cheaper than a snapshot and a restore."""
        other = object.__new__(World)
        other.__dict__.update(self.__dict__)
        other.parties = {pid: party.copy() for pid, party in self.parties.items()}
        for table in ("flags", "draft", "played", "repeats", "fired"):
            setattr(other, table, dict(getattr(self, table)))
        other.standings_changed()  # the cached lists hold the original's parties
        return other

    def snapshot(self) -> dict[str, Any]:
        """The whole state as plain data, to compare two sessions (the tests do)."""
        return {
            "turn": self.turn,
            "day": self.day,
            "capital": self.capital,
            "flags": dict(self.flags),
            "draft": dict(self.draft),
            "played": dict(self.played),
            "repeats": dict(self.repeats),
            "inclusion": self.inclusion,
            "fired": dict(self.fired),
            "phase": self.phase,
            "phase_path": self.phase_path,
            "parties": {pid: p.snapshot() for pid, p in self.parties.items()},
        }
