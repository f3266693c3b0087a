"""Where the cursor stands in a TOML file: the dotted path of the key or value under it.

LSP positions count UTF-16 code units from 0; our problems count characters from 1; tree-sitter
counts bytes. The conversions are here, and the path is found with tree-sitter-toml (its own
parser: the loader's may be busy in the diagnostics thread).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node, Parser

Path_ = tuple[str | int, ...]

_KEY_TYPES = frozenset({"bare_key", "quoted_key", "dotted_key"})
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]*?)\s*\]\]?")
_WORD = re.compile(r"[A-Za-z0-9_.\-]+")
_parser: Parser | None = None


def _get_parser() -> Parser:
    global _parser
    if _parser is None:
        import tree_sitter
        import tree_sitter_toml

        _parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_toml.language()))
    return _parser


# -- columns ----------------------------------------------------------------------------------


def utf16_column(line: str, column: int) -> int:
    """UTF-16 units before character ``column`` (0-based) of ``line``."""
    return column + sum(1 for c in line[:column] if ord(c) > 0xFFFF)


def char_column(line: str, units: int) -> int:
    """The character index (0-based) at UTF-16 offset ``units`` of ``line``."""
    count = 0
    for index, char in enumerate(line):
        if count >= units:
            return index
        count += 2 if ord(char) > 0xFFFF else 1
    return len(line)


def line_at(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line].rstrip("\r") if 0 <= line < len(lines) else ""


# -- the path under the cursor ------------------------------------------------------------------


@dataclass(frozen=True)
class Spot:
    """What is under the cursor: the path of the key or value, and whether it is a key."""

    path: Path_  # data path, with array indices: ("moves", 3, "available")
    on_key: bool  # the cursor is on a key (or a table header), not in a value
    word: str  # the run of id characters under the cursor ("played.open_talks")
    word_start: int  # its first character in the line (0-based)
    part: str  # the dot-separated part of ``word`` under the cursor
    prefix: tuple[str, ...]  # the parts of ``word`` before ``part``


def schema_path(path: Path_) -> tuple[str, ...]:
    """A data path without its array indices (what the schema is walked by)."""
    return tuple(p for p in path if isinstance(p, str))


def word_at(line: str, column: int) -> tuple[str, int, str, tuple[str, ...]]:
    """The id-like word around ``column`` (characters), its start, its part and that part's prefix."""
    for match in _WORD.finditer(line):
        if match.start() <= column <= match.end():
            word, start = match.group(0), match.start()
            parts = word.split(".")
            offset = start
            for i, part in enumerate(parts):
                if offset <= column <= offset + len(part):
                    return word, start, part, tuple(parts[:i])
                offset += len(part) + 1
    return "", column, "", ()


def spot_at(text: str, line: int, column: int) -> Spot:
    """The spot at a 0-based line and character column."""
    raw = line_at(text, line)
    word, start, part, prefix = word_at(raw, column)
    byte_column = len(raw[:column].encode("utf-8", errors="surrogatepass"))
    data = text.encode("utf-8", errors="surrogatepass")
    root = _get_parser().parse(data).root_node
    node = root.named_descendant_for_point_range((line, byte_column), (line, byte_column))
    path, on_key = _path_of(root, node, (line, byte_column)) if node is not None else ((), False)
    return Spot(path, on_key, word, start, part, prefix)


def _contains(node: Node, point: tuple[int, int]) -> bool:
    return node.start_point <= point <= node.end_point


def _key_text(node: Node) -> str:
    raw = (node.text or b"").decode("utf-8", errors="replace")
    return raw[1:-1] if node.type == "quoted_key" and len(raw) >= 2 else raw


def _key_parts(node: Node) -> list[Node]:
    if node.type != "dotted_key":
        return [node]
    parts: list[Node] = []
    for child in node.named_children:
        if child.type in _KEY_TYPES:
            parts.extend(_key_parts(child))
    return parts


def _ancestors(node: Node) -> list[Node]:
    chain = [node]
    while chain[-1].parent is not None:
        chain.append(chain[-1].parent)
    return list(reversed(chain))


def _key_path(key: Node, point: tuple[int, int]) -> tuple[list[str], bool]:
    """A key's parts, up to the part under ``point`` if it is on the key."""
    parts = _key_parts(key)
    names = [_key_text(p) for p in parts]
    for i, part in enumerate(parts):
        if _contains(part, point):
            return names[: i + 1], True
    return names, False


def _path_of(root: Node, node: Node, point: tuple[int, int]) -> tuple[Path_, bool]:
    path: list[str | int] = []
    chain = _ancestors(node)
    for depth, current in enumerate(chain):
        below = chain[depth + 1] if depth + 1 < len(chain) else None
        if current.type in ("table", "table_array_element"):
            header = next((c for c in current.named_children if c.type in _KEY_TYPES), None)
            if header is None:
                return tuple(path), False
            names, on_header = _key_path(header, point)
            if on_header:
                return _table_path(root, current, names, index_last=False), True
            path = list(_table_path(root, current, names, index_last=current.type == "table_array_element"))
        elif current.type == "pair":
            key = current.children[0] if current.children and current.children[0].type in _KEY_TYPES else None
            if key is None:
                return tuple(path), False
            names, on_key = _key_path(key, point)
            path.extend(names)
            if on_key or below is None:
                return tuple(path), on_key
        elif current.type == "array" and below is not None:
            elements = [c for c in current.named_children if c.type not in ("comment", "ERROR")]
            for i, element in enumerate(elements):
                if element == below:
                    path.append(i)
    return tuple(path), False


def _table_path(root: Node, table: Node, names: list[str], index_last: bool) -> Path_:
    """The data path of a table header, counting the [[arrays]] above it as the loader does."""
    counts: dict[tuple[str, ...], int] = {}
    for sibling in root.named_children:
        if sibling.start_byte >= table.start_byte:
            break
        header = next((c for c in sibling.named_children if c.type in _KEY_TYPES), None)
        if sibling.type == "table_array_element" and header is not None:
            key = _array_key([_key_text(p) for p in _key_parts(header)], counts)
            counts[key] = counts.get(key, 0) + 1
    path: list[str | int] = []
    key = ()
    for i, name in enumerate(names):
        path.append(name)
        key = (*key, name)
        last = i == len(names) - 1
        if last and index_last:
            path.append(counts.get(key, 0))
        elif not last and key in counts:
            path.append(counts[key] - 1)
            key = (*key, str(counts[key] - 1))
    return tuple(path)


def _array_key(names: list[str], counts: dict[tuple[str, ...], int]) -> tuple[str, ...]:
    """An array header's counting key: its names, with the index of each array above it."""
    key: tuple[str, ...] = ()
    for i, name in enumerate(names):
        key = (*key, name)
        if i < len(names) - 1 and key in counts:
            key = (*key, str(counts[key] - 1))
    return key


def table_at(text: str, line: int) -> tuple[str, ...]:
    """The schema path of the table the line belongs to (for completion; works on broken text):
    the last [header] above it, by lines."""
    lines = text.split("\n")
    for raw in reversed(lines[: line + 1]):
        match = _HEADER.match(raw)
        if match and not raw.lstrip().startswith("#"):
            return tuple(p.strip().strip("\"'") for p in match.group(2).split(".") if p.strip())
    return ()
