"""Lint of the personas a case uses: files no case uses, and trust in parties that do not exist."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from roleplay.engine.blueprint import Blueprint
from roleplay.errors import Loc
from roleplay.loading.loader import Document, load_personas, persona_dirs_for, read_document
from roleplay.model.persona import Persona

#: How a finding is added: (where, severity, message, fix, the file it is in).
Add = Callable[[Loc, str, str, str, Document | None], None]


def persona_findings(case_path: Path, bp: Blueprint, add: Add) -> None:
    """Personas no case in the case's folder uses, and their trust keys that name no persona."""

    folder = case_path.parent
    used: set[str] = set()
    for path in folder.glob("*.toml"):
        try:
            data = read_document(path).data
        except Exception:
            continue
        for table in ("parties", "actors"):
            used |= {str(p.get("persona")) for p in data.get(table, []) if isinstance(p, dict)}
        mediation = data.get("mediation", {})
        used |= {str(mediation.get("lead")), *map(str, mediation.get("co_mediators", []))}
    personas, files, _ = load_personas(persona_dirs_for(case_path))
    used |= {member for pid in used if pid in personas for member in personas[pid].members}
    for pid in sorted(set(personas) - used):
        add(
            ("id",),
            "info",
            f"persona '{pid}' is used by no case in {folder}",
            "use it in a case or remove the file",
            read_document(files[pid]),
        )
    _trust_keys(bp, personas, files, add)


def _trust_keys(bp: Blueprint, personas: dict[str, Persona], files: dict[str, Path], add: Add) -> None:
    """A persona's trust in a party no persona file declares is never read: a typo."""
    used = {p.persona for p in bp.case.parties}
    for pid in sorted(used & personas.keys()):
        for other in personas[pid].trust.parties:
            if other in personas:
                continue
            close = difflib.get_close_matches(other, list(personas), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            add(
                ("trust", "parties", other),
                "warning",
                f"trust.parties names '{other}', which is no persona{hint}",
                "name a persona's id (its file's name), or remove the key",
                read_document(files[pid]),
            )
