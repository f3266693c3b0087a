"""The moves as the app lists them: each move with its targets, whether it can be played
now and, if not, why in the case's words (one line at once, in full when asked).

Light on purpose: the app imports it before its first frame; the words
(roleplay/game/why_not.py) load with the first list.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint, CompiledMove
    from roleplay.engine.state import GameState
    from roleplay.game.why_not import CaseWords, Plan

#: Every reason a move cannot be played with a target now (CaseWords.reasons).
Every = Callable[["GameState", "CompiledMove", "str | None"], list[str]]


class MoveOption:
    """A move with one target (or none): whether it can be played now, the first reason
    why not in one line (``why``), and every reason (``reasons``, worded when first read:
    read it before the next input)."""

    __slots__ = ("_compiled", "_lazy", "_reasons", "available", "target", "why")

    def __init__(self, compiled: CompiledMove, target: str | None, why: str, lazy: tuple[Every, GameState]) -> None:
        # A list makes about sixty options a turn and most are never asked for more than
        # ``why``: the rest is kept as what would word it (shared by the list), not worded.
        self._compiled = compiled
        self.target = target
        self.why = why
        self.available = not why
        self._lazy = lazy
        self._reasons: tuple[str, ...] | None = None if why else ()

    @property
    def move(self) -> str:
        return self._compiled.move.id

    @property
    def name(self) -> str:
        return self._compiled.move.name

    @property
    def reasons(self) -> tuple[str, ...]:
        if self._reasons is None:
            every, state = self._lazy
            self._reasons = tuple(every(state, self._compiled, self.target)) or (self.why,)
        return self._reasons


class MoveChoice:
    """A move as the app lists it: available if any of its targets is."""

    __slots__ = ("capital", "days", "id", "name", "needs_target", "options", "summary")

    def __init__(
        self,
        id: str,
        name: str,
        summary: str,
        days: int,
        capital: float,
        needs_target: bool,
        options: list[MoveOption],
    ) -> None:
        self.id = id
        self.name = name
        self.summary = summary
        self.days = days
        self.capital = capital
        self.needs_target = needs_target
        self.options = options

    @property
    def available(self) -> bool:
        return any(o.available for o in self.options)

    @property
    def why(self) -> str:
        """Why it cannot be played, in one line ('' when it can): the first target's first
        reason, and a word when the other targets have other reasons."""
        if self.available or not self.options:
            return ""
        first = self.options[0].why
        if any(o.why != first for o in self.options[1:]):
            return f"{first} (and for other parties, other reasons)"
        return first

    @property
    def reasons(self) -> list[str]:
        """Every reason it cannot be played, each once (for a move with targets, each
        target's reasons name that party)."""
        seen: list[str] = []
        for option in self.options:
            for reason in option.reasons:
                if reason not in seen:
                    seen.append(reason)
        return seen


class _Row:
    """A move as every list shows it, read from the case once: its fixed fields and, per
    target, the plan of its condition."""

    __slots__ = (
        "capital",
        "compiled",
        "days",
        "id",
        "max_uses",
        "name",
        "needs_target",
        "summary",
        "targets",
        "used_up",
    )

    def __init__(self, compiled: CompiledMove, words: CaseWords) -> None:
        from roleplay.game.why_not import times

        move = compiled.move
        self.compiled, self.id, self.name, self.summary = compiled, move.id, move.name, move.summary
        self.days, self.capital, self.needs_target = move.cost.days, move.cost.capital, compiled.needs_target
        self.max_uses = move.max_uses
        self.used_up = "" if move.max_uses is None else f"already played {times(move.max_uses)}, as often as it can be"
        self.targets = tuple((t, words.plan_of(compiled, t)) for t in compiled.possible_targets)

    def why(self, plan: Plan, context: object, played: Mapping[str, int], capital: float) -> str:
        """The first reason the move's own rules rule it out now ('' when they allow it), as
        CaseWords.first says it."""
        if self.max_uses is not None and played.get(self.id, 0) >= self.max_uses:
            return self.used_up
        if self.capital > capital + 1e-9:
            return f"costs {self.capital:g} political capital; you have {capital:.0f}"
        for holds, words in plan:
            if not holds(context):
                return words if isinstance(words, str) else words(context)
        return ""


_ROWS: weakref.WeakKeyDictionary[Blueprint, list[_Row]] = weakref.WeakKeyDictionary()


def _rows(blueprint: Blueprint, words: CaseWords) -> list[_Row]:
    rows = _ROWS.get(blueprint)
    if rows is None:
        rows = _ROWS[blueprint] = [_Row(compiled, words) for compiled in blueprint.moves.values()]
    return rows


def list_moves(blueprint: Blueprint, state: GameState) -> list[MoveChoice]:
    """Every move of the case, in case order, with its targets and why-nots."""
    from roleplay.game.why_not import case_words

    words = case_words(blueprint)
    closed = words.closed(state)
    lazy, world, scopes = (words.reasons, state), state.world, state.scopes
    played, capital = world.played, world.capital
    choices = []
    for row in _rows(blueprint, words):
        options = [
            MoveOption(
                row.compiled,
                target,
                closed or row.why(plan, world if target is None else scopes[target], played, capital),
                lazy,
            )
            for target, plan in row.targets
        ]
        choices.append(MoveChoice(row.id, row.name, row.summary, row.days, row.capital, row.needs_target, options))
    return choices
