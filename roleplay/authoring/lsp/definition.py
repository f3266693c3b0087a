"""Go-to-definition: an id used in a condition, a transition, a history step or an effect
leads to its `id = "..."` line; a party or persona id leads to personas/<id>.toml."""

from __future__ import annotations

import re
from pathlib import Path

from roleplay.authoring.lsp.cursor import spot_at
from roleplay.authoring.lsp.facts import Facts
from roleplay.authoring.lsp.refs import referent

Target = tuple[Path | None, int, int, int]  # file (None: this one), 0-based line, first and last character


def definition(text: str, facts: Facts, line: int, column: int, personas: dict[str, Path]) -> Target | None:
    """Where what the spot names is declared, or None."""
    spot = spot_at(text, line, column)
    found = referent(spot, facts, personas)
    if found is None:
        return None
    kind, ident = found
    if kind in ("persona", "party"):
        file = personas.get(ident)
        return (file, 0, 0, 0) if file is not None else None
    declared = facts.find(ident, (kind,))
    if declared is None:
        return None
    wanted = (*declared[1], "id")
    pattern = re.compile(r"""^\s*id\s*=\s*(["'])""" + re.escape(ident) + r"\1")
    lines = text.split("\n")
    for number, raw in enumerate(lines):
        match = pattern.match(raw)
        if match and spot_at(text, number, raw.index("id")).path == wanted:
            start = match.end() - len(ident) - 1
            return None, number, start, start + len(ident)
    return None
