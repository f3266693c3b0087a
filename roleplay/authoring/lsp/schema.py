"""The JSON Schema of the case and persona formats (`roleplay schema`), walked by key path:
what a key means (hover) and which keys a table may hold (completion)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

Schema = dict[str, Any]


@cache
def schema_of(kind: str) -> Schema:
    from roleplay.model import Case, Persona

    model = Case if kind == "case" else Persona
    schema: Schema = json.loads(json.dumps(model.model_json_schema()))
    return schema


def _resolve(node: Any, root: Schema) -> Schema:
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = root.get("$defs", {}).get(name, {})
    return node if isinstance(node, dict) else {}


def _expand(node: Any, root: Schema, depth: int = 0) -> list[Schema]:
    """The object schemas a value may be: through references, unions and array items."""
    node = _resolve(node, root)
    if depth > 8:
        return [node]
    found: list[Schema] = []
    for union in ("anyOf", "oneOf", "allOf"):
        for branch in node.get(union, []):
            found.extend(_expand(branch, root, depth + 1))
    if "items" in node:
        found.extend(_expand(node["items"], root, depth + 1))
    if {"properties", "additionalProperties", "patternProperties"} & node.keys() or not found:
        found.insert(0, node)
    return found


def property_at(kind: str, path: tuple[str, ...]) -> tuple[Schema, Schema] | None:
    """(the property's own schema, what it resolves to) for a key path, or None if unknown."""
    root = schema_of(kind)
    node: Schema = root
    resolved: Schema = root
    for part in path:
        for candidate in _expand(node, root):
            if part in candidate.get("properties", {}):
                node = candidate["properties"][part]
                break
            patterns = list(candidate.get("patternProperties", {}).values())
            extra = patterns[0] if patterns else candidate.get("additionalProperties")
            if isinstance(extra, dict) and extra:
                node = extra
                break
        else:
            return None
        resolved = _resolve(node, root)
    return node, resolved


def properties_of(kind: str, path: tuple[str, ...]) -> dict[str, Schema]:
    """The keys the table at ``path`` may hold, with their schemas."""
    root = schema_of(kind)
    if path:
        found = property_at(kind, path)
        if found is None:
            return {}
        node: Schema = found[0]
    else:
        node = root
    keys: dict[str, Schema] = {}
    for candidate in _expand(node, root):
        for key, value in candidate.get("properties", {}).items():
            keys.setdefault(key, value)
    return keys


def describe(node: Schema, resolved: Schema, kind: str = "case") -> str:
    """The description of a property, else of its type."""
    for candidate in (node, resolved, *node.get("anyOf", [])):
        text = candidate.get("description") or _resolve(candidate, schema_of(kind)).get("description")
        if text:
            return str(text).strip()
    return ""


def type_words(node: Schema, kind: str) -> str:
    """A short type: 'string', 'integer or null', 'one of: a, b', 'list of Move'."""
    root = schema_of(kind)
    words: list[str] = []
    for branch in node.get("anyOf", []) or node.get("oneOf", []) or [node]:
        if "$ref" in branch:
            words.append(branch["$ref"].rsplit("/", 1)[-1])
            continue
        branch = _resolve(branch, root)
        if "enum" in branch:
            words.append("one of: " + ", ".join(json.dumps(v) for v in branch["enum"]))
        elif "const" in branch:
            words.append(json.dumps(branch["const"]))
        elif branch.get("type") == "array":
            items = branch.get("items", {})
            inner = items["$ref"].rsplit("/", 1)[-1] if "$ref" in items else items.get("type", "value")
            words.append(f"list of {inner}")
        elif "type" in branch:
            words.append(str(branch["type"]))
    return " or ".join(dict.fromkeys(words))
