"""Parsing a condition: ``ast.parse`` (which never evaluates anything), then a whitelist of
node kinds, turned into the IR of ``ir.py``; with a name table, the names, the types and the
string choices are checked too.
"""

from __future__ import annotations

import ast
import difflib
import math
import re
import tokenize
import unicodedata
import warnings
from collections.abc import Container, Mapping, Sequence

from roleplay.conditions.ir import (
    And,
    Compare,
    ConditionError,
    Const,
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

MAX_SOURCE_CHARS = 1000
MAX_AST_NODES = 200

_CMP_OPS: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
_ORDERING = frozenset({"<", "<=", ">", ">="})
# Tokens from other languages, with what to write instead; each one is refused anyway.
_HINTS: dict[str, str] = {
    "=": "'=' is not a comparison; did you mean '=='?",
    "=>": "'=>' is not an operator; did you mean '>='?",
    "=<": "'=<' is not an operator; did you mean '<='?",
    "<>": "'<>' is not an operator; did you mean '!='?",
    "&&": "'&&' is not an operator; use 'and'",
    "&": "'&' is not an operator; use 'and'",
    "||": "'||' is not an operator; use 'or'",
    "|": "'|' is not an operator; use 'or'",
    "!": "'!' is not an operator; use 'not' (or '!=' to compare)",
}
_FRIENDLY: dict[type[ast.AST], str] = {
    ast.Call: "function calls",
    ast.Subscript: "indexing",
    ast.BinOp: "arithmetic",
    ast.Lambda: "lambda",
    ast.IfExp: "if-expressions",
    ast.NamedExpr: "':='",
    ast.JoinedStr: "f-strings",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.Starred: "'*'",
    **dict.fromkeys([ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp], "comprehensions"),
}


def _type_of(value: Value) -> ValueType:
    if isinstance(value, bool):  # before int: True is an int to Python, not to authors
        return "bool"
    return "number" if isinstance(value, int | float) else "string"


def _show(x: Lit | Ref) -> str:
    if isinstance(x, Ref):
        return x.name
    return ("true" if x.value else "false") if isinstance(x.value, bool) else repr(x.value)


class Parser:
    """Turns a whitelisted Python AST into IR; checks names and types when given a table."""

    def __init__(self, source: str, names: Mapping[str, Name] | None) -> None:
        self.source = source
        self.text = source.lstrip()  # ast.parse rejects leading indentation
        self.shift = len(source) - len(self.text)
        self.names = names
        self.shadowed: Container[str] = names if names is not None else ()
        self.used: set[str] = set()

    def column(self, lineno: int | None, col: int | None, in_bytes: bool = True) -> int:
        """Map an AST (line, col) to an offset into the original source; never raises."""
        starts = [0] + [m.end() for m in re.finditer(r"\r\n?|\n", self.text)]
        start = starts[min(max((lineno or 1) - 1, 0), len(starts) - 1)]
        col = max(col or 0, 0)
        if in_bytes:  # AST nodes count UTF-8 bytes, SyntaxError counts characters
            col = len(self.text[start:].encode("utf-8", "surrogatepass")[:col].decode("utf-8", "ignore"))
        return self.shift + min(start + col, len(self.text))

    def error(self, message: str, node: ast.expr) -> ConditionError:
        return ConditionError(message, self.column(node.lineno, node.col_offset))

    def parse(self) -> Node:
        source = self.source
        if len(source) > MAX_SOURCE_CHARS:
            raise ConditionError(f"condition is longer than {MAX_SOURCE_CHARS} characters", MAX_SOURCE_CHARS)
        if not self.text:
            raise ConditionError("empty condition")
        self.scan()
        try:
            with warnings.catch_warnings():  # e.g. SyntaxWarning for `1 is 1`: noise here
                warnings.simplefilter("ignore")
                tree = ast.parse(self.text, mode="eval")
        except SyntaxError as exc:
            hint = "; wrap multi-line conditions in (...)" if "\n" in self.text.rstrip() else ""
            col = (
                self.column(exc.lineno, exc.offset - 1, in_bytes=False) if exc.offset else len(source)
            )  # no offset: the error is at the end of input
            raise ConditionError(f"syntax error: {exc.msg}{hint}", col) from None
        except (RecursionError, MemoryError, ValueError) as exc:  # deep nesting, NUL, ...
            raise ConditionError(f"cannot parse condition ({type(exc).__name__})") from None
        if sum(1 for _ in ast.walk(tree)) > MAX_AST_NODES:
            raise ConditionError(f"condition is too complex (over {MAX_AST_NODES} AST nodes)")
        return self.cond(tree.body)

    def scan(self) -> None:
        """Refuse, before Python's parser sees them, what it would silently drop or change:
        a '#' comment (the rest of the line would vanish), identifiers Python NFKC-normalises
        (``ｔrust`` or ``ﬁ`` would run as ``trust`` or ``fi``: not what the file shows), and
        operators from other languages, which get a hint. A tokenize error stops the scan:
        the parser then says what is wrong."""
        tokens: list[tokenize.TokenInfo] = []
        try:
            lines = iter(re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+", self.text))  # as column() counts
            for tok in tokenize.generate_tokens(lambda: next(lines, "")):
                tokens.append(tok)
        except (tokenize.TokenError, SyntaxError, ValueError):
            pass
        for i, tok in enumerate(tokens):
            at = self.column(tok.start[0], tok.start[1], in_bytes=False)
            if tok.type == tokenize.COMMENT:
                raise ConditionError("'#' is not part of the condition language", at)
            if tok.type == tokenize.NAME and not tok.string.isascii():
                normal = unicodedata.normalize("NFKC", tok.string)
                read = f"; Python would read it as '{normal}'" if normal != tok.string else ""
                raise ConditionError(f"name {tok.string!r} is not plain ASCII{read}: retype it", at)
            if tok.type in (tokenize.OP, tokenize.ERRORTOKEN):
                glued = tokens[i + 1].string if i + 1 < len(tokens) and tokens[i + 1].start == tok.end else ""
                for text in (tok.string + glued, tok.string):
                    if text in _HINTS:
                        raise ConditionError(_HINTS[text], at)

    def cond(self, node: ast.expr) -> Node:
        """A node in truth-value position."""
        if isinstance(node, ast.BoolOp):
            parts = tuple(self.cond(v) for v in node.values)
            return And(parts) if isinstance(node.op, ast.And) else Or(parts)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return Not(self.cond(node.operand))
        if isinstance(node, ast.Compare):
            return self.compare(node)
        operand = self.operand(node)
        if isinstance(operand, Ref):
            kind = self.kind(operand)
            if kind not in (None, "bool"):
                raise self.error(f"{operand.name} is a {kind}, not a condition; compare it with something", node)
            return Truth(operand)
        if isinstance(operand.value, bool):
            return Const(operand.value)
        raise self.error(f"a {_type_of(operand.value)} literal is not a condition", node)

    def compare(self, node: ast.Compare) -> Node:
        parts: list[Node] = []
        left, left_node = self.operand(node.left), node.left
        for i, (op_node, right_node) in enumerate(zip(node.ops, node.comparators, strict=True)):
            op = _CMP_OPS.get(type(op_node))
            if op is None:
                raise self.error("'is' is not allowed; use == or !=", right_node)
            if op in ("in", "not in"):
                if i != len(node.ops) - 1:  # `x in (1, 2) < y` would compare the list itself
                    raise self.error(f"nothing may follow the list after '{op}'", right_node)
                items = self.values(right_node, op)
                self.check(left, op, items, left_node)
                parts.append(Compare(left, op, tuple(lit.value for lit, _ in items)))
            else:
                right = self.operand(right_node)
                self.check(left, op, [(right, right_node)], left_node)
                parts.append(Compare(left, op, right))
                left, left_node = right, right_node
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def values(self, node: ast.expr, op: str) -> list[tuple[Lit, ast.expr]]:
        if not isinstance(node, ast.Tuple | ast.List):
            raise self.error(f'\'{op}\' needs a literal list, e.g. x {op} ("a", "b")', node)
        items: list[tuple[Lit, ast.expr]] = []
        for elt in node.elts:
            item = self.operand(elt)
            if isinstance(item, Ref):
                raise self.error(f"the list after '{op}' may only hold literal values", elt)
            if items and _type_of(item.value) != _type_of(items[0][0].value):
                raise self.error(
                    f"the list after '{op}' mixes {_type_of(items[0][0].value)} and {_type_of(item.value)} values",
                    elt,
                )
            items.append((item, elt))
        return items

    def operand(self, node: ast.expr) -> Lit | Ref:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, float) and not math.isfinite(node.value):
                raise self.error("number too large", node)
            if isinstance(node.value, bool | int | float | str):
                return Lit(node.value)
            raise self.error(f"{type(node.value).__name__} literals are not allowed", node)
        if isinstance(node, ast.UnaryOp) and not isinstance(node.op, ast.Not):
            value = node.operand.value if isinstance(node.operand, ast.Constant) else None
            if isinstance(node.op, ast.USub) and isinstance(value, int | float) and not isinstance(value, bool):
                number = self.operand(node.operand)  # refuses a non-finite number
                if isinstance(number, Lit) and isinstance(number.value, int | float):
                    return Lit(-number.value)
            raise self.error("the only sign allowed is '-' directly before a number", node)
        if isinstance(node, ast.Name | ast.Attribute):
            dotted = self.dotted(node)
            if dotted in ("true", "false") and dotted not in self.shadowed:
                return Lit(dotted == "true")
            self.resolve(dotted, node)
            return Ref(dotted)
        if isinstance(node, ast.Tuple | ast.List):
            raise self.error("a list of values may only follow 'in' or 'not in'", node)
        if isinstance(node, ast.BoolOp | ast.Compare | ast.UnaryOp):  # UnaryOp: `not` here
            raise self.error("a condition cannot be compared; use 'and' / 'or'", node)
        what = _FRIENDLY.get(type(node), type(node).__name__)
        raise self.error(f"{what} not allowed in conditions", node)

    def dotted(self, node: ast.expr) -> str:
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            self.operand(node)  # raises the specific error for calls, indexing, ...
            raise self.error("'.' is only allowed between plain names", node)
        return ".".join([node.id, *reversed(parts)])

    def resolve(self, dotted: str, node: ast.expr) -> None:
        self.used.add(dotted)
        if self.names is None or dotted in self.names:
            return
        # Prefix matches first: "trust" should suggest "trust.coordination".
        close = sorted(n for n in self.names if n.startswith(dotted + "."))[:3]
        close = close or difflib.get_close_matches(dotted, list(self.names), n=1)
        hint = "; did you mean " + " or ".join(f"'{n}'" for n in close) + "?" if close else ""
        raise self.error(f"unknown name '{dotted}'{hint}", node)

    def kind(self, x: Lit | Ref) -> ValueType | None:
        """The operand's type, or None for a name when there is no table."""
        if isinstance(x, Lit):
            return _type_of(x.value)
        return None if self.names is None else self.names[x.name].type

    def check(
        self, left: Lit | Ref, op: str, rights: Sequence[tuple[Lit | Ref, ast.expr]], left_node: ast.expr
    ) -> None:
        """Like-with-like types, ordering only on numbers/strings, literals within choices."""
        for x, x_node in [(left, left_node), *rights]:
            if op in _ORDERING and self.kind(x) == "bool":
                raise self.error(f"'{op}' needs numbers or strings, not bool ({_show(x)})", x_node)
        lkind = self.kind(left)
        for right, right_node in rights:
            rkind = self.kind(right)
            if lkind is not None and rkind is not None and lkind != rkind:
                raise self.error(f"cannot compare {_show(left)} ({lkind}) with {_show(right)} ({rkind})", right_node)
            if op not in _ORDERING:
                self.check_choice(left, right, right_node)
                self.check_choice(right, left, left_node)

    def check_choice(self, ref: Lit | Ref, lit: Lit | Ref, lit_node: ast.expr) -> None:
        if self.names is None or not isinstance(ref, Ref) or not isinstance(lit, Lit):
            return
        choices = self.names[ref.name].choices
        if choices is not None and isinstance(lit.value, str) and lit.value not in choices:
            raise self.error(
                f"unknown value {lit.value!r} for {ref.name}; expected one of: {', '.join(sorted(choices))}",
                lit_node,
            )


def parse_condition(source: str) -> Node:
    """Parse ``source`` into IR, checking syntax and the whitelist only (no name table)."""
    return Parser(source, None).parse()
