"""Reference errors behind format errors, so an author sees every problem of a case at once.

When a case fails the format (a wrong type, a missing key), the items that hold the errors
(an effect, an outcome, a move, an ending...) are set aside, the rest is validated again and
compiled, and the reference errors found there are reported at their places in the original
file. A compiler's error recovery, in short. An error that names an item set aside is left
out: it is a consequence of the format error, not a second problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from pydantic import ValidationError

from roleplay.errors import CaseInvalid, Issue, Loc
from roleplay.model.case import Case

MAX_ROUNDS = 5


class _Pruned:
    """The case's data without some list items, and the way back to the original places."""

    def __init__(self, data: dict[str, Any], removed: set[Loc]) -> None:
        self.removed = removed
        self.kept: dict[Loc, list[int]] = {}  # per list that lost items: original indices kept
        self.removed_ids: set[str] = set()
        self.data = self._copy(data, ())

    def _copy(self, value: Any, path: Loc) -> Any:
        if isinstance(value, dict):
            return {key: self._copy(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            kept = []
            for index, item in enumerate(value):
                if (*path, index) in self.removed:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        self.removed_ids.add(item["id"])
                    continue
                kept.append(index)
            if len(kept) < len(value):
                self.kept[path] = kept
            return [self._copy(value[index], (*path, index)) for index in kept]
        return value

    def original(self, loc: Iterable[str | int]) -> Loc:
        """A location in the pruned data, as a location in the original file."""
        path: Loc = ()
        for part in loc:
            kept = self.kept.get(path)
            if kept is not None and isinstance(part, int) and 0 <= part < len(kept):
                part = kept[part]
            path = (*path, part)
        return path


def _item_of(loc: Loc) -> Loc | None:
    """The innermost list item holding a location (what is set aside), if any."""
    for end in range(len(loc), 0, -1):
        if isinstance(loc[end - 1], int):
            return loc[:end]
    return None


def reference_issues(
    data: dict[str, Any],
    error: ValidationError,
    compile_case: Callable[[Case], object],
) -> list[Issue]:
    """The reference issues of a case whose format failed with ``error``, located in ``data``;
    empty when the errors cannot be set aside (a top-level table's own field, say)."""
    removed: set[Loc] = set()
    errors = [tuple(e["loc"]) for e in error.errors()]
    pruned = _Pruned(data, removed)
    for _ in range(MAX_ROUNDS):
        for loc in errors:
            item = _item_of(pruned.original(loc))
            if item is None:
                return []
            removed.add(item)
        pruned = _Pruned(data, removed)
        try:
            case = Case.model_validate(pruned.data)
        except ValidationError as again:  # setting items aside broke something else (a minimum length...)
            errors = [tuple(e["loc"]) for e in again.errors()]
            continue
        try:
            compile_case(case)
        except CaseInvalid as invalid:
            return [
                Issue(pruned.original(issue.loc), issue.message, issue.column, issue.severity)
                for issue in invalid.issues
                if not any(f"'{gone}'" in issue.message for gone in pruned.removed_ids)
            ]
        return []
    return []
