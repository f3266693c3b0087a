"""What a case file declares, read from its text (not validated): the ids of its moves, phases,
events, endings, issues, flags, parties and choices with where they are, and the names its
conditions may use. Hover, completion and go-to-definition read these.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from roleplay.authoring.lsp.cursor import Path_
from roleplay.conditions import Name
from roleplay.engine.names import build_names
from roleplay.loading.loader import persona_dirs_for

#: Kinds of id, with the array (top-level, or nested in each element of a top-level array) they live in.
ARRAYS: dict[str, tuple[str, ...]] = {
    "move": ("moves",),
    "event": ("events",),
    "ending": ("endings",),
    "issue": ("issues",),
    "flag": ("flags",),
    "source": ("sources",),
    "fundamental": ("rubric",),
    "choice": ("events", "choices"),
    "outcome": ("moves", "outcomes"),
}


@dataclass
class Facts:
    """The ids a case declares, by kind: id -> the data path of the table that declares it."""

    kind: str  # "case", "persona" or "" (neither, or not TOML)
    data: dict[str, Any] = field(default_factory=dict)
    ids: dict[str, dict[str, Path_]] = field(default_factory=dict)
    names: dict[str, Name] = field(default_factory=dict)

    def item(self, path: Path_) -> dict[str, Any]:
        """The table at a data path ({} if there is none)."""
        current: Any = self.data
        for part in path:
            if isinstance(current, dict) and isinstance(part, str):
                current = current.get(part)
            elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
                current = current[part]
            else:
                return {}
        return current if isinstance(current, dict) else {}

    def find(self, ident: str, kinds: tuple[str, ...]) -> tuple[str, Path_] | None:
        """The first of ``kinds`` that declares ``ident``."""
        for kind in kinds:
            path = self.ids.get(kind, {}).get(ident)
            if path is not None:
                return kind, path
        return None


def read_facts(text: str) -> Facts | None:
    """The facts of a text, or None if it is not TOML (keep the last good ones then)."""
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except (tomllib.TOMLDecodeError, RecursionError):
        return None
    if "moves" in data or "phases" in data:
        return _case_facts(data)
    return Facts("persona" if "kind" in data else "", data)


def _case_facts(data: dict[str, Any]) -> Facts:
    facts = Facts("case", data)
    for kind, arrays in ARRAYS.items():
        facts.ids[kind] = dict(_declared(data, arrays))
    facts.ids["phase"] = dict(_phases(data.get("phases"), ("phases",)))
    facts.ids["party"] = {
        p["persona"]: ("parties", i)
        for i, p in enumerate(_tables(data.get("parties")))
        if isinstance(p.get("persona"), str)
    }
    ids = {kind: list(found) for kind, found in facts.ids.items()}
    try:
        facts.names = build_names(
            parties=ids["party"],
            issues=ids["issue"],
            phases=ids["phase"],
            endings=ids["ending"],
            flags=ids["flag"],
            moves=ids["move"],
            events=ids["event"],
            bindings=("target", "party"),
        )
    except Exception:  # a half-written case: names are a help, never a failure
        facts.names = {}
    return facts


def _tables(value: Any) -> list[dict[str, Any]]:
    return [v if isinstance(v, dict) else {} for v in value] if isinstance(value, list) else []


def _declared(data: dict[str, Any], arrays: tuple[str, ...]) -> Iterator[tuple[str, Path_]]:
    for i, item in enumerate(_tables(data.get(arrays[0]))):
        if len(arrays) == 1:
            if isinstance(item.get("id"), str):
                yield item["id"], (arrays[0], i)
        else:
            for j, inner in enumerate(_tables(item.get(arrays[1]))):
                if isinstance(inner.get("id"), str):
                    yield inner["id"], (arrays[0], i, arrays[1], j)


def _phases(value: Any, path: Path_) -> Iterator[tuple[str, Path_]]:
    for i, phase in enumerate(_tables(value)):
        if isinstance(phase.get("id"), str):
            yield phase["id"], (*path, i)
        yield from _phases(phase.get("phases"), (*path, i, "phases"))


def persona_files(case_path: Path) -> dict[str, Path]:
    """The persona files a case can name, by id (their file names, as the convention has it)."""
    files: dict[str, Path] = {}
    for directory in persona_dirs_for(case_path):
        for path in sorted(directory.glob("*.toml")):
            files.setdefault(path.stem, path)
    return files
