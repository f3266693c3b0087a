"""Checks of golden paths (a case's [[tests]]) against the case: moves, targets, choices,
endings and conditions; run while compiling, so validate reports them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from roleplay.conditions import ConditionError, Name, compile_condition
from roleplay.errors import Issue, Loc
from roleplay.model.case import GoldenPath


def check_paths(
    paths: Sequence[GoldenPath],
    loc: Loc,
    *,
    moves: Mapping[str, tuple[str, ...] | None],
    choices: Iterable[str],
    outcomes: Iterable[str],
    names: Mapping[str, Name],
    move_outcomes: Mapping[str, Sequence[str]] | None = None,
) -> list[Issue]:
    """Problems in golden paths: unknown moves, targets, outcomes, choices, endings; bad
    conditions. ``moves`` maps each move id to its targets (None for a move without a target),
    ``move_outcomes`` to its outcome ids (a step 'move@outcome' pins one)."""
    issues: list[Issue] = []
    choice_ids = set(choices)
    endings_and_phases = set(outcomes)
    for index, path in enumerate(paths):
        here = (*loc, index)
        for number, step in enumerate(path.steps):
            where = (*here, "steps", number)
            if step.startswith("?"):
                try:
                    compile_condition(step[1:].strip(), names)
                except ConditionError as exc:
                    issues.append(Issue(where, f"in condition: {exc.message}", exc.column + 1))
                continue
            played, pin, outcome = step.partition("@")
            move, _, target = played.partition(":")
            if move in moves and pin and move_outcomes is not None and outcome not in move_outcomes.get(move, ()):
                known = ", ".join(move_outcomes.get(move, ())) or "none"
                issues.append(Issue(where, f"move '{move}' has no outcome '{outcome}' (its outcomes: {known})"))
            if move in moves:
                targets = moves[move]
                if targets is None and target:
                    issues.append(Issue(where, f"move '{move}' takes no target"))
                elif targets is not None and target not in targets:
                    issues.append(Issue(where, f"move '{move}' needs a target: one of {', '.join(targets)}"))
            elif step not in choice_ids:
                issues.append(Issue(where, f"'{step}' is neither a move nor a choice of any event"))
        for field_name in ("expect_ending", "expect_phase"):
            value = getattr(path, field_name)
            if value is not None and value not in endings_and_phases:
                issues.append(Issue((*here, field_name), f"unknown phase or ending '{value}'"))
        for number, source in enumerate(path.expect):
            try:
                compile_condition(source, names)
            except ConditionError as exc:
                issues.append(Issue((*here, "expect", number), f"in condition: {exc.message}", exc.column))
    return issues
