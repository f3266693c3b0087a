"""Completion: the keys a table may hold (from the schema), ids where a key names one, persona
ids, and condition names inside `available`, `when` and `expect` strings. Works on the broken
text of a line being typed: the context is read from the line and the headers above it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from roleplay.authoring.lsp.cursor import line_at, spot_at, table_at, word_at
from roleplay.authoring.lsp.facts import Facts
from roleplay.authoring.lsp.refs import CONDITION_KEYS, KEY_KINDS, value_key
from roleplay.authoring.lsp.schema import describe, properties_of, property_at, schema_of, type_words

_KEY_LINE = re.compile(r"^\s*([A-Za-z0-9_.\-\"']+)\s*=")
_WORDS = ("and", "or", "not", "true", "false")


@dataclass(frozen=True)
class Item:
    label: str
    kind: str  # key, id, persona, name, keyword, value
    detail: str
    documentation: str
    start: int  # first character replaced in the line (the word typed so far)


def complete(text: str, facts: Facts, line: int, column: int, personas: dict[str, Path]) -> list[Item]:
    """What may be typed at a 0-based line and character column."""
    kind = facts.kind or "case"
    raw = line_at(text, line)
    before = raw[:column]
    word, start, _, _ = word_at(raw, column)
    start = start if word else column
    key_match = _KEY_LINE.match(before)
    if re.fullmatch(r"\s*[A-Za-z0-9_.\-]*", before):  # a key being typed at the start of a line
        return _keys(kind, (*table_at(text, line), *word.split(".")[:-1]), start)
    if before.count('"') % 2 == 0 and before.count("'") % 2 == 0 and key_match is not None:
        return []  # after `key = ` but outside a string: numbers and booleans need no help
    key = key_match.group(1).split(".")[-1].strip("\"'") if key_match else value_key(spot_at(text, line, column))
    if key in CONDITION_KEYS or (key == "steps" and re.search(r"""["']\s*\?[^"']*$""", before)):
        return _names(facts, start)
    values = _values(kind, (*table_at(text, line), key), start)
    kinds = KEY_KINDS.get(key)
    return _ids(facts, kinds, personas, start) if kinds and not values else values


def _keys(kind: str, table: tuple[str, ...], start: int) -> list[Item]:
    items = []
    for key, node in properties_of(kind, table).items():
        prop = property_at(kind, (*table, key))
        resolved = prop[1] if prop else {}
        items.append(Item(key, "key", type_words(node, kind), describe(node, resolved, kind), start))
    return items


def _names(facts: Facts, start: int) -> list[Item]:
    items = [Item(name, "name", n.type, n.doc, start) for name, n in sorted(facts.names.items())]
    return items + [Item(word, "keyword", "", "", start) for word in _WORDS]


def _ids(facts: Facts, kinds: tuple[str, ...], personas: dict[str, Path], start: int) -> list[Item]:
    items: list[Item] = []
    for kind in kinds:
        if kind == "persona":
            items.extend(Item(pid, "persona", "persona", str(path), start) for pid, path in sorted(personas.items()))
            continue
        for ident, path in facts.ids.get(kind, {}).items():
            item = facts.item(path)
            title = next((str(item[k]) for k in ("name", "title", "label") if isinstance(item.get(k), str)), "")
            items.append(Item(ident, "id", kind, title, start))
    return items


def _values(kind: str, path: tuple[str, ...], start: int) -> list[Item]:
    """The fixed values the schema allows for a key (kinds of effects, targets, standings)."""
    prop = property_at(kind, path)
    if prop is None:
        return []
    values: list[str] = []
    root = schema_of(kind)
    for branch in [prop[0], prop[1], *prop[0].get("anyOf", []), *prop[1].get("oneOf", [])]:
        ref = branch.get("$ref", "")
        node = root.get("$defs", {}).get(ref.rsplit("/", 1)[-1], branch) if ref else branch
        values.extend(str(v) for v in node.get("enum", []) if isinstance(v, str))
        if isinstance(node.get("const"), str):
            values.append(node["const"])
    return [Item(v, "value", "", "", start) for v in dict.fromkeys(values)]
