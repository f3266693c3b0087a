"""The moves as the app lists them: each move with its targets, whether it can be played
now and, if not, why in the case's words (one line at once, in full when asked).

Light on purpose: the app imports it before its first frame; the words
(roleplay/game/why_not.py) load with the first list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint
    from roleplay.engine.state import GameState


class MoveOption:
    """A move with one target (or none): whether it can be played now, the first reason
    why not in one line (``why``), and every reason (``reasons``, worded when first read:
    read it before the next input)."""

    __slots__ = ("_explain", "_reasons", "available", "move", "name", "target", "why")

    def __init__(self, move: str, name: str, target: str | None, why: str, explain: Callable[[], list[str]]) -> None:
        self.move = move
        self.name = name
        self.target = target
        self.why = why
        self.available = not why
        self._explain = explain
        self._reasons: tuple[str, ...] | None = None if why else ()

    @property
    def reasons(self) -> tuple[str, ...]:
        if self._reasons is None:
            self._reasons = tuple(self._explain()) or (self.why,)
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


def list_moves(blueprint: Blueprint, state: GameState) -> list[MoveChoice]:
    """Every move of the case, in case order, with its targets and why-nots."""
    from roleplay.game.why_not import case_words

    words = case_words(blueprint)
    closed = words.closed(state)
    first, every = words.first, words.reasons
    choices = []
    for compiled in blueprint.moves.values():
        move = compiled.move
        options = []
        for target in compiled.possible_targets:
            why = closed or first(state, compiled, target)

            def explain(compiled=compiled, target=target) -> list[str]:  # type: ignore[no-untyped-def]
                return every(state, compiled, target)

            options.append(MoveOption(move.id, move.name, target, why, explain))
        cost = move.cost
        choices.append(
            MoveChoice(move.id, move.name, move.summary, cost.days, cost.capital, compiled.needs_target, options)
        )
    return choices
