"""Say in words why a condition does not hold right now, e.g. 'trust.coordination >= 40 (now 32)'."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from roleplay.conditions import (
    And,
    Compare,
    Condition,
    Const,
    Lit,
    Name,
    Node,
    Not,
    Or,
    Ref,
    Truth,
    compile_node,
)


def _operand(node: Lit | Ref | tuple[Any, ...]) -> str:
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Lit):
        return (
            repr(node.value)
            if isinstance(node.value, str)
            else f"{node.value:g}"
            if isinstance(node.value, float)
            else str(node.value)
        )
    return "(" + ", ".join(repr(v) for v in node) + ")"


def _now(node: Lit | Ref | tuple[Any, ...], names: Mapping[str, Name], context: Any) -> str:
    if isinstance(node, Ref):
        value = names[node.name].getter(context)
        return f"{value:.0f}" if isinstance(value, float) else str(value)
    return ""


def render(node: Node) -> str:
    if isinstance(node, Compare):
        return f"{_operand(node.left)} {node.op} {_operand(node.right)}"
    if isinstance(node, And):
        return " and ".join(render(p) for p in node.parts)
    if isinstance(node, Or):
        return "(" + " or ".join(render(p) for p in node.parts) + ")"
    if isinstance(node, Not):
        return f"not {render(node.part)}"
    if isinstance(node, Truth):
        return node.ref.name
    return "true" if node.value else "false"


_compiled: dict[tuple[int, int], tuple[Node, Callable[[Any], bool]]] = {}


def _holds(node: Node, names: Mapping[str, Name], context: Any) -> bool:
    # Sub-conditions are compiled once per name table; the node is kept so its id stays unique.
    key = (id(node), id(names))
    entry = _compiled.get(key)
    if entry is None:
        entry = _compiled[key] = (node, compile_node(node, names))
    return entry[1](context)


def unmet(condition: Condition, names: Mapping[str, Name], context: Any) -> list[str]:
    """The clauses of a failing condition, each with the current value of its names."""
    return _unmet(condition.tree, names, context)


def _unmet(node: Node, names: Mapping[str, Name], context: Any) -> list[str]:
    if _holds(node, names, context):
        return []
    if isinstance(node, And):
        return [reason for part in node.parts for reason in _unmet(part, names, context)]
    if isinstance(node, Compare):
        now = [
            f"{_operand(side)} is {_now(side, names, context)}"
            for side in (node.left, node.right)
            if isinstance(side, Ref)
        ]
        return [f"needs {render(node)} ({'; '.join(now)})" if now else f"needs {render(node)}"]
    if isinstance(node, Truth):
        return [f"needs {node.ref.name}"]
    if isinstance(node, Const):
        return ["never available"]
    return [f"needs {render(node)}"]
