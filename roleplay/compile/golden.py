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
) -> list[Issue]:
    """Problems in golden paths: unknown moves, targets, choices, endings; bad conditions.
    ``moves`` maps each move id to its targets (None for a move without a target)."""
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
            move, _, target = step.partition(":")
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
