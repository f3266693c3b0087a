"""Reference errors behind format errors, so an author sees every problem of a case at once.

When a case fails the format (a wrong type, a missing key), the items that hold the errors
(an effect, an outcome, a move, an ending...) are set aside, the rest is validated again and
compiled, and the reference errors found there are reported at their places in the original
file. A compiler's error recovery, in short. An error that names an item set aside is left
out: it is a consequence of the format error, not a second problem.
"""

from __future__ import annotations

import re
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
        """A copy of ``value`` without the removed items, built with a stack: no recursion
        limit, however deeply a hostile file nests."""
        root: list[Any] = [None]
        stack: list[tuple[Any, Loc, Any, Any]] = [(value, path, root, 0)]
        while stack:
            source, here, parent, key = stack.pop()
            if isinstance(source, dict):
                copy: dict[str, Any] = dict.fromkeys(source)  # the file's key order
                parent[key] = copy
                stack.extend((item, (*here, name), copy, name) for name, item in source.items())
            elif isinstance(source, list):
                kept = []
                for index, item in enumerate(source):
                    if (*here, index) in self.removed:
                        self.removed_ids.update(_ids_within(item))
                        continue
                    kept.append(index)
                if len(kept) < len(source):
                    self.kept[here] = kept
                items: list[Any] = [None] * len(kept)
                parent[key] = items
                stack.extend((source[index], (*here, index), items, at) for at, index in enumerate(kept))
            else:
                parent[key] = source
        return root[0]

    def original(self, loc: Iterable[str | int]) -> Loc:
        """A location in the pruned data, as a location in the original file."""
        path: Loc = ()
        for part in loc:
            kept = self.kept.get(path)
            if kept is not None and isinstance(part, int) and 0 <= part < len(kept):
                part = kept[part]
            path = (*path, part)
        return path


def _ids_within(item: Any) -> set[str]:
    """The ids an item set aside takes with it: its own and those of the items it holds (an
    event's choices, a move's outcomes), so no reference to one is reported as a second error."""
    ids: set[str] = set()
    stack = [item]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            # A party's id is its persona's; an id that broke its pattern ('security track')
            # is also taken in the spelling its references most likely use ('security_track').
            for key in ("id", "persona"):
                if isinstance(current.get(key), str):
                    ids.update((current[key], _FOLD.sub("_", current[key].strip().lower())))
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return ids


_QUOTED = re.compile(r"'([^']*)'")
_FOLD = re.compile(r"[^a-z0-9_]")


def _names_any(message: str, ids: set[str]) -> bool:
    """Whether a message names one of ``ids``, alone ('p1_drafting') or as a part of a dotted
    name ('in_phase.p1_drafting', 'standing.mnla')."""
    return any(part in ids for quoted in _QUOTED.findall(message) for part in quoted.split("."))


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
                if not _names_any(issue.message, pruned.removed_ids)
            ]
        return []
    return []
