"""Golden paths (``roleplay test``): scripted playthroughs with expectations, as Yarn
Spinner's test plans; a failure says which step diverged and why."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from roleplay.compile.golden import check_paths
from roleplay.conditions import compile_condition
from roleplay.engine.explain import unmet
from roleplay.errors import MoveError, ScenarioError
from roleplay.model.case import GoldenPath, GoldenPaths

if TYPE_CHECKING:  # the checks run inside validation, which must not load the engine's machines
    from roleplay.engine.blueprint import Blueprint


@dataclass(frozen=True)
class Outcome:
    name: str
    passed: bool
    detail: str


def run_path(blueprint: Blueprint, path: GoldenPath) -> Outcome:
    from roleplay.engine.session import Session
    from roleplay.strategies import STRATEGIES, autoplay

    names = blueprint.names
    session = Session(blueprint, path.seed)
    for number, step in enumerate(path.steps, start=1):
        label = f"step {number} ({step!r})"
        if step.startswith("?"):
            condition = compile_condition(step[1:].strip(), names)
            if not condition(session.world):
                why = "; ".join(unmet(condition, names, session.world))
                return Outcome(path.name, False, f"{label} does not hold at turn {session.world.turn}: {why}")
            continue
        if session.ended:
            return Outcome(path.name, False, f"{label}: the session had already ended ({session.ending.id})")  # type: ignore[union-attr]
        try:
            session.act(step)
        except MoveError as exc:
            return Outcome(path.name, False, f"{label} diverged at turn {session.world.turn}: {exc}")
    skipped: list[str] = []
    if path.then is not None:
        strategy = STRATEGIES[path.then](path.seed)
        autoplay(session, strategy)
        report = getattr(strategy, "report", None)  # the history strategy says what it could not play
        if report is not None:
            skipped = [d.text for d in report(session) if d.kind != "date"]
    failures = []
    if path.expect_ending is not None and (session.ending is None or session.ending.id != path.expect_ending):
        got = session.ending.id if session.ending else "none (still playing)"
        failures.append(f"expected ending {path.expect_ending}, got {got}")
    if path.expect_phase is not None and path.expect_phase not in session.world.phase_path:
        failures.append(f"expected phase {path.expect_phase}, got {session.world.phase}")
    for source in path.expect:
        condition = compile_condition(source, names)
        if not condition(session.world):
            failures.append(f"expected {source}: " + "; ".join(unmet(condition, names, session.world)))
    then = f"; {path.then} skipped: " + " · ".join(skipped) if skipped else ""
    if failures:
        return Outcome(path.name, False, "at the end: " + " · ".join(failures) + then)
    where = f"ending {session.ending.id}" if session.ending else f"phase {session.world.phase}"
    return Outcome(path.name, True, f"{session.world.turn} turns, {where}{then}")


def sibling_file(case_path: Path) -> Path:
    return case_path.with_name(case_path.stem + ".tests.toml")


def load_paths(case_path: Path, blueprint: Blueprint) -> list[GoldenPath]:
    """The case's own [[tests]] and those of <case>.tests.toml beside it, checked."""
    from roleplay.loading.loader import read_document, validate_model

    paths = list(blueprint.case.tests)
    sibling = sibling_file(case_path)
    if sibling.is_file():
        document = read_document(sibling)
        extra = validate_model(document, GoldenPaths).tests
        issues = check_paths(
            extra,
            ("tests",),
            moves={m.move.id: (m.targets if m.needs_target else None) for m in blueprint.moves.values()},
            choices=[c.choice.id for e in blueprint.events.values() for c in e.choices],
            outcomes=[*blueprint.phases, *blueprint.endings],
            names=blueprint.names,
            move_outcomes={m.move.id: [o.outcome.id for o in m.outcomes] for m in blueprint.moves.values()},
        )
        if issues:
            raise ScenarioError([document.problem(i.loc, i.message, i.column) for i in issues])
        paths += extra
    return paths
