"""Compile a validated case and its personas into the engine's blueprint.

Compiling checks everything pydantic cannot see alone: references between ids, the phase
graph, and every condition against the names a condition may use. All problems are
collected (not just the first) and located by their path in the case or persona file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from roleplay.conditions import ALWAYS, Condition, ConditionError, Name, compile_condition
from roleplay.engine.blueprint import (
    SELECTORS,
    Blueprint,
    CompiledChoice,
    CompiledEffect,
    CompiledEvent,
    CompiledMove,
    CompiledOutcome,
    CompiledPrior,
    CompiledTransition,
    PartySpec,
)
from roleplay.engine.names import Binding, build_names
from roleplay.engine.paths import phase_paths
from roleplay.errors import CaseInvalid, Issue, Loc
from roleplay.model.case import Case, Phase, Transition
from roleplay.model.common import Citation
from roleplay.model.effects import (
    PARTY_EFFECTS,
    AdvanceEffect,
    DraftEffect,
    Effect,
    EventEffect,
    FlagEffect,
    PersuadeEffect,
    RelationEffect,
)
from roleplay.model.persona import Persona


def _days_between(start: str, date: str) -> int:
    return (dt.date.fromisoformat(date) - dt.date.fromisoformat(start)).days


class _Compiler:
    def __init__(self, case: Case, personas: Mapping[str, Persona]) -> None:
        self.case = case
        self.personas = personas
        self.issues: list[Issue] = []
        self.issue_ids = [i.id for i in case.issues]
        self.negotiators = [p.persona for p in case.parties if p.persona in personas and personas[p.persona].negotiates]
        self.phases: dict[str, Phase] = {}
        self._index_phases(case.phases)
        names_args: dict[str, Any] = {
            "parties": self.negotiators,
            "issues": self.issue_ids,
            "phases": list(self.phases),
            "endings": [e.id for e in case.endings],
            "flags": [f.id for f in case.flags],
            "moves": [m.id for m in case.moves],
            "events": [e.id for e in case.events],
        }
        self.tables: dict[frozenset[str], dict[str, Name]] = {}
        for bindings in (
            frozenset(),
            frozenset({"target"}),
            frozenset({"party"}),
            frozenset({"target", "party"}),
        ):
            self.tables[bindings] = build_names(**names_args, bindings=sorted(bindings))  # type: ignore[arg-type]

    def _index_phases(self, phases: Sequence[Phase]) -> None:
        for phase in phases:
            self.phases.setdefault(phase.id, phase)
            self._index_phases(phase.phases)

    def error(self, loc: Loc, message: str, column: int | None = None) -> None:
        self.issues.append(Issue(loc, message, column))

    # -- conditions -------------------------------------------------------------------------

    def condition(self, source: str | None, loc: Loc, bindings: Iterable[Binding] = ()) -> Condition | None:
        if source is None:
            return None
        try:
            return compile_condition(source, self.tables[frozenset(bindings)])
        except ConditionError as exc:
            self.error(loc, f"in condition: {exc.message}", exc.column)
            return None

    # -- references ----------------------------------------------------------------------

    def unique(self, items: Iterable[tuple[str, Loc]], what: str) -> None:
        seen: dict[str, Loc] = {}
        for item_id, loc in items:
            if item_id in seen:
                self.error(loc, f"duplicate {what} id '{item_id}' (first at {_fmt(seen[item_id])})")
            else:
                seen[item_id] = loc

    def citations(self, cites: Iterable[Citation], loc: Loc) -> None:
        known = {s.id for s in self.case.sources}
        for index, cite in enumerate(cites):
            if cite.source not in known:
                self.error((*loc, index), f"unknown source '{cite.source}'; declared: {', '.join(sorted(known))}")

    def selector(self, value: str, loc: Loc, allow_target: bool) -> None:
        if value == "target" and not allow_target:
            self.error(loc, "'target' only means something in a move that has one target")
        elif value not in SELECTORS and value not in self.negotiators:
            self.error(loc, f"unknown party '{value}'; expected {_choices([*SELECTORS, *self.negotiators])}")

    def issue_ref(self, value: str, loc: Loc) -> None:
        if value != "all" and value not in self.issue_ids:
            self.error(loc, f"unknown issue '{value}'; expected {_choices(['all', *self.issue_ids])}")

    def effects(self, effects: Sequence[Effect], loc: Loc, allow_target: bool) -> tuple[CompiledEffect, ...]:
        compiled = []
        for index, effect in enumerate(effects):
            here = (*loc, index)
            when = None
            if isinstance(effect, PARTY_EFFECTS):
                self.selector(effect.party, (*here, "party"), allow_target)
                bindings: set[Binding] = {"party", "target"} if allow_target else {"party"}
                when = self.condition(effect.when, (*here, "when"), bindings)
                if hasattr(effect, "issue"):
                    self.issue_ref(effect.issue, (*here, "issue"))
            if isinstance(effect, RelationEffect):
                self.selector(effect.toward, (*here, "toward"), allow_target)
            if (
                isinstance(effect, PersuadeEffect)
                and isinstance(effect.toward, str)
                and effect.toward not in ("draft", "compromise", *self.negotiators)
            ):
                self.error(
                    (*here, "toward"),
                    f"unknown point '{effect.toward}'; expected a number, "
                    f"{_choices(['draft', 'compromise', *self.negotiators])}",
                )
            if isinstance(effect, DraftEffect):
                for i, issue in enumerate(effect.issues):
                    self.issue_ref(issue, (*here, "issues", i))
                if effect.method == "value" and effect.value is None:
                    self.error(here, "method 'value' needs a value")
            if isinstance(effect, FlagEffect) and effect.flag not in {f.id for f in self.case.flags}:
                self.error((*here, "flag"), f"unknown flag '{effect.flag}'; declare it under [[flags]]")
            if isinstance(effect, AdvanceEffect) and effect.trigger not in {
                t.trigger for t in self.case.transitions if t.trigger
            }:
                self.error((*here, "trigger"), f"no transition has trigger '{effect.trigger}'")
            if isinstance(effect, EventEffect) and effect.event not in {e.id for e in self.case.events}:
                self.error((*here, "event"), f"unknown event '{effect.event}'")
            compiled.append(CompiledEffect(effect, when))
        return tuple(compiled)

    # -- parts of the case ---------------------------------------------------------------

    def parties(self) -> dict[str, PartySpec]:
        case = self.case
        self.unique(((p.persona, ("parties", i, "persona")) for i, p in enumerate(case.parties)), "party")
        specs: dict[str, PartySpec] = {}
        for index, party in enumerate(case.parties):
            loc: Loc = ("parties", index)
            self.citations(party.cite, (*loc, "cite"))
            persona = self.personas.get(party.persona)
            if persona is None:
                self.error(
                    (*loc, "persona"),
                    f"unknown persona '{party.persona}'{_suggest(party.persona, self.personas)}",
                )
                continue
            if not persona.negotiates:
                continue
            over = party.overrides
            merged = {**persona.positions, **over.positions}
            stances = {i: merged[i] for i in self.issue_ids if i in merged}
            for issue in self.issue_ids:
                if issue not in stances:
                    self.error(
                        loc,
                        f"{persona.id} has no position on issue '{issue}' "
                        "(add it to the persona or to overrides.positions)",
                    )
            trust = over.trust or persona.trust
            specs[persona.id] = PartySpec(
                id=persona.id,
                persona=persona,
                standing=party.standing,
                stances=stances,
                trust=trust.mediator,
                relations={o: trust.parties.get(o, 50.0) for o in self.negotiators if o != persona.id},
                ripeness=_pick(over.ripeness, persona.ripeness),
                cohesion=_pick(over.cohesion, persona.cohesion),
                capability=_pick(over.capability, persona.capability),
                temperament=over.temperament or persona.temperament,
                voice=over.voice or persona.voice,
            )
        if not specs:
            self.error(
                ("parties",),
                "a case needs at least one negotiating party (government, armed coalition or movement)",
            )
        mediation = case.mediation
        for loc, pid in [(("mediation", "lead"), mediation.lead)] + [
            (("mediation", "co_mediators", i), c) for i, c in enumerate(mediation.co_mediators)
        ]:
            if pid not in self.personas:
                self.error(loc, f"unknown persona '{pid}'{_suggest(pid, self.personas)}")
        self.citations(mediation.cite, ("mediation", "cite"))
        return specs

    def graph(self) -> list[CompiledTransition]:
        case = self.case
        ids = [(p.id, loc) for p, loc in _walk_phases(case.phases, ("phases",))]
        ids += [(e.id, ("endings", i, "id")) for i, e in enumerate(case.endings)]
        self.unique(ids, "phase or ending")
        for phase, loc in _walk_phases(case.phases, ("phases",)):
            self.citations(phase.cite, (*loc[:-1], "cite"))
            if phase.initial and phase.initial not in {c.id for c in phase.phases}:
                self.error((*loc[:-1], "initial"), f"'{phase.initial}' is not a child of {phase.id}")
        targets = set(self.phases) | {e.id for e in case.endings}
        if case.initial_phase and case.initial_phase not in self.phases:
            self.error(
                ("initial_phase",),
                f"unknown phase '{case.initial_phase}'{_suggest(case.initial_phase, self.phases)}",
            )
        if case.clock.timeout_ending not in {e.id for e in case.endings}:
            self.error(("clock", "timeout_ending"), f"unknown ending '{case.clock.timeout_ending}'")
        compiled = []
        for index, tr in enumerate(case.transitions):
            loc = ("transitions", index)
            sources = [tr.source] if isinstance(tr.source, str) else tr.source
            for i, source in enumerate(sources):
                if source != "*" and source not in self.phases:
                    where = (*loc, "source") if isinstance(tr.source, str) else (*loc, "source", i)
                    self.error(where, f"unknown phase '{source}'{_suggest(source, self.phases)}")
            if tr.dest not in targets:
                self.error((*loc, "dest"), f"unknown phase or ending '{tr.dest}'{_suggest(tr.dest, targets)}")
            self.citations(tr.cite, (*loc, "cite"))
            when = self.condition(tr.when, (*loc, "when")) or ALWAYS
            from_any = "*" in sources
            compiled.append(CompiledTransition(index, tr, when, None if from_any else frozenset(sources)))
        for index, ending in enumerate(case.endings):
            loc = ("endings", index)
            self.citations(ending.cite, (*loc, "cite"))
            for i, note in enumerate(ending.debrief):
                self.citations(note.cite, (*loc, "debrief", i, "cite"))
            if ending.when is not None:
                when = self.condition(ending.when, (*loc, "when")) or ALWAYS
                synthetic = Transition(source="*", dest=ending.id, when=ending.when, label=ending.title)
                compiled.append(CompiledTransition(len(compiled), synthetic, when, None))
        return compiled

    def moves(self) -> dict[str, CompiledMove]:
        self.unique(((m.id, ("moves", i, "id")) for i, m in enumerate(self.case.moves)), "move")
        compiled = {}
        for index, move in enumerate(self.case.moves):
            loc: Loc = ("moves", index)
            self.citations(move.cite, (*loc, "cite"))
            one = move.target == "one"
            targets = tuple(move.targets) if move.targets is not None else tuple(self.negotiators)
            for i, target in enumerate(move.targets or ()):
                if target not in self.negotiators:
                    self.error((*loc, "targets", i), f"unknown party '{target}'{_suggest(target, self.negotiators)}")
            available = self.condition(move.available, (*loc, "available"), ["target"] if one else []) or ALWAYS
            effects = self.effects(move.effects, (*loc, "effects"), one)
            self.unique(((o.id, (*loc, "outcomes", i, "id")) for i, o in enumerate(move.outcomes)), "outcome")
            outcomes = tuple(
                CompiledOutcome(
                    outcome,
                    self.condition(outcome.when, (*loc, "outcomes", i, "when"), ["target"] if one else []),
                    self.effects(outcome.effects, (*loc, "outcomes", i, "effects"), one),
                )
                for i, outcome in enumerate(move.outcomes)
            )
            compiled[move.id] = CompiledMove(move, available, effects, outcomes, targets)
        return compiled

    def events(self) -> dict[str, CompiledEvent]:
        self.unique(((e.id, ("events", i, "id")) for i, e in enumerate(self.case.events)), "event")
        compiled = {}
        for index, event in enumerate(self.case.events):
            loc: Loc = ("events", index)
            self.citations(event.cite, (*loc, "cite"))
            self.unique(((c.id, (*loc, "choices", i, "id")) for i, c in enumerate(event.choices)), "choice")
            choices = []
            for i, choice in enumerate(event.choices):
                self.citations(choice.cite, (*loc, "choices", i, "cite"))
                choices.append(
                    CompiledChoice(choice, self.effects(choice.effects, (*loc, "choices", i, "effects"), False))
                )
            compiled[event.id] = CompiledEvent(
                event,
                self.condition(event.when, (*loc, "when")),
                self.effects(event.effects, (*loc, "effects"), False),
                tuple(choices),
                None if event.date is None else _days_between(self.case.clock.start, event.date),
            )
        return compiled

    def rubric(self) -> None:
        case = self.case
        known = [f.id for f in case.rubric]
        self.unique(((f.id, ("rubric", i, "id")) for i, f in enumerate(case.rubric)), "rubric")
        for index, fundamental in enumerate(case.rubric):
            self.citations(fundamental.cite, ("rubric", index, "cite"))
        for index, lesson in enumerate(case.lessons):
            self.citations(lesson.cite, ("lessons", index, "cite"))
        marked: list[tuple[dict[str, int], Loc]] = [
            (m.rubric, ("moves", i, "rubric")) for i, m in enumerate(case.moves)
        ]
        marked += [
            (c.rubric, ("events", i, "choices", j, "rubric"))
            for i, e in enumerate(case.events)
            for j, c in enumerate(e.choices)
        ]
        for marks, loc in marked:
            for mark in marks:
                if mark not in known:
                    self.error(
                        (*loc, mark),
                        f"unknown rubric id '{mark}'{_suggest(mark, known)}"
                        + ("" if known else "; declare it under [[rubric]]"),
                    )

    def golden(self) -> None:
        from roleplay.compile.golden import check_paths

        case = self.case
        one = {m.id: m for m in case.moves}
        self.issues.extend(
            check_paths(
                case.tests,
                ("tests",),
                moves={
                    m.id: (tuple(m.targets or self.negotiators) if m.target == "one" else None) for m in one.values()
                },
                choices=[c.id for e in case.events for c in e.choices],
                outcomes=[*self.phases, *(e.id for e in case.endings)],
                names=self.tables[frozenset()],
            )
        )

    def priors(self) -> dict[str, CompiledPrior]:
        carry = self.case.carry_over
        if carry is None:
            return {}
        self.unique(
            ((p.ending, ("carry_over", "endings", i, "ending")) for i, p in enumerate(carry.endings)),
            "prior ending",
        )
        return {
            prior.ending: CompiledPrior(
                prior.ending,
                prior.narrative,
                self.effects(prior.effects, ("carry_over", "endings", i, "effects"), False),
            )
            for i, prior in enumerate(carry.endings)
        }

    def rest(self) -> None:
        case = self.case
        self.unique(((s.id, ("sources", i, "id")) for i, s in enumerate(case.sources)), "source")
        self.unique(((f.id, ("flags", i, "id")) for i, f in enumerate(case.flags)), "flag")
        self.unique(((s.id, ("issues", i, "id")) for i, s in enumerate(case.issues)), "issue")
        for index, issue in enumerate(case.issues):
            self.citations(issue.cite, ("issues", index, "cite"))
        if case.history:
            moves = {m.id: m for m in case.moves}
            for index, step in enumerate(case.history.steps):
                loc = ("history", "steps", index)
                self.citations(step.cite, (*loc, "cite"))
                move = moves.get(step.move)
                if move is None:
                    self.error((*loc, "move"), f"unknown move '{step.move}'{_suggest(step.move, moves)}")
                elif move.target == "one" and step.target not in self.negotiators:
                    self.error((*loc, "target"), f"move '{step.move}' needs a target: {_choices(self.negotiators)}")
                elif move.target != "one" and step.target is not None:
                    self.error((*loc, "target"), f"move '{step.move}' takes no target")


def compile_case(case: Case, personas: Mapping[str, Persona]) -> Blueprint:
    """Check and compile; raises CaseInvalid with every problem found."""
    compiler = _Compiler(case, personas)
    parties = compiler.parties()
    transitions = compiler.graph()
    moves = compiler.moves()
    events = compiler.events()
    compiler.rest()
    compiler.rubric()
    compiler.golden()
    priors = compiler.priors()
    if compiler.issues:
        raise CaseInvalid(compiler.issues)
    return Blueprint(
        case=case,
        personas=dict(personas),
        parties=parties,
        moves=moves,
        events=events,
        endings={e.id: e for e in case.endings},
        transitions=transitions,
        paths=phase_paths(case),
        phases=compiler.phases,
        names=compiler.tables[frozenset()],
        tables=dict(compiler.tables),
        sources={s.id: s for s in case.sources},
        phase_order={pid: i for i, pid in enumerate(phase_paths(case))},
        priors=priors,
    )


def _walk_phases(phases: Sequence[Phase], loc: Loc) -> Iterable[tuple[Phase, Loc]]:
    for index, phase in enumerate(phases):
        yield phase, (*loc, index, "id")
        yield from _walk_phases(phase.phases, (*loc, index, "phases"))


def _pick(override: float | None, default: float) -> float:
    return default if override is None else override


def _choices(values: Iterable[str]) -> str:
    return "one of: " + ", ".join(values)


def _suggest(value: str, known: Iterable[str]) -> str:
    import difflib

    close = difflib.get_close_matches(value, list(known), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""


def _fmt(loc: Loc) -> str:
    from roleplay.errors import format_loc

    return format_loc(loc)


__all__ = ["compile_case"]
