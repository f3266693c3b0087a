"""Map pydantic error locations (``("moves", 3, "delta")``) to positions in a TOML file.

``tomllib`` gives no positions, so the file is parsed a second time with tree-sitter-toml and
every key, table header, array element and value is recorded under the path pydantic would use.
The tree-sitter parser is created lazily: importing this module stays cheap.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

Path_ = tuple[str | int, ...]

_KEY_TYPES = frozenset({"bare_key", "quoted_key", "dotted_key"})
_SKIP = frozenset({"comment", "ERROR"})
_ESCAPES = dict(zip('btnfre"\\', '\b\t\n\f\r\x1b"\\', strict=True))
_ESCAPE_RE = re.compile(r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)", re.DOTALL)
_CONTINUATION = re.compile(rb"[\x80-\xbf]")  # UTF-8 continuation bytes: no character starts there
_parser: Parser | None = None


def _get_parser() -> Parser:
    global _parser
    if _parser is None:
        import tree_sitter
        import tree_sitter_toml

        _parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_toml.language()))
    return _parser


@dataclass(frozen=True)
class Position:
    """A 1-based line and column; columns count characters, not bytes."""

    line: int
    column: int


def _unescape(match: re.Match[str]) -> str:
    seq = match.group(1)
    if seq[0] in "uUx" and len(seq) > 1:
        try:
            return chr(int(seq[1:], 16))
        except (ValueError, OverflowError):
            return match.group(0)
    return _ESCAPES.get(seq, match.group(0))


def _key_text(node: Node) -> str:
    raw = (node.text or b"").decode("utf-8", errors="replace")
    if node.type != "quoted_key" or len(raw) < 2:
        return raw
    inner = raw[1:-1]
    return _ESCAPE_RE.sub(_unescape, inner) if raw[0] == '"' else inner


def _key_parts(node: Node) -> list[Node]:
    """The bare/quoted key nodes of a (possibly dotted) key, in order."""
    parts: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "dotted_key":
            stack.extend(reversed([c for c in current.named_children if c.type in _KEY_TYPES]))
        else:
            parts.append(current)
    return parts


class PositionIndex:
    """Positions of keys and values in one TOML document, by pydantic-style location path."""

    def __init__(self, data: bytes) -> None:
        self._lines = data.split(b"\n")
        self._keys: dict[Path_, Position] = {}
        self._values: dict[Path_, Position] = {}
        self._strings: dict[Path_, Position] = {}
        self._aot_counts: dict[Path_, int] = {}
        #: Per line (indexed lazily), the offsets of its UTF-8 continuation bytes: a column is
        #: then a binary search, so indexing stays linear in the file (one long line included).
        self._continuations: dict[int, list[int]] = {}

    @classmethod
    def build(cls, text: str) -> PositionIndex:
        """Index ``text``; never raises: whatever tree-sitter can parse is indexed."""
        data = text.encode("utf-8", errors="surrogatepass")
        index = cls(data)
        with contextlib.suppress(Exception):  # positions are a nicety, never a failure
            index._index(data)
        return index

    def key(self, path: Path_) -> Position | None:
        """Where the key (or table header, or array element) for ``path`` stands."""
        return self._keys.get(tuple(path))

    def value(self, path: Path_) -> Position | None:
        """Where the value for ``path`` starts (for a table header: the header)."""
        return self._values.get(tuple(path))

    def string_value_start(self, path: Path_) -> Position | None:
        """First character inside the quotes of a single-line string value."""
        return self._strings.get(tuple(path))

    def locate(self, path: Path_) -> Position:
        """The value position of the longest known prefix of ``path``, else ``Position(1, 1)``."""
        path = tuple(path)
        for end in range(len(path), 0, -1):
            found = self._values.get(path[:end])
            if found is not None:
                return found
        return Position(1, 1)

    # -- building -------------------------------------------------------------------------------

    def _pos(self, node: Node) -> Position:
        row, byte_col = node.start_point
        continuations = self._continuations.get(row)
        if continuations is None:
            line = self._lines[row] if row < len(self._lines) else b""
            continuations = [] if line.isascii() else [m.start() for m in _CONTINUATION.finditer(line)]
            self._continuations[row] = continuations
        # Characters are the bytes that are not UTF-8 continuation bytes.
        return Position(row + 1, byte_col - bisect_left(continuations, byte_col) + 1)

    def _mark(self, path: Path_, key: Position, value: Position) -> None:
        self._keys.setdefault(path, key)
        self._values.setdefault(path, value)

    def _index(self, data: bytes) -> None:
        base: Path_ = ()
        for node in _get_parser().parse(data).root_node.named_children:
            if node.type in ("table", "table_array_element"):
                header = next((c for c in node.named_children if c.type in _KEY_TYPES), None)
                if header is None:
                    continue
                base = self._open_table(node, header, node.type == "table_array_element")
                items = node.named_children
            else:  # top-level pairs, or pairs salvaged out of an ERROR node
                items = node.children if node.type == "ERROR" else [node]
            for item in items:
                if item.type == "pair":
                    self._walk_pair(item, base)

    def _open_table(self, node: Node, header: Node, is_array: bool) -> Path_:
        pos = self._pos(node)
        path: Path_ = ()
        parts = _key_parts(header)
        for i, part in enumerate(parts):
            path = (*path, _key_text(part))
            if i == len(parts) - 1 and is_array:
                count = self._aot_counts.get(path, 0)
                self._aot_counts[path] = count + 1
                self._mark(path, pos, pos)
                path = (*path, count)
            elif path in self._aot_counts:  # e.g. `moves` in [[moves.outcomes]]: latest element
                path = (*path, self._aot_counts[path] - 1)
            self._mark(path, pos, pos)
        return path

    def _walk_pair(self, pair: Node, base: Path_) -> None:
        """Index a pair and everything nested in its value, without recursion."""
        stack: list[tuple[Node, Path_]] = [(pair, base)]
        while stack:
            node, path = stack.pop()
            if node.type == "pair":
                children = node.children
                if any(c.type == "ERROR" for c in children):
                    continue
                eq = next((i for i, c in enumerate(children) if c.type == "="), None)
                key = children[0] if children and children[0].type in _KEY_TYPES else None
                value = next((c for c in children[(eq or 0) + 1 :] if c.is_named), None)
                if key is None or eq is None or value is None or value.type in _SKIP:
                    continue
                parts = _key_parts(key)
                for part in parts[:-1]:  # implicit tables of a dotted key
                    path = (*path, _key_text(part))
                    pos = self._pos(part)
                    self._mark(path, pos, pos)
                path = (*path, _key_text(parts[-1]))
                self._mark(path, self._pos(parts[-1]), self._pos(value))
                stack.append((value, path))
            elif node.type == "array":
                elements = [c for c in node.named_children if c.type not in _SKIP]
                for i, element in enumerate(elements):
                    pos = self._pos(element)
                    self._mark((*path, i), pos, pos)
                    stack.append((element, (*path, i)))
            elif node.type == "inline_table":
                stack.extend((c, path) for c in node.named_children if c.type == "pair")
            elif node.type == "string":
                text = node.text or b""
                if text[:1] in (b'"', b"'") and text[:3] not in (b'"""', b"'''"):
                    pos = self._pos(node)
                    self._strings.setdefault(path, Position(pos.line, pos.column + 1))
