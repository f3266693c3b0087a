"""Hover: what a key means (the schema's description), what an id names (its name and
summary), and what a condition name reads. Case text is escaped: it is shown, never rendered."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from roleplay.authoring.lsp.cursor import schema_path, spot_at
from roleplay.authoring.lsp.facts import Facts
from roleplay.authoring.lsp.refs import referent
from roleplay.authoring.lsp.schema import describe, property_at, type_words

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SUMMARY_KEYS = ("name", "title", "label")
_DETAIL_KEYS = ("summary", "description", "narrative", "background")


def escape(text: str) -> str:
    """Markdown that shows ``text`` as it is (every ASCII punctuation backslash-escaped)."""
    return _PUNCTUATION.sub(r"\\\1", text)


def code(text: str) -> str:
    """A code span holding ``text`` as it is (fenced by more backticks than it holds)."""
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if "`" in text else f"`{text}`"


def hover_text(text: str, facts: Facts, line: int, column: int, personas: dict[str, Path]) -> str | None:
    """Markdown for the spot at a 0-based line and character column, or None."""
    kind = facts.kind or "case"
    spot = spot_at(text, line, column)
    if not spot.path:
        return None
    if not spot.on_key:
        found = referent(spot, facts, personas)
        name = facts.names.get(spot.word)
        parts = []
        if name is not None:
            parts.append(f"{code(spot.word)} ({name.type}): {escape(name.doc)}")
        if found is not None:
            parts.append(_describe_id(facts, personas, *found))
        if parts:
            return "\n\n".join(parts)
    path = schema_path(spot.path)
    prop = property_at(kind, path)
    if prop is None:
        return None
    node, resolved = prop
    words = type_words(node, kind)
    head = f"**{'.'.join(path)}**" + (f" ({words})" if words else "")
    description = describe(node, resolved, kind)  # the schema's words are ours: markdown as written
    default = node.get("default")
    lines = [head]
    if description:
        lines.append(description)
    if default not in (None, [], {}):
        lines.append(f"Default: {code(str(default))}")
    return "\n\n".join(lines)


def _describe_id(facts: Facts, personas: dict[str, Path], kind: str, ident: str) -> str:
    if kind in ("persona", "party"):
        item = _persona(personas.get(ident))
    else:
        path = facts.find(ident, (kind,))
        item = facts.item(path[1]) if path else {}
    title = next((str(item[k]) for k in _SUMMARY_KEYS if isinstance(item.get(k), str)), "")
    detail = next((str(item[k]) for k in _DETAIL_KEYS if isinstance(item.get(k), str)), "")
    text = f"{kind} {code(ident)}" + (f": **{escape(title)}**" if title else "")
    if detail:
        text += "\n\n" + escape(" ".join(detail.split()))
    return text


def _persona(path: Path | None) -> dict[str, object]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")) if path is not None else {}
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}
