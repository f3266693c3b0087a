"""`roleplay new NAME`: a commented case and its personas that validate from the start."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

from roleplay.errors import RoleplayError


def _template(name: str) -> str:
    return files("roleplay.authoring").joinpath("templates", name).read_text(encoding="utf-8")


def scaffold(name: str, root: Path) -> list[Path]:
    """Write scenarios/NAME.toml and its personas under ``root``; never overwrite a file."""
    if not re.fullmatch(r"[a-z][a-z0-9_-]{0,30}", name):
        raise RoleplayError(
            f"'{name}' is not a usable name: lower-case letters, digits, '-' and '_', starting with a letter"
        )
    ident = name.replace("-", "_")
    title = name.replace("-", " ").replace("_", " ").capitalize()
    planned = {
        root / "scenarios" / f"{name}.toml": _template("case.toml").format(id=ident, name=name, title=title),
        root / "personas" / f"{ident}_party_a.toml": _template("persona.toml").format(
            persona=f"{ident}_party_a",
            name="Party A",
            short="Party A",
            kind="government",
            position=35,
            low=0,
            high=60,
        ),
        root / "personas" / f"{ident}_party_b.toml": _template("persona.toml").format(
            persona=f"{ident}_party_b",
            name="Party B",
            short="Party B",
            kind="armed_coalition",
            position=65,
            low=40,
            high=100,
        ),
        root / "personas" / f"{ident}_mediator.toml": _template("mediator.toml").format(persona=f"{ident}_mediator"),
    }
    existing = [str(p) for p in planned if p.exists()]
    if existing:
        raise RoleplayError(f"not overwriting: {', '.join(existing)}")
    for path, text in planned.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(planned) + _editor_files(root)


def _editor_files(root: Path) -> list[Path]:
    """What lets an editor find the format: the schemas the files' `#:schema` lines name
    (generated: brought up to date with this version of roleplay), and a .taplo.toml for
    editors that read taplo's configuration instead (kept if the author already has one)."""
    from roleplay.model.schema import schema_text

    written = []
    for kind in ("case", "persona"):
        path = root / "schema" / f"{kind}.json"
        text = schema_text(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    taplo = root / ".taplo.toml"
    if not taplo.exists():
        taplo.write_text(_template("taplo.toml"), encoding="utf-8")
        written.append(taplo)
    return written
