"""A play session: one trainee (or strategy) mediating one case from one seed.

The session owns its random generator, so the same case, seed and moves always give the
same transcript, byte for byte. Each move or response produces one transcript record
listing every change with its causes.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from roleplay import __version__
from roleplay.conditions import Name
from roleplay.engine import effects, influence
from roleplay.engine.blueprint import (
    Blueprint,
    CompiledEffect,
    CompiledEvent,
    CompiledMove,
    CompiledTransition,
    PartySpec,
)
from roleplay.engine.causes import Cause, Ledger, NullLedger, rounded
from roleplay.engine.explain import render, unmet
from roleplay.engine.machines import SEPARATOR, standing_machine
from roleplay.engine.world import PRESENT, PartyState, PhaseCursor, World
from roleplay.errors import MoveError, RoleplayError
from roleplay.model.case import Ending

#: Voice kind spoken when a standing changes.
_STANDING_VOICE = {
    "walk_out": "walks_out",
    "return": "returns",
    "consult": "consults",
    "boycott": "boycotts",
    "initial": "initials",
    "sign": "signs",
    "join": "joins",
    "exclude": "protests",
}
MAX_CHAINED_TRANSITIONS = 16
_LEAN = Cause("lean", "")  # lean sessions record no causes


@dataclass(frozen=True)
class MoveOption:
    """A move the mediator could play now (or could not, and why)."""

    move: str
    name: str
    summary: str
    target: str | None
    available: bool
    reasons: tuple[str, ...]
    days: int
    capital: float


class Session:
    def __init__(
        self,
        blueprint: Blueprint,
        seed: int,
        *,
        case_ref: str = "",
        case_digest: str = "",
        prior: dict[str, Any] | None = None,
        record: bool = True,
    ) -> None:
        """``prior``: the summary() of a finished session of the case this one carries over
        from (see the case's [carry_over]); without it the case starts from its own values.
        ``record=False`` makes a lean session for simulations: the same draws and outcomes,
        but no transcript (records hold the start only) and no explanations."""
        self.recording = record
        case = blueprint.case
        self.blueprint = blueprint
        self.seed = seed
        self.rng = random.Random(seed)
        self.case_ref = case_ref
        self.case_digest = case_digest
        self.world = World(
            start=dt.date.fromisoformat(case.clock.start),
            capital=case.mediation.capital,
            parties={pid: _party_state(spec) for pid, spec in blueprint.parties.items()},
            flags={f.id: f.initial for f in case.flags},
            issues=tuple(i.id for i in case.issues),
            acceptance=(case.acceptance.base, case.acceptance.per_trust, case.acceptance.per_ripeness),
        )
        self._end_day = (dt.date.fromisoformat(case.clock.end) - self.world.start).days
        self._cursor = PhaseCursor()
        initial = case.initial_phase or case.phases[0].id
        blueprint.machine.place(self._cursor, SEPARATOR.join(blueprint.paths[initial]))
        self._standings = standing_machine()
        self.phases_seen: set[str] = set()
        self._sync_phase()
        self.ledger: Ledger | NullLedger = Ledger() if record else NullLedger()
        self._playable: list[tuple[str, str | None]] | None = None
        self.lines: list[dict[str, str]] = []
        self.pending: list[CompiledEvent] = []
        self._queued: list[str] = []
        self._waiting_events = self._events_not_done()
        self._last_open = 0
        self.compromise_cache: dict[str, float | None] = {}
        self.ending: Ending | None = None
        #: How the session ended: 'transition', 'clock', 'turn_limit' or 'stalled'.
        self.end_reason: str | None = None
        self._fired: list[str] = []
        self.prior = _prior_digest(prior) if prior is not None else None
        header = self._header()
        if self.prior is not None:
            self._carry_over(self.prior)
            header.update(prior=self.prior, lines=self.lines, changes=[c.as_dict() for c in self.ledger.changes()])
        self.records: list[dict[str, Any]] = [header]

    def _carry_over(self, prior: dict[str, Any]) -> None:
        case, world = self.blueprint.case, self.world
        carry = case.carry_over
        if carry is None:
            raise RoleplayError(f"case '{case.id}' cannot start from an earlier session: it has no [carry_over]")
        if prior["case"] != carry.from_case:
            raise RoleplayError(f"case '{case.id}' carries over from '{carry.from_case}', not from '{prior['case']}'")
        ended = prior.get("ending_title") or prior["ending"]
        cause = Cause(f"prior:{prior['case']}", "How the earlier session ended", note=str(ended))
        for pid, data in prior["parties"].items():
            party = world.parties.get(pid)
            if party is None:
                continue
            if carry.trust:
                effects.adjust(self, "trust", party, "trust", float(data["trust"]) - party.trust, cause)
            if carry.relations:
                for other, value in data.get("relations", {}).items():
                    if other in party.relations:
                        before = party.relations[other]
                        effects.adjust(
                            self,
                            "relation",
                            party,
                            "relations",
                            float(value) - before,
                            cause,
                            key=other,
                        )
        compiled = self.blueprint.priors.get(str(prior["ending"]))
        if compiled is not None:
            self.say("narrator", compiled.narrative)
            self._apply_all(compiled.effects, cause)

    def fork(self) -> Session:
        """An independent copy in the same state (for look-ahead strategies): every mutable
        part is copied, the case and the shared machines are not."""
        other = object.__new__(Session)
        other.__dict__.update(self.__dict__)
        other.world = self.world.copy()
        other.rng = random.Random()
        other.rng.setstate(self.rng.getstate())
        other._cursor = PhaseCursor()
        other._cursor.state = self._cursor.state
        other.phases_seen = set(self.phases_seen)
        other.ledger = Ledger() if self.recording else NullLedger()
        other.lines, other._fired = [], []
        other.pending, other._queued = list(self.pending), list(self._queued)
        other._waiting_events = list(self._waiting_events)
        other._playable = None
        other.compromise_cache = {}
        other.records = list(self.records)
        return other

    # -- reading the state ------------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.ending is not None

    @property
    def phase(self) -> str:
        return self.world.phase

    @property
    def pending_event(self) -> CompiledEvent | None:
        return self.pending[0] if self.pending else None

    def standing(self, party: str) -> str:
        return self.world.parties[party].standing

    def available_moves(self) -> list[MoveOption]:
        """Every move, per target, with whether it can be played now and why not."""
        options = []
        for compiled in self.blueprint.moves.values():
            move = compiled.move
            targets: tuple[str | None, ...] = compiled.targets if move.target == "one" else (None,)
            for target in targets:
                reasons = self._unavailable(compiled, target)
                options.append(
                    MoveOption(
                        move.id,
                        move.name,
                        move.summary,
                        target,
                        not reasons,
                        tuple(reasons),
                        move.cost.days,
                        move.cost.capital,
                    )
                )
        return options

    def playable(self) -> list[tuple[str, str | None]]:
        """The (move, target) pairs that can be played now, without the reasons for the rest."""
        if self.ended or self.pending:
            return []
        if self._playable is None:  # the world only changes in play() and respond()
            result: list[tuple[str, str | None]] = []
            for compiled in self.blueprint.moves.values():
                targets: tuple[str | None, ...] = compiled.targets if compiled.move.target == "one" else (None,)
                result.extend((compiled.move.id, t) for t in targets if self._open(compiled, t))
            self._playable = result
        return list(self._playable)

    def _open(self, compiled: CompiledMove, target: str | None) -> bool:
        move, world = compiled.move, self.world
        if move.max_uses is not None and world.played.get(move.id, 0) >= move.max_uses:
            return False
        if move.cost.capital > world.capital + 1e-9:
            return False
        world.target = target
        try:
            return compiled.available.test(world)
        finally:
            world.target = None

    def _unavailable(self, compiled: CompiledMove, target: str | None) -> list[str]:
        """Why a move cannot be played now, in words (empty when it can)."""
        if self.ended:
            return ["the session has ended"]
        if self.pending:
            return [f"respond to '{self.pending[0].event.title}' first"]
        if self._open(compiled, target):
            return []
        move, world = compiled.move, self.world
        reasons = []
        if move.max_uses is not None and world.played.get(move.id, 0) >= move.max_uses:
            reasons.append(f"already played {move.max_uses} time(s)")
        if move.cost.capital > world.capital + 1e-9:
            reasons.append(f"needs {move.cost.capital:g} political capital (have {world.capital:.0f})")
        world.target = target
        try:
            found = unmet(compiled.available, self._names(target), world)
        finally:
            world.target = None
        if target is not None:  # say whom: 'standing.gatia is outside', not 'standing.target'
            found = [reason.replace(".target", f".{target}") for reason in found]
        return reasons + found

    def _names(self, target: str | None) -> dict[str, Name]:
        return self.blueprint.tables[frozenset({"target"} if target else ())]

    # -- playing ------------------------------------------------------------------------------

    def play(self, move_id: str, target: str | None = None) -> dict[str, Any]:
        """Play a move; returns the transcript record of the turn."""
        compiled = self.blueprint.moves.get(move_id)
        if compiled is None:
            raise MoveError(f"unknown move '{move_id}'")
        move = compiled.move
        if move.target == "one" and target not in compiled.targets:
            raise MoveError(f"move '{move_id}' needs a target: one of {', '.join(compiled.targets)}")
        if move.target != "one" and target is not None:
            raise MoveError(f"move '{move_id}' takes no target")
        if not self._open(compiled, target) or self.ended or self.pending:
            reasons = self._unavailable(compiled, target)
            raise MoveError(f"move '{move_id}' is not available: {'; '.join(reasons)}")
        world = self.world
        self._begin()
        world.turn += 1
        world.played[move_id] = world.played.get(move_id, 0) + 1
        world.target = target
        cause = Cause(f"move:{move_id}", move.name) if self.recording else _LEAN
        self._pay(move.cost.days, move.cost.capital, cause)
        if move.narrative:
            self.say(self.blueprint.case.mediation.lead, move.narrative)
        self._apply_all(compiled.effects, cause)
        outcome_id, chances = self._outcome(compiled, target)
        if move.target == "one" and move.excludes > 0:
            self._exclusion(move.excludes, target, cause)
        world.target = None
        self._end_turn()
        record = {
            "type": "turn",
            "turn": world.turn,
            "move": move_id,
            "target": target,
            "outcome": outcome_id,
        }
        if chances:
            record["chances"] = chances
        return self._finish(record)

    def inject(self, event_id: str) -> dict[str, Any]:
        """An instructor's injected event: it happens at the end of the team's next turn.
        Recorded in the transcript like a move, so a replay delivers it at the same point."""
        if event_id not in self.blueprint.events:
            raise MoveError(f"unknown event '{event_id}'")
        if self.ended:
            raise MoveError("the session has ended")
        self.queue_event(event_id)
        record = {"type": "inject", "turn": self.world.turn, "event": event_id}
        if self.recording:
            self.records.append(record)
        return record

    def act(self, step: str) -> dict[str, Any]:
        """A step as written in `run --moves` and golden paths: while an event waits for a
        response, its choice id; otherwise 'move' or 'move:target'."""
        if self.pending:
            return self.respond(step)
        move, _, target = step.partition(":")
        return self.play(move, target or None)

    def respond(self, choice_id: str) -> dict[str, Any]:
        """Answer the pending event with one of its choices."""
        if not self.pending:
            raise MoveError("no event is waiting for a response")
        event = self.pending[0]
        choice = next((c for c in event.choices if c.choice.id == choice_id), None)
        if choice is None:
            raise MoveError(
                f"'{choice_id}' is not a response to {event.event.id}: "
                f"one of {', '.join(c.choice.id for c in event.choices)}"
            )
        self._begin()
        self.pending.pop(0)
        if choice.choice.narrative:
            self.say(self.blueprint.case.mediation.lead, choice.choice.narrative)
        cause = Cause(f"choice:{event.event.id}/{choice_id}", choice.choice.label) if self.recording else _LEAN
        self._apply_all(choice.effects, cause)
        self._transitions()
        self._check_stalled()
        return self._finish({"type": "choice", "turn": self.world.turn, "event": event.event.id, "choice": choice_id})

    # -- the parts of a turn --------------------------------------------------------------------

    def _begin(self) -> None:
        self._playable = None
        if self.recording:
            self.ledger = Ledger()
        self.lines = []
        self._fired = []

    def _pay(self, days: int, capital: float, cause: Cause) -> None:
        world = self.world
        before, before_capital = world.day, world.capital
        world.day += days
        world.capital = max(0.0, world.capital - capital)
        if self.recording:
            if days:
                self.ledger.record("day", before, world.day, cause.with_amount(days))
            if capital:
                self.ledger.record("capital", before_capital, world.capital, cause.with_amount(-capital))

    def _apply_all(self, compiled: tuple[CompiledEffect, ...], cause: Cause) -> None:
        for effect in compiled:
            if self.ending is not None:
                return
            effects.apply(self, effect, cause)

    def _factor(self, factor: str, target: str | None) -> float:
        parties = (self.world.parties[target],) if target else self.world.present()
        if not parties:
            return 50.0
        return float(sum(getattr(p, factor) for p in parties)) / len(parties)

    def _outcome(self, compiled: CompiledMove, target: str | None) -> tuple[str | None, dict[str, float]]:
        world = self.world
        weights: list[tuple[Any, float]] = []
        factors: dict[str, float] = {}  # each factor once per turn, whichever outcomes name it
        for outcome in compiled.outcomes:
            if outcome.when is not None and not outcome.when.test(world):
                continue
            weight = outcome.outcome.weight
            for names, favoured in ((outcome.outcome.favoured_by, True), (outcome.outcome.hindered_by, False)):
                for factor in names:
                    value = factors.get(factor)
                    if value is None:
                        value = factors[factor] = self._factor(factor, target)
                    weight *= influence.factor_multiplier(value, favoured)
            weights.append((outcome, weight))
        if not weights:
            return None, {}
        total = sum(w for _, w in weights)
        draw = self.rng.random() * total
        chosen = weights[-1][0]
        for outcome, weight in weights:
            draw -= weight
            if draw < 0:
                chosen = outcome
                break
        out = chosen.outcome
        if not self.recording:  # a lean session keeps the draws, not the explanations
            if out.reaction:
                for speaker in [target] if target else [p.id for p in world.present()]:
                    self.voice(speaker, out.reaction)  # same draws as a recorded session
            self._apply_all(chosen.effects, _LEAN)
            return out.id, {}
        chances = {o.outcome.id: round(w / total, 3) for o, w in weights}
        cause = Cause(
            f"outcome:{compiled.move.id}/{out.id}",
            f"{compiled.move.name}: {out.label}",
            note=f"chance {chances[out.id]:.0%}",
        )
        self.say("narrator", out.narrative)
        if out.reaction:
            speakers = [target] if target else [p.id for p in world.present()]
            for speaker in speakers:
                if speaker is not None:
                    self.say(speaker, self.voice(speaker, out.reaction))
        self._apply_all(chosen.effects, cause)
        return out.id, chances

    def _exclusion(self, excludes: float, target: str | None, cause: Cause) -> None:
        rule = (
            Cause("rule:exclusion", "Left out of a one-party move", note=f"while the mediator met {self._name(target)}")
            if self.recording
            else _LEAN
        )
        for party in self.world.present():
            if party.id == target:
                continue
            sensitivity = self.blueprint.parties[party.id].temperament.exclusion / 100.0
            effects.trust(self, party, -excludes * sensitivity, rule)

    def _end_turn(self) -> None:
        if not self.ended:
            self._standing_rules()
            for party in self.world.parties.values():
                party.damage *= influence.DAMAGE_DECAY
            self._events()
            self._transitions()
            self._check_clock()
            self._check_stalled()

    def _standing_rules(self) -> None:
        for party in self.world.parties.values():
            standing = party.standing
            if standing not in ("at_table", "consulting", "walked_out"):
                continue
            temper = self.blueprint.parties[party.id].temperament
            if standing != "walked_out" and party.trust < temper.walk_out_below:
                self.change_standing(
                    party,
                    "walk_out",
                    Cause(
                        "rule:walk_out",
                        "Trust too low to stay",
                        note=f"trust {party.trust:.0f} fell below {temper.walk_out_below:g}",
                    ),
                )
            elif standing == "walked_out" and party.trust >= temper.return_above:
                self.change_standing(
                    party,
                    "return",
                    Cause(
                        "rule:return",
                        "Trust restored",
                        note=f"trust {party.trust:.0f} is back above {temper.return_above:g}",
                    ),
                )

    def _events_not_done(self) -> list[CompiledEvent]:
        """Events that may still happen: a one-off that has happened drops out of the scan."""
        fired = self.world.fired
        return [c for c in self.blueprint.events.values() if not (c.event.once and fired.get(c.event.id, 0))]

    def _events(self) -> None:
        world, case = self.world, self.blueprint.case
        due = [self.blueprint.events[e] for e in self._queued]
        self._queued = []
        random_pool = []
        day, turn = world.day, world.turn
        for compiled in self._waiting_events:
            event = compiled.event
            # Cheap schedule checks before the condition.
            if (compiled.day is not None and day < compiled.day) or (event.turn is not None and turn < event.turn):
                continue
            if compiled.when is not None and not compiled.when.test(world):
                continue
            if event.weight is not None:
                random_pool.append(compiled)
            else:
                due.append(compiled)
        if random_pool and self.rng.random() < case.clock.random_event_chance:
            due.append(self.rng.choices(random_pool, weights=[c.event.weight or 1.0 for c in random_pool])[0])
        for compiled in due:
            if self.ended:
                return
            self._fire(compiled)

    def _fire(self, compiled: CompiledEvent) -> None:
        event = compiled.event
        self.world.fired[event.id] = self.world.fired.get(event.id, 0) + 1
        if event.once:
            self._waiting_events = [c for c in self._waiting_events if c is not compiled]
        self._fired.append(event.id)
        if self.recording:
            self.say("event", f"{event.title}: {event.narrative}")
        self._apply_all(compiled.effects, Cause(f"event:{event.id}", event.title) if self.recording else _LEAN)
        if compiled.choices:
            self.pending.append(compiled)

    def queue_event(self, event_id: str) -> None:
        self._queued.append(event_id)

    def _transitions(self) -> None:
        for _ in range(MAX_CHAINED_TRANSITIONS):
            if self.ended:
                return
            transition = self._first_open(None)
            if transition is None:
                return
            cause = (
                Cause(
                    f"transition:{transition.index}",
                    transition.transition.label,
                    note=f"because {render(transition.when.tree)}",
                )
                if self.recording
                else _LEAN
            )
            self._take(transition, cause)

    def _first_open(self, trigger: str | None) -> CompiledTransition | None:
        world = self.world
        if trigger is None:  # checked after every turn: the list is already cut to this phase
            for transition in self.blueprint.automatic(world.phase_path):
                if transition.when.test(world):
                    return transition
            return None
        path = set(world.phase_path)
        for transition in self.blueprint.transitions:
            if transition.transition.trigger != trigger:
                continue
            if transition.sources is not None and not transition.sources & path:
                continue
            if transition.when.test(world):
                return transition
        return None

    def advance(self, trigger: str, cause: Cause) -> None:
        """A move's 'advance' effect: take the first open transition with this trigger."""
        transition = self._first_open(trigger)
        if transition is None:
            self.say("narrator", f"The talks cannot move on yet ({trigger}).")
            return
        self._take(transition, cause.with_amount(None, transition.transition.label))

    def _take(self, transition: CompiledTransition, cause: Cause) -> None:
        before = self.world.phase
        self.blueprint.machine.fire(self._cursor, transition.trigger_name)
        self._sync_phase()
        self.ledger.record("phase", before, self.world.phase, cause)
        ending = self.blueprint.endings.get(self.world.phase)
        if ending is not None:
            self.end_reason = "transition"
            self._end(ending)
        elif self.recording:
            phase = self.blueprint.phases[self.world.phase]
            self.say("narrator", f"{phase.name}: {phase.summary}")

    def _sync_phase(self) -> None:
        path = tuple(self._cursor.state.split(SEPARATOR))
        self.world.phase_path = path
        self.world.phase = path[-1]
        self.phases_seen.update(path)

    def _end(self, ending: Ending) -> None:
        self.ending = ending
        self.pending = []
        self.say("narrator", f"{ending.title}. {ending.narrative}")

    def _check_clock(self) -> None:
        clock = self.blueprint.case.clock
        if self.ended:
            return
        if self.world.day >= self._end_day:
            self._force_ending(
                clock.timeout_ending,
                Cause("rule:clock", "Time ran out", note=f"the talks reached {self.world.date}"),
                "clock",
            )
        elif self.world.turn >= clock.max_turns:
            self._force_ending(
                clock.timeout_ending,
                Cause("rule:turn_limit", "Turn limit", note=f"the case allows {clock.max_turns} turns"),
                "turn_limit",
            )

    def _check_stalled(self) -> None:
        if not self.ended and not self.pending and not self._any_open():
            self._force_ending(
                self.blueprint.case.clock.timeout_ending,
                Cause("rule:stalled", "No move left", note="the mediator has no move left to play"),
                "stalled",
            )

    def _any_open(self) -> bool:
        """Whether any move can be played; starts from the last open one, stops at the first found."""
        options = self.blueprint.options_in(self.world.phase)
        count = len(options)
        for step in range(count):
            index = (self._last_open + step) % count
            if self.can_play(*options[index]):
                self._last_open = index
                return True
        return False

    def can_play(self, move: str, target: str | None) -> bool:
        """Whether this move (with this target) can be played now; cheap, no explanation."""
        if self.ending is not None or self.pending:
            return False
        return self._open(self.blueprint.moves[move], target)

    def _force_ending(self, ending_id: str, cause: Cause, reason: str) -> None:
        self.end_reason = reason
        before = self.world.phase
        self.blueprint.machine.place(self._cursor, ending_id)
        self._sync_phase()
        self.ledger.record("phase", before, ending_id, cause)
        self._end(self.blueprint.endings[ending_id])

    def change_standing(self, party: PartyState, action: str, cause: Cause) -> bool:
        if not self._standings.allows(party, action):
            return False
        before = party.standing
        self._standings.fire(party, action)
        self.world.standings_changed()
        if party.standing in ("initialled", "signed"):
            party.committed = party.standing
        self.ledger.record(f"standing.{party.id}", before, party.standing, cause)
        self.say(party.id, self.voice(party.id, _STANDING_VOICE[action]))
        return True

    # -- words ----------------------------------------------------------------------------------

    def _name(self, party: str | None) -> str:
        if party is None:
            return "everyone"
        return self.blueprint.personas[party].short_name

    def voice(self, party: str, kind: str) -> str:
        spec = self.blueprint.parties.get(party)
        lines: list[str] = getattr(spec.voice, kind) if spec is not None else []
        if not lines:
            return ""
        return lines[self.rng.randrange(len(lines))] if len(lines) > 1 else lines[0]

    def say(self, speaker: str, text: str, note: str | None = None) -> None:
        if self.recording and (text or note):
            line = {"speaker": speaker, "text": text}
            if note:
                line["note"] = note
            self.lines.append(line)

    # -- records --------------------------------------------------------------------------------

    def _header(self) -> dict[str, Any]:
        return {
            "type": "start",
            "engine": __version__,
            "case": self.blueprint.case.id,
            "case_file": self.case_ref,
            "case_sha256": self.case_digest,
            "seed": self.seed,
            "date": self.world.date,
            "phase": self.world.phase,
        }

    def _finish(self, record: dict[str, Any]) -> dict[str, Any]:
        if not self.recording:
            return record
        record.update(
            {
                "date": self.world.date,
                "phase": self.world.phase,
                "lines": self.lines,
                "events": self._fired,
                "changes": [c.as_dict() for c in self.ledger.changes()],
                "pending": self.pending[0].event.id if self.pending else None,
                "ending": self.ending.id if self.ending else None,
            }
        )
        self.records.append(record)
        return record

    def summary(self) -> dict[str, Any]:
        """Final values per party, for reports and the command line's --json."""
        world = self.world
        return {
            "case": self.blueprint.case.id,
            "ending": self.ending.id if self.ending else None,
            "ending_title": self.ending.title if self.ending else None,
            "historical": bool(self.ending and self.ending.historical),
            "quality": self.ending.quality if self.ending else None,
            "turns": world.turn,
            "date": world.date,
            "phase": world.phase,
            "capital": rounded(world.capital),
            "draft": {k: rounded(v) for k, v in world.draft.items()},
            "parties": {
                pid: {
                    "standing": p.standing,
                    "trust": rounded(p.trust),
                    "accepts": world.accepts(p),
                    "positions": {k: rounded(v) for k, v in p.position.items()},
                    "relations": {k: rounded(v) for k, v in p.relations.items()},
                }
                for pid, p in world.parties.items()
            },
        }


def _prior_digest(summary: dict[str, Any]) -> dict[str, Any]:
    """The part of an earlier session's summary that a carry-over reads (kept in the header)."""
    try:
        parties: dict[str, dict[str, Any]] = {
            str(pid): {
                "trust": float(data["trust"]),
                "relations": {str(k): float(v) for k, v in data.get("relations", {}).items()},
            }
            for pid, data in summary["parties"].items()
        }
        digest = {"case": str(summary["case"]), "ending": summary.get("ending"), "parties": parties}
        if summary.get("ending_title"):  # summaries written before 2026-11-22 lack it
            digest["ending_title"] = str(summary["ending_title"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise RoleplayError(f"not the summary of a finished session: {exc}") from None
    for pid, data in parties.items():
        for value in (data["trust"], *data["relations"].values()):
            if not 0 <= value <= 100:  # also false for nan
                raise RoleplayError(f"not the summary of a finished session: {pid} has a value out of 0-100")
    return digest


def _party_state(spec: PartySpec) -> PartyState:
    position, salience, red_low, red_high = spec.starting_stances
    return PartyState(
        spec.id,
        position=dict(position),
        salience=dict(salience),
        red_low=dict(red_low),
        red_high=dict(red_high),
        trust=spec.trust,
        relations=dict(spec.relations),
        ripeness=spec.ripeness,
        cohesion=spec.cohesion,
        capability=spec.capability,
        standing=spec.standing,
    )


__all__ = ["PRESENT", "MoveOption", "Session"]
