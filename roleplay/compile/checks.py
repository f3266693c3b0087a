"""What every part of the compiler shares: the problems found so far, the name tables the
conditions are checked against, and the checks of references and effects that moves, events
and carried-over endings all use.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from roleplay.conditions import Condition, ConditionError, Name, Node, compile_condition, compile_node
from roleplay.engine.blueprint import SELECTORS, CompiledEffect
from roleplay.engine.names import Binding, build_names
from roleplay.errors import Issue, Loc, format_loc
from roleplay.model.case import Case, Phase
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
from roleplay.model.persona import Persona, PersonaKind

#: Conditions parsed and checked, by source and bindings: their tree and the names they use.
Parsed = dict[tuple[str, frozenset[str]], tuple[Node, frozenset[str]]]

#: Persona kinds that are an error under [[parties]]: the trainee plays the lead mediator.
SEATLESS_ERRORS = frozenset({PersonaKind.LEAD_MEDIATOR})


class Checker:
    """A case being compiled: its problems are collected here (not just the first), each
    located by its path in the case or persona file."""

    def __init__(
        self,
        case: Case,
        personas: Mapping[str, Persona],
        broken: Mapping[str, str | None] | None = None,
        parsed: Parsed | None = None,
    ) -> None:
        self.case = case
        #: Every condition parsed so far. The case cache keeps them with the case: compiling a
        #: case read from it parses none again (a third of compiling the Algiers case).
        self.parsed: Parsed = parsed if parsed is not None else {}
        self.personas = personas
        #: Personas that exist but failed to load (or cannot be found at all): what to say at
        #: a reference to one (None: nothing, its own error says it all).
        self.broken: Mapping[str, str | None] = broken or {}
        self.issues: list[Issue] = []
        self.issue_ids = [i.id for i in case.issues]
        self.negotiators = [p.persona for p in case.parties if p.persona in personas and personas[p.persona].negotiates]
        #: Parties reported once at their [[parties]] entry (a persona missing, broken or of a
        #: kind without a seat): references to them elsewhere are consequences, not errors.
        self.shadows: list[str] = []
        for party in case.parties:
            persona = personas.get(party.persona)
            if persona is not None and not self.no_seat(persona):
                continue
            self.shadows.append(party.persona)
            if persona is None and party.persona not in self.broken:
                self.shadows += difflib.get_close_matches(party.persona, list(personas), n=1)
        self.negotiators += [s for s in dict.fromkeys(self.shadows) if s not in self.negotiators]
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

    def no_seat(self, persona: Persona) -> bool:
        """Whether a persona under [[parties]] is an error: the lead mediator the trainee plays."""
        return persona.kind in SEATLESS_ERRORS or persona.id == self.case.mediation.lead

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
        key = (source, frozenset(bindings))
        table = self.tables[key[1]]
        known = self.parsed.get(key)
        if known is not None:  # checked when it was parsed, against the same names
            return Condition(source, known[0], known[1], compile_node(known[0], table))
        try:
            condition = compile_condition(source, table)
        except ConditionError as exc:
            self.error(loc, f"in condition: {exc.message}", exc.column)
            return None
        self.parsed[key] = (condition.tree, condition.names)
        return condition

    # -- references ----------------------------------------------------------------------

    def unique(self, items: Iterable[tuple[str, Loc]], what: str) -> None:
        seen: dict[str, Loc] = {}
        for item_id, loc in items:
            if item_id in seen:
                self.error(loc, f"duplicate {what} id '{item_id}' (first at {format_loc(seen[item_id])})")
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
            self.error(loc, f"unknown party '{value}'; expected {one_of([*SELECTORS, *self.negotiators])}")

    def issue_ref(self, value: str, loc: Loc) -> None:
        if value != "all" and value not in self.issue_ids:
            self.error(loc, f"unknown issue '{value}'; expected {one_of(['all', *self.issue_ids])}")

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
                    f"{one_of(['draft', 'compromise', *self.negotiators])}",
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


def one_of(values: Iterable[str]) -> str:
    return "one of: " + ", ".join(values)


def suggest(value: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(known), n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
