"""`roleplay lint`: what validation cannot see. Every finding has a place, a severity and a fix.

- the phase graph: phases, endings, events and moves that can never be reached or played, and
  phases with no way out but the clock (a fixed point over what is reachable);
- conditions that can never hold, from the ranges values can take (see ranges.py);
- effects that push a value against its bounds; issues with no zone of possible agreement;
- unused personas, items with no citation, ids that differ only by case or accents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from roleplay.authoring.ranges import NEVER, Ranges, all_effects, compute, evaluate, explain_never
from roleplay.conditions import Condition
from roleplay.engine.blueprint import Blueprint, CompiledEffect
from roleplay.errors import Loc
from roleplay.loading import LoadedCase
from roleplay.loading.loader import Document, read_document
from roleplay.model import effects as fx


@dataclass(frozen=True, order=True)
class Finding:
    file: str
    line: int
    column: int
    severity: str  # error, warning, info
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.field}: {self.message} (fix: {self.fix})"

    def as_dict(self) -> dict[str, str | int]:
        return {k: getattr(self, k) for k in ("file", "line", "column", "severity", "field", "message", "fix")}


class _Linter:
    def __init__(self, loaded: LoadedCase) -> None:
        self.loaded = loaded
        self.bp: Blueprint = loaded.blueprint
        self.document: Document = read_document(loaded.path)
        self.findings: list[Finding] = []
        self.ranges: Ranges = compute(self.bp)
        self.move_locs = {m.id: ("moves", i) for i, m in enumerate(self.bp.case.moves)}
        self.event_locs = {e.id: ("events", i) for i, e in enumerate(self.bp.case.events)}

    def add(self, loc: Loc, severity: str, message: str, fix: str, document: Document | None = None) -> None:
        problem = (document or self.document).problem(loc, message)
        self.findings.append(Finding(problem.file, problem.line, problem.column, severity, problem.field, message, fix))

    # -- reachability ------------------------------------------------------------------------

    def reach(self) -> tuple[set[str], set[str], set[str], set[str]]:
        """Fixed point of (phases, moves, events, endings) that might be reached."""
        bp, case = self.bp, self.bp.case
        start = case.initial_phase or case.phases[0].id
        phases = set(_entered(bp, start))
        endings = {case.clock.timeout_ending}
        while True:
            moves = {m for m, c in bp.moves.items() if self._possible(c.available, phases) and self._affordable(m)}
            events = {e for e, c in bp.events.items() if self._event_possible(c.event, c.when, phases)}
            triggers = self._triggers(moves, events)
            before = (len(phases), len(endings))
            for t in bp.transitions:
                tr = t.transition
                if t.sources is not None and not t.sources & phases:
                    continue
                if tr.trigger is not None and tr.trigger not in triggers:
                    continue
                if not self._possible(t.when, phases):
                    continue
                if tr.dest in bp.endings:
                    endings.add(tr.dest)
                else:
                    phases |= set(_entered(bp, tr.dest))
            if (len(phases), len(endings)) == before:
                return phases, moves, events, endings

    def _possible(self, condition: Condition | None, phases: set[str]) -> bool:
        return condition is None or evaluate(condition.tree, self.ranges, phases) != NEVER

    def _affordable(self, move: str) -> bool:
        return self.bp.moves[move].move.cost.capital <= self.ranges.numbers["capital"][1]

    def _event_possible(self, event: object, when: Condition | None, phases: set[str]) -> bool:
        clock = self.bp.case.clock
        date, turn = getattr(event, "date", None), getattr(event, "turn", None)
        if date is not None and date > clock.end:
            return False
        if turn is not None and turn > clock.max_turns:
            return False
        return self._possible(when, phases)

    # -- the checks -----------------------------------------------------------------------------

    def graph(self) -> None:
        bp, case = self.bp, self.bp.case
        phases, moves, events, endings = self.reach()
        for loc, pid in _phase_locs(case.phases):
            if pid not in phases:
                self.add(
                    loc,
                    "warning",
                    f"phase '{pid}' can never be reached",
                    "add a transition into it whose condition can hold, or remove it",
                )
        for index, ending in enumerate(case.endings):
            if ending.id not in endings and ending.when is None:
                why = self._why_unreached(ending.id, phases, moves, events)
                self.add(
                    ("endings", index, "id"),
                    "warning",
                    f"ending '{ending.id}' can never be reached: {why}",
                    "add a transition to it from a reachable phase, or give it a `when`",
                )
            elif ending.when is not None and not self._possible(bp.transitions_when(ending.id), phases):
                self.add(
                    ("endings", index, "when"),
                    "warning",
                    f"ending '{ending.id}' can never be reached",
                    "relax its `when`",
                )
        for move_id, compiled in bp.moves.items():
            if move_id in moves:
                continue
            loc = self.move_locs[move_id]
            if not self._affordable(move_id):
                why = f"it costs {compiled.move.cost.capital:g} capital, more than the mediator can ever hold"
            else:
                why = explain_never(compiled.available.tree, self.ranges, phases)
            self.add(
                (*loc, "available"),
                "warning",
                f"move '{move_id}' can never be played: {why}",
                "relax `available` or add effects that move the values it needs",
            )
        for event_id, compiled_event in bp.events.items():
            if event_id in events:
                continue
            event = compiled_event.event
            if event.date is not None and event.date > case.clock.end:
                why, field = f"its date {event.date} is after the clock's end {case.clock.end}", "date"
            elif event.turn is not None and event.turn > case.clock.max_turns:
                why, field = f"turn {event.turn} is past the turn limit", "turn"
            else:
                when = compiled_event.when
                why, field = explain_never(when.tree, self.ranges, phases) if when else "?", "when"
            self.add(
                (*self.event_locs[event_id], field),
                "warning",
                f"event '{event_id}' can never happen: {why}",
                "move its date or relax its condition",
            )
        for index, t in enumerate(bp.transitions[: len(case.transitions)]):
            if not self._possible(t.when, phases):
                why = explain_never(t.when.tree, self.ranges, phases)
                self.add(
                    ("transitions", index, "when"),
                    "warning",
                    f"this transition can never be taken: {why}",
                    "relax the condition",
                )
        for move_id, compiled in bp.moves.items():
            for i, outcome in enumerate(compiled.outcomes):
                if outcome.when is not None and not self._possible(outcome.when, phases):
                    self.add(
                        (*self.move_locs[move_id], "outcomes", i, "when"),
                        "warning",
                        f"outcome '{outcome.outcome.id}' can never happen: "
                        f"{explain_never(outcome.when.tree, self.ranges, phases)}",
                        "relax its condition",
                    )
        self._dead_ends(phases)

    def _why_unreached(self, ending: str, phases: set[str], moves: set[str], events: set[str]) -> str:
        """Why no transition into an ending can be taken, transition by transition."""
        bp = self.bp
        into = [t for t in bp.transitions if t.transition.dest == ending]
        if not into:
            return "no transition leads to it"
        fired = self._triggers(moves, events)
        reasons = []
        for t in into:
            tr = t.transition
            if t.sources is not None and not t.sources & phases:
                reasons.append(f"the transition from {', '.join(sorted(t.sources))} leaves from a phase never reached")
            elif tr.trigger is not None and tr.trigger not in fired:
                reasons.append(f"nothing that can happen fires its trigger '{tr.trigger}'")
            elif not self._possible(t.when, phases):
                reasons.append(f"its condition never holds: {explain_never(t.when.tree, self.ranges, phases)}")
            else:
                reasons.append("an earlier transition with the same trigger is always taken first")
        return "; ".join(dict.fromkeys(reasons))

    def _triggers(self, moves: set[str], events: set[str]) -> set[str]:
        """The triggers the moves and events that can happen fire."""
        bp = self.bp
        sources: list[Iterable[CompiledEffect]] = [bp.moves[m].effects for m in moves]
        sources += [o.effects for m in moves for o in bp.moves[m].outcomes]
        sources += [bp.events[e].effects for e in events]
        sources += [c.effects for e in events for c in bp.events[e].choices]
        return {c.effect.trigger for group in sources for c in group if isinstance(c.effect, fx.AdvanceEffect)}

    def _dead_ends(self, phases: set[str]) -> None:
        bp = self.bp
        # An exit leaves from the phase or a phase containing it; an ending with a `when` leaves
        # from anywhere. Exits whose condition can never hold do not count.
        exits = [t for t in bp.transitions if self._possible(t.when, phases)]
        for loc, pid in _phase_locs(bp.case.phases):
            phase = bp.phases[pid]
            if phase.phases or pid not in phases:
                continue
            path = set(bp.paths[pid])
            leaving = (t for t in exits if t.transition.dest not in path)  # a loop back in is no way out
            if not any(t.sources is None or t.sources & path for t in leaving):
                self.add(
                    loc,
                    "warning",
                    f"phase '{pid}' has no way out but the clock",
                    "add a transition from it (or from a phase containing it)",
                )

    def values(self) -> None:
        bp = self.bp
        for move_id, compiled in bp.moves.items():
            groups = [(("effects",), compiled.effects)] + [
                (("outcomes", i, "effects"), o.effects) for i, o in enumerate(compiled.outcomes)
            ]
            for where, group in groups:
                for index, c in enumerate(group):
                    self._bounds((*self.move_locs[move_id], *where, index), c.effect)
        for event_id, event in bp.events.items():
            for index, c in enumerate(event.effects):
                self._bounds((*self.event_locs[event_id], "effects", index), c.effect)
            for j, choice in enumerate(event.choices):
                for index, c in enumerate(choice.effects):
                    self._bounds((*self.event_locs[event_id], "choices", j, "effects", index), c.effect)

    def _bounds(self, loc: Loc, effect: object) -> None:
        if not isinstance(effect, fx.ScoreEffect | fx.ShiftEffect) or effect.party not in self.bp.parties:
            return
        spec = self.bp.parties[effect.party]
        if isinstance(effect, fx.ScoreEffect):
            start = getattr(spec, effect.kind)
            if not 0 <= start + effect.delta <= 100:
                self.add(
                    loc,
                    "info",
                    f"{effect.kind} of {effect.party} starts at {start:g}: {effect.delta:+g} "
                    f"would leave 0-100 and is cut at the bound",
                    "use a smaller delta",
                )
        else:
            for issue in [effect.issue] if effect.issue != "all" else list(spec.stances):
                stance = spec.stances[issue]
                target = stance.position + effect.delta
                low, high = stance.red_line
                if not low <= target <= high:
                    self.add(
                        loc,
                        "info",
                        f"shifting {effect.party} on {issue} by {effect.delta:+g} from "
                        f"{stance.position:g} would cross its red line [{low:g}-{high:g}]; it stops at the line",
                        "widen the red line with a red_line effect, or shift less",
                    )

    def agreement_zones(self) -> None:
        bp = self.bp
        effects = [c.effect for c, _, _ in all_effects(bp)]
        for index, issue in enumerate(bp.case.issues):
            stances = {pid: spec.stances[issue.id] for pid, spec in bp.parties.items() if issue.id in spec.stances}
            low = max(s.red_line[0] for s in stances.values())
            high = min(s.red_line[1] for s in stances.values())
            if low <= high:
                continue
            lines = ", ".join(f"{pid} [{s.red_line[0]:g}-{s.red_line[1]:g}]" for pid, s in stances.items())
            widens = any(
                isinstance(e, fx.RedLineEffect) and e.issue in (issue.id, "all") and e.widen > 0 for e in effects
            )
            self.add(
                ("issues", index, "id"),
                "info" if widens else "warning",
                f"no zone of possible agreement on {issue.id}: the red lines do not overlap ({lines})"
                + ("; red_line effects may open one" if widens else ""),
                "widen a red line (persona or red_line effect), or keep the issue out of the draft",
            )

    def citations(self) -> None:
        case = self.bp.case
        for index, t in enumerate(case.transitions):
            if not t.cite:
                self.add(
                    ("transitions", index),
                    "info",
                    "transition without a citation",
                    "cite the passage that supports it, or say in simplifications that it is invented",
                )
        for index, event in enumerate(case.events):
            for j, choice in enumerate(event.choices):
                if not choice.cite and choice.historical:
                    self.add(
                        ("events", index, "choices", j),
                        "info",
                        "historical choice without a citation",
                        "cite the source that says this is what happened",
                    )
        if case.history:
            for index, step in enumerate(case.history.steps):
                if not step.cite:
                    self.add(
                        ("history", "steps", index),
                        "info",
                        "historical step without a citation",
                        "cite the source for this step",
                    )

    def quotes(self) -> None:
        """Quotes checked against their sources' texts, when at hand (authoring/quotes_lint.py)."""
        from roleplay.authoring.quotes_lint import persona_documents, quote_findings
        from roleplay.loading.loader import load_personas, persona_dirs_for

        _, files, _ = load_personas(persona_dirs_for(self.loaded.path))
        documents = [self.document, *persona_documents(self.bp.case, files)]
        quote_findings(self.loaded.path, self.bp.case, documents, self.add)

    def identifiers(self) -> None:
        case = self.bp.case
        named: list[tuple[str, Loc]] = []
        named += [
            (p.id, (*loc[:-1], "id"))
            for loc, p in ((loc, self.bp.phases[pid]) for loc, pid in _phase_locs(case.phases))
        ]
        named += [(m.id, ("moves", i, "id")) for i, m in enumerate(case.moves)]
        named += [(e.id, ("events", i, "id")) for i, e in enumerate(case.events)]
        named += [(e.id, ("endings", i, "id")) for i, e in enumerate(case.endings)]
        named += [(f.id, ("flags", i, "id")) for i, f in enumerate(case.flags)]
        named += [(s.id, ("issues", i, "id")) for i, s in enumerate(case.issues)]
        named += [(s.id, ("sources", i, "id")) for i, s in enumerate(case.sources)]
        seen: dict[str, tuple[str, Loc]] = {}
        for ident, loc in named:
            key = _fold(ident)
            if key in seen and seen[key][0] != ident:
                self.add(
                    loc,
                    "warning",
                    f"'{ident}' differs from '{seen[key][0]}' only by case, accents or separators",
                    "rename one of them so they cannot be confused",
                )
            seen.setdefault(key, (ident, loc))

    def personas(self) -> None:
        from roleplay.authoring.persona_lint import persona_findings

        persona_findings(self.loaded.path, self.bp, self.add)


def _fold(ident: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ident)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().replace("-", "").replace("_", "")


def _phase_locs(phases: list, prefix: Loc = ("phases",)) -> list[tuple[Loc, str]]:  # type: ignore[type-arg]
    found: list[tuple[Loc, str]] = []
    for index, phase in enumerate(phases):
        found.append(((*prefix, index, "id"), phase.id))
        found += _phase_locs(phase.phases, (*prefix, index, "phases"))
    return found


def _entered(bp: Blueprint, phase_id: str) -> tuple[str, ...]:
    """The phase and every phase entered with it (its ancestors, its initial children)."""
    path = list(bp.paths[phase_id])
    phase = bp.phases.get(phase_id)
    while phase is not None and phase.phases:
        phase = bp.phases[phase.initial or phase.phases[0].id]
        path.append(phase.id)
    return tuple(path)


def _counterfactuals(linter: _Linter) -> None:
    """An invented event is marked (so the history replay leaves it out) and labelled (so the
    trainee knows it did not happen): one without the other is a slip."""
    for index, event in enumerate(linter.bp.case.events):
        labelled = event.narrative.startswith("(counterfactual)")
        if labelled and not event.counterfactual:
            message = f"event '{event.id}' reads as counterfactual but is not marked: the history replay may fire it"
            linter.add(("events", index, "narrative"), "warning", message, "add counterfactual = true")
        elif event.counterfactual and not labelled:
            message = f"event '{event.id}' is counterfactual but its narrative does not say so to the trainee"
            linter.add(("events", index, "narrative"), "warning", message, "begin it with '(counterfactual)'")


def lint(loaded: LoadedCase) -> list[Finding]:
    linter = _Linter(loaded)
    _counterfactuals(linter)
    linter.graph()
    linter.values()
    linter.agreement_zones()
    linter.citations()
    linter.quotes()
    linter.identifiers()
    linter.personas()
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(set(linter.findings), key=lambda f: (f.file != str(loaded.path), order[f.severity], f.line, f.column))


__all__ = ["Finding", "Path", "lint"]
