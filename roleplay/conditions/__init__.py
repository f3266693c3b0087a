"""A small, safe condition language for scenario files.

Authors write conditions such as::

    trust.coordination >= 40 and phase == "draft" and not standing.platform == "walked_out"

Sources are parsed with ``ast.parse`` (which never evaluates anything) and only a
whitelist is accepted: ``and``/``or``/``not``, comparisons (chained, and ``in``/``not in``
a literal list), int/float/str/bool literals (also ``true``/``false``) and dotted names
from a caller-supplied table.  The accepted tree becomes a tiny public IR (``Node``), is
type-checked against the table, and is compiled once into nested closures so evaluation
never walks a tree.  Nothing here calls ``eval`` or ``compile``.

The parts: ``ir`` (the name table's entries, the error, the tree), ``parse`` (the
whitelisted parser and its checks), ``compile`` (closures and the public ``Condition``).
"""

from roleplay.conditions.compile import ALWAYS, Condition, compile_condition, compile_node
from roleplay.conditions.ir import (
    And,
    Compare,
    ConditionError,
    Const,
    Fn,
    Lit,
    Name,
    Node,
    Not,
    Or,
    Ref,
    Truth,
    Value,
    ValueType,
)
from roleplay.conditions.parse import MAX_AST_NODES, MAX_SOURCE_CHARS, parse_condition

__all__ = [
    "ALWAYS",
    "MAX_AST_NODES",
    "MAX_SOURCE_CHARS",
    "And",
    "Compare",
    "Condition",
    "ConditionError",
    "Const",
    "Fn",
    "Lit",
    "Name",
    "Node",
    "Not",
    "Or",
    "Ref",
    "Truth",
    "Value",
    "ValueType",
    "compile_condition",
    "compile_node",
    "parse_condition",
]
