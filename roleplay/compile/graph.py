"""The phase graph: phase and ending ids, the transitions between them (an ending with a
condition becomes one more transition, from anywhere), each with its compiled condition."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from roleplay.compile.checks import Checker, suggest
from roleplay.conditions import ALWAYS, Condition
from roleplay.engine.blueprint import CompiledTransition
from roleplay.errors import Loc
from roleplay.model.case import Phase, Transition


def compile_graph(c: Checker) -> list[CompiledTransition]:
    """The transitions, in case order; then one per ending that has a condition."""
    case = c.case
    ids = [(p.id, loc) for p, loc in walk_phases(case.phases, ("phases",))]
    ids += [(e.id, ("endings", i, "id")) for i, e in enumerate(case.endings)]
    c.unique(ids, "phase or ending")
    for phase, loc in walk_phases(case.phases, ("phases",)):
        c.citations(phase.cite, (*loc[:-1], "cite"))
        if phase.initial and phase.initial not in {c.id for c in phase.phases}:
            c.error((*loc[:-1], "initial"), f"'{phase.initial}' is not a child of {phase.id}")
    targets = set(c.phases) | {e.id for e in case.endings}
    if case.initial_phase and case.initial_phase not in c.phases:
        c.error(
            ("initial_phase",),
            f"unknown phase '{case.initial_phase}'{suggest(case.initial_phase, c.phases)}",
        )
    if case.clock.timeout_ending not in {e.id for e in case.endings}:
        c.error(("clock", "timeout_ending"), f"unknown ending '{case.clock.timeout_ending}'")
    bands = {e.id: e.band for e in case.endings if e.band is not None}
    compiled = []
    for index, tr in enumerate(case.transitions):
        loc = ("transitions", index)
        sources = [tr.source] if isinstance(tr.source, str) else tr.source
        for i, source in enumerate(sources):
            if source != "*" and source not in c.phases:
                where = (*loc, "source") if isinstance(tr.source, str) else (*loc, "source", i)
                c.error(where, f"unknown phase '{source}'{suggest(source, c.phases)}")
        if tr.dest not in targets:
            c.error((*loc, "dest"), f"unknown phase or ending '{tr.dest}'{suggest(tr.dest, targets)}")
        c.citations(tr.cite, (*loc, "cite"))
        when = _rule(c, tr.when, bands.get(tr.dest), (*loc, "when"))
        from_any = "*" in sources
        compiled.append(CompiledTransition(index, tr, when, None if from_any else frozenset(sources)))
    for index, ending in enumerate(case.endings):
        loc = ("endings", index)
        c.citations(ending.cite, (*loc, "cite"))
        for i, note in enumerate(ending.debrief):
            c.citations(note.cite, (*loc, "debrief", i, "cite"))
        if ending.when is not None:
            when = _rule(c, ending.when, ending.band, (*loc, "when"))
            # Made from values already validated: constructed, not validated again (that would
            # build pydantic's validators, which a case read from the cache never needs).
            synthetic = Transition.model_construct(source="*", dest=ending.id, when=ending.when, label=ending.title)
            compiled.append(CompiledTransition(len(compiled), synthetic, when, None))
    return compiled


def band_condition(band: tuple[float, float]) -> str:
    """The clause a band adds to the rule of every way into its ending: the score in [low, high),
    and a band reaching 100 includes 100."""
    low, high = band
    upper = "agreement.score <= 100" if high >= 100 else f"agreement.score < {high:g}"
    return f"agreement.score >= {low:g} and {upper}"


def _rule(c: Checker, source: str, band: tuple[float, float] | None, loc: Loc) -> Condition:
    """The condition of a way into a phase or ending; into a banded ending, with the band's
    clause last (the score is read only when the rest holds)."""
    when = c.condition(source, loc)
    if when is None:
        return ALWAYS  # the error is reported; the blueprint is not built
    if band is None:
        return when
    return c.condition(f"({source}) and {band_condition(band)}", loc) or when


def walk_phases(phases: Sequence[Phase], loc: Loc) -> Iterable[tuple[Phase, Loc]]:
    for index, phase in enumerate(phases):
        yield phase, (*loc, index, "id")
        yield from walk_phases(phase.phases, (*loc, index, "phases"))
