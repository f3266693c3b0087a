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


def _number(value: float) -> str:
    """Six significant digits when they say the number exactly (what authors wrote, and
    what recorded transcripts carry), else every digit, so the text means the same."""
    short = f"{value:g}"
    return short if float(short) == value else repr(value)


def _literal(value: object) -> str:
    if isinstance(value, str):
        return repr(value)
    return _number(value) if isinstance(value, float) else str(value)


def _operand(node: Lit | Ref | tuple[Any, ...]) -> str:
    if isinstance(node, Ref):
        return node.name
    if isinstance(node, Lit):
        return _literal(node.value)
    if len(node) == 1:  # ("signed",): without its comma it is a string, not a list
        return f"({_literal(node[0])},)"
    return "(" + ", ".join(_literal(v) for v in node) + ")"


def _now(node: Lit | Ref | tuple[Any, ...], names: Mapping[str, Name], context: Any) -> str:
    if isinstance(node, Ref):
        value = names[node.name].getter(context)
        return f"{value:.0f}" if isinstance(value, float) else str(value)
    return ""


def _continues(chain: Compare | None, part: Compare) -> bool:
    """Whether ``part`` goes on a comparison chain that ends with ``chain``: ``a < b < c`` is
    read as ``a < b and b < c``, and written back as a chain, so the text stays as short as
    its source (the language caps a condition's size)."""
    if chain is None or isinstance(chain.right, tuple):
        return False
    shared, left = chain.right, part.left
    if isinstance(shared, Lit) and isinstance(left, Lit):
        return type(shared.value) is type(left.value) and shared.value == left.value
    return shared == left


def _conjunction(parts: tuple[Node, ...]) -> str:
    shown: list[str] = []
    chain: Compare | None = None
    for part in parts:
        if isinstance(part, Compare) and _continues(chain, part):
            shown[-1] += f" {part.op} {_operand(part.right)}"
        else:
            shown.append(render(part))
        chain = part if isinstance(part, Compare) else None
    return " and ".join(shown)


def render(node: Node) -> str:
    if isinstance(node, Compare):
        return f"{_operand(node.left)} {node.op} {_operand(node.right)}"
    if isinstance(node, And):
        return _conjunction(node.parts)
    if isinstance(node, Or):
        return "(" + " or ".join(render(p) for p in node.parts) + ")"
    if isinstance(node, Not):
        inner = render(node.part)
        return f"not ({inner})" if isinstance(node.part, And) else f"not {inner}"
    if isinstance(node, Truth):
        return node.ref.name
    return "true" if node.value else "false"


class Explainer:
    """Says why conditions over one name table fail. Each clause is compiled the first time it
    is explained and kept as long as the explainer (a blueprint keeps one per name table);
    clauses are keyed by identity, and kept, so a key can never be reused by another node."""

    def __init__(self, names: Mapping[str, Name]) -> None:
        self.names = names
        self._compiled: dict[int, tuple[Node, Callable[[Any], bool]]] = {}

    def unmet(self, condition: Condition, context: Any) -> list[str]:
        """The clauses of a failing condition, each with the current value of its names."""
        return self._unmet(condition.tree, context)

    def _holds(self, node: Node, context: Any) -> bool:
        entry = self._compiled.get(id(node))
        if entry is None:
            entry = self._compiled[id(node)] = (node, compile_node(node, self.names))
        return entry[1](context)

    def _unmet(self, node: Node, context: Any) -> list[str]:
        if self._holds(node, context):
            return []
        if isinstance(node, And):
            return [reason for part in node.parts for reason in self._unmet(part, context)]
        if isinstance(node, Compare):
            now = [
                f"{_operand(side)} is {_now(side, self.names, context)}"
                for side in (node.left, node.right)
                if isinstance(side, Ref)
            ]
            return [f"needs {render(node)} ({'; '.join(now)})" if now else f"needs {render(node)}"]
        if isinstance(node, Truth):
            return [f"needs {node.ref.name}"]
        if isinstance(node, Const):
            return ["never available"]
        return [f"needs {render(node)}"]


def unmet(condition: Condition, names: Mapping[str, Name], context: Any) -> list[str]:
    """The clauses of a failing condition, each with the current value of its names (once:
    a caller that explains often keeps an Explainer)."""
    return Explainer(names).unmet(condition, context)
