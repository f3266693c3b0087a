"""Compile a validated case and its personas into the engine's blueprint.

Compiling checks everything pydantic cannot see alone: references between ids, the phase
graph, and every condition against the names a condition may use. All problems are
collected (not just the first) and located by their path in the case or persona file.

The parts: ``checks`` (what they share), ``parties``, ``graph`` (phases and transitions),
``moves_events``; here, the order they run in and the checks that only cross-reference
(rubric, golden paths, history, sources).
"""

from __future__ import annotations

from collections.abc import Mapping

from roleplay.compile.checks import Checker, Parsed, one_of, suggest
from roleplay.compile.graph import compile_graph
from roleplay.compile.moves_events import compile_carried, compile_events, compile_moves, compile_priors
from roleplay.compile.parties import compile_parties
from roleplay.engine.blueprint import Blueprint, CompiledMove, CompiledTerm
from roleplay.engine.paths import phase_paths
from roleplay.errors import CaseInvalid, Loc
from roleplay.model.case import Case, RubricTerm
from roleplay.model.persona import Persona


def compile_case(
    case: Case,
    personas: Mapping[str, Persona],
    broken: Mapping[str, str | None] | None = None,
    parsed: Parsed | None = None,
) -> Blueprint:
    """Check and compile; raises CaseInvalid with every problem found. ``broken``: personas
    that exist but failed to load, with what to say where the case names one (see Checker);
    ``parsed``: conditions parsed before, filled with those parsed now (see Checker)."""
    checker = Checker(case, personas, broken, parsed)
    parties = compile_parties(checker)
    transitions = compile_graph(checker)
    moves = compile_moves(checker)
    events = compile_events(checker)
    check_rest(checker, moves)
    rubric_terms = check_rubric(checker)
    check_golden(checker, moves)
    priors = compile_priors(checker)
    carried = compile_carried(checker)
    signed_rule = checker.condition(case.scoring.signed, ("scoring", "signed"), ["party"])
    void_rule = checker.condition(case.scoring.void, ("scoring", "void"))
    if checker.issues:
        raise CaseInvalid(checker.issues)
    return Blueprint(
        case=case,
        personas=dict(personas),
        parties=parties,
        moves=moves,
        events=events,
        endings={e.id: e for e in case.endings},
        transitions=transitions,
        paths=phase_paths(case),
        phases=checker.phases,
        names=checker.tables[frozenset()],
        # What a game reads (why a move waits, with or without a target); the tables with a
        # 'party' bound serve the checks only (~0.5 MiB of names a game would keep).
        tables={bindings: names for bindings, names in checker.tables.items() if "party" not in bindings},
        sources={s.id: s for s in case.sources},
        phase_order={pid: i for i, pid in enumerate(phase_paths(case))},
        priors=priors,
        rubric_terms=rubric_terms,
        signed_rule=signed_rule,
        void_rule=void_rule,
        carried=carried,
    )


def check_rubric(c: Checker) -> dict[str, tuple[CompiledTerm, ...]]:
    """Rubric marks on moves and choices name declared fundamentals; each fundamental's terms
    read number names or conditions of the language."""
    case = c.case
    known = [f.id for f in case.rubric]
    c.unique(((f.id, ("rubric", i, "id")) for i, f in enumerate(case.rubric)), "rubric")
    terms: dict[str, tuple[CompiledTerm, ...]] = {}
    for index, fundamental in enumerate(case.rubric):
        c.citations(fundamental.cite, ("rubric", index, "cite"))
        terms[fundamental.id] = tuple(
            _term(c, term, ("rubric", index, "terms", i)) for i, term in enumerate(fundamental.terms)
        )
    for index, lesson in enumerate(case.lessons):
        c.citations(lesson.cite, ("lessons", index, "cite"))
    marked: list[tuple[dict[str, int], Loc]] = [(m.rubric, ("moves", i, "rubric")) for i, m in enumerate(case.moves)]
    marked += [
        (c.rubric, ("events", i, "choices", j, "rubric"))
        for i, e in enumerate(case.events)
        for j, c in enumerate(e.choices)
    ]
    for marks, loc in marked:
        for mark in marks:
            if mark not in known:
                c.error(
                    (*loc, mark),
                    f"unknown rubric id '{mark}'{suggest(mark, known)}"
                    + ("" if known else "; declare it under [[rubric]]"),
                )
    return terms


def _term(c: Checker, term: RubricTerm, loc: Loc) -> CompiledTerm:
    c.citations(term.cite, (*loc, "cite"))
    names = c.tables[frozenset()]
    value = None
    if term.value is not None:
        value = names.get(term.value)
        numbers = [n for n, entry in names.items() if entry.type == "number"]
        if value is None or value.type != "number":
            c.error((*loc, "value"), f"'{term.value}' is not a number name{suggest(term.value, numbers)}")
            value = None
    return CompiledTerm(term.label, term.points, value, c.condition(term.when, (*loc, "when")), term.baseline)


def check_golden(c: Checker, moves: Mapping[str, CompiledMove]) -> None:
    """The case's golden paths name real moves, targets, choices and outcomes."""
    from roleplay.compile.golden import check_paths

    case = c.case
    c.issues.extend(
        check_paths(
            case.tests,
            ("tests",),
            moves={m.move.id: (m.targets if m.needs_target else None) for m in moves.values()},
            choices=[c.id for e in case.events for c in e.choices],
            outcomes=[*c.phases, *(e.id for e in case.endings)],
            names=c.tables[frozenset()],
            move_outcomes={m.move.id: [o.outcome.id for o in m.outcomes] for m in moves.values()},
        )
    )


def check_rest(c: Checker, moves: Mapping[str, CompiledMove]) -> None:
    """Unique ids of sources, flags and issues; the historical path names real moves."""
    case = c.case
    c.unique(((s.id, ("sources", i, "id")) for i, s in enumerate(case.sources)), "source")
    c.unique(((f.id, ("flags", i, "id")) for i, f in enumerate(case.flags)), "flag")
    c.unique(((s.id, ("issues", i, "id")) for i, s in enumerate(case.issues)), "issue")
    for index, issue in enumerate(case.issues):
        c.citations(issue.cite, ("issues", index, "cite"))
    if case.history:
        for index, step in enumerate(case.history.steps):
            loc = ("history", "steps", index)
            c.citations(step.cite, (*loc, "cite"))
            move = moves.get(step.move)
            if move is None:
                c.error((*loc, "move"), f"unknown move '{step.move}'{suggest(step.move, moves)}")
            elif move.needs_target and step.target not in move.targets:
                c.error((*loc, "target"), f"move '{step.move}' needs a target: {one_of(move.targets)}")
            elif not move.needs_target and step.target is not None:
                c.error((*loc, "target"), f"move '{step.move}' takes no target")
            elif step.outcome is not None and step.outcome not in (ids := [o.outcome.id for o in move.outcomes]):
                known = one_of(ids) if ids else "it has no outcomes to pin"
                c.error((*loc, "outcome"), f"move '{step.move}' has no outcome '{step.outcome}': {known}")


__all__ = ["compile_case"]
