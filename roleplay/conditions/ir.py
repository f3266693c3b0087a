"""The condition language's intermediate representation: the name table's entries, the
error a rejected condition raises, and the tree a condition parses into.

The tree is deliberately tiny, so static analysis (e.g. intervals over numeric names, in
authoring/ranges.py) has few shapes to handle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

ValueType: TypeAlias = Literal["number", "string", "bool"]
Value: TypeAlias = float | int | str | bool


@dataclass(frozen=True)
class Name:
    """One entry of the name table: its type, how to read it, and its valid values."""

    type: ValueType
    getter: Callable[[Any], Value]  # called with the caller's opaque context object
    choices: frozenset[str] | None = None  # valid string values (phase ids, standings, ...)
    doc: str = ""  # shown to authors


class ConditionError(ValueError):
    """A rejected condition; ``column`` is the 0-based offset into the source."""

    def __init__(self, message: str, column: int = 0) -> None:
        super().__init__(f"{message} (at column {column})")
        self.message = message
        self.column = column

    def __reduce__(self) -> tuple[type[ConditionError], tuple[str, int]]:
        return (ConditionError, (self.message, self.column))  # keep column across pickling


@dataclass(frozen=True)
class Lit:
    value: Value  # a literal operand; `-5` is already folded to Lit(-5)


@dataclass(frozen=True)
class Ref:
    name: str  # the full dotted name, e.g. "trust.coordination"


@dataclass(frozen=True)
class Compare:
    """``left op right`` with op in ``== != < <= > >= in``/``not in``.

    For ``in``/``not in``, ``right`` is a tuple of literal values.  A chained comparison
    ``a < b < c`` becomes ``And((Compare(a, "<", b), Compare(b, "<", c)))``.
    """

    left: Lit | Ref
    op: str
    right: Lit | Ref | tuple[Value, ...]


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


@dataclass(frozen=True)
class Truth:
    ref: Ref  # a bare bool name used as a condition, e.g. `flag.prisoner_exchange`


@dataclass(frozen=True)
class Const:
    value: bool  # a literal `true` / `false` used as a whole condition


Node: TypeAlias = Compare | And | Or | Not | Truth | Const
Fn: TypeAlias = Callable[[Any], bool]
