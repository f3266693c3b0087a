"""Compiling a checked condition to nested closures, so evaluation never walks a tree.

Evaluation runs thousands of times per second: each IR node becomes one closure, and the
common ``name OP literal`` shape gets a dedicated lambda with an inline comparison.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from roleplay.conditions.ir import And, Compare, Const, Fn, Lit, Name, Node, Not, Or, Truth
from roleplay.conditions.parse import Parser

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "in": lambda a, b: a in b,
    "not in": lambda a, b: a not in b,
}
_NAME_OP_LIT: dict[str, Callable[[Callable[[Any], Any], Any], Fn]] = {
    "==": lambda g, v: lambda c: g(c) == v,
    "!=": lambda g, v: lambda c: g(c) != v,
    "<": lambda g, v: lambda c: g(c) < v,
    "<=": lambda g, v: lambda c: g(c) <= v,
    ">": lambda g, v: lambda c: g(c) > v,
    ">=": lambda g, v: lambda c: g(c) >= v,
    "in": lambda g, v: lambda c: g(c) in v,
    "not in": lambda g, v: lambda c: g(c) not in v,
}
_FLIP = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _constant(value: bool) -> Fn:
    return (lambda c: True) if value else (lambda c: False)


def _build(node: Node, names: Mapping[str, Name]) -> Fn:
    if isinstance(node, Compare):
        left, op, right = node.left, node.op, node.right
        if isinstance(right, tuple):
            if isinstance(left, Lit):
                return _constant(bool(_OPS[op](left.value, right)))
            return _NAME_OP_LIT[op](names[left.name].getter, frozenset(right))
        if isinstance(left, Lit):
            if isinstance(right, Lit):  # nothing to look up: fold now
                return _constant(bool(_OPS[op](left.value, right.value)))
            left, op, right = right, _FLIP[op], left  # normalise to `name OP literal`
        getter = names[left.name].getter
        if isinstance(right, Lit):
            return _NAME_OP_LIT[op](getter, right.value)
        other, fn = names[right.name].getter, _OPS[op]
        return lambda c: bool(fn(getter(c), other(c)))
    if isinstance(node, And | Or):
        return _junction([_build(p, names) for p in node.parts], isinstance(node, And))
    if isinstance(node, Not):
        inner = _build(node.part, names)
        return lambda c: not inner(c)
    if isinstance(node, Truth):
        flag = names[node.ref.name].getter
        return lambda c: bool(flag(c))
    return _constant(node.value)


def _junction(fns: list[Fn], is_and: bool) -> Fn:
    """Short-circuiting and/or; the usual 2-3 parts avoid a loop."""
    if len(fns) == 1:
        return fns[0]
    if len(fns) == 3:
        a, b, d = fns
        return (lambda c: a(c) and b(c) and d(c)) if is_and else (lambda c: a(c) or b(c) or d(c))
    head, tail = fns[0], _junction(fns[1:], is_and)
    return (lambda c: head(c) and tail(c)) if is_and else (lambda c: head(c) or tail(c))


@dataclass(frozen=True)
class Condition:
    """A checked, compiled condition; call it with a context to evaluate it."""

    source: str
    tree: Node
    names: frozenset[str]  # dotted names used
    _fn: Fn = field(repr=False, compare=False)
    #: The compiled function itself, a plain attribute: hot loops call it without any hop.
    test: Fn = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", self._fn)

    def __call__(self, context: Any) -> bool:
        return self._fn(context)


def compile_condition(source: str, names: Mapping[str, Name]) -> Condition:
    """Parse, check names/types/choices against ``names``, and compile for evaluation."""
    parser = Parser(source, names)
    tree = parser.parse()
    return Condition(source, tree, frozenset(parser.used), _build(tree, names))


def compile_node(node: Node, names: Mapping[str, Name]) -> Callable[[Any], bool]:
    """Compile a (sub)tree that was already checked; used to explain which clause fails."""
    return _build(node, names)


ALWAYS = Condition("true", Const(True), frozenset(), _constant(True))
