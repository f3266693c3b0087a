"""The schema works out of the box (issue 14): every shipped case and persona is valid for the
committed JSON Schema as an editor's validator reads it, both citation forms included, and the
schema rejects what `roleplay validate` rejects for its type; `roleplay new` makes a project
whose files name a schema that exists."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT

from roleplay.authoring.scaffold import scaffold

SCHEMAS = ROOT / "docs" / "schema"
FILES = [("case", p) for p in sorted((ROOT / "scenarios").glob("*.toml")) if not p.name.endswith(".tests.toml")]
FILES += [("persona", p) for p in sorted((ROOT / "personas").glob("*.toml"))]


def validator(kind: str, folder: Path = SCHEMAS) -> jsonschema.Draft202012Validator:
    schema = json.loads((folder / f"{kind}.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize(("kind", "path"), FILES, ids=[p.name for _, p in FILES])
def test_every_shipped_file_is_valid_for_its_schema(kind: str, path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator(kind).iter_errors(data)]
    assert errors == []


def test_both_citation_forms_and_strict_numbers() -> None:
    case = tomllib.loads((ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8"))
    check = validator("case")
    case["mediation"]["cite"] = ["ipi-2017 §Phase I", {"source": "ipi-2017", "at": "§Phase II"}]
    assert list(check.iter_errors(case)) == []
    case["clock"]["max_turns"] = "14"  # validate refuses it too (tests/test_one_error.py)
    assert [e.message for e in check.iter_errors(case)] == ["'14' is not of type 'integer'"]


def test_new_projects_name_a_schema_that_exists(tmp_path: Path) -> None:
    created = scaffold("peace-talks", tmp_path)
    assert tmp_path / ".taplo.toml" in created
    for path in created:
        if path.suffix != ".toml" or path.name == ".taplo.toml":
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#:schema ")
        schema = (path.parent / first.removeprefix("#:schema ")).resolve()
        kind = "case" if path.parent.name == "scenarios" else "persona"
        assert schema == (tmp_path / "schema" / f"{kind}.json").resolve()
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert list(validator(kind, schema.parent).iter_errors(data)) == []
    taplo = tomllib.loads((tmp_path / ".taplo.toml").read_text(encoding="utf-8"))
    assert {r["schema"]["path"] for r in taplo["rule"]} == {"schema/case.json", "schema/persona.json"}
    assert all((tmp_path / r["schema"]["path"]).is_file() for r in taplo["rule"])


def _undescribed(schema: dict[str, object]) -> list[str]:
    """Every property of the root and of each $defs model that has no description."""
    models = {"(root)": schema, **schema.get("$defs", {})}  # type: ignore[dict-item]
    return [
        f"{name}.{key}"
        for name, model in models.items()
        for key, prop in model.get("properties", {}).items()
        if not str(prop.get("description", "")).strip()
    ]


@pytest.mark.parametrize("kind", ["case", "persona"])
def test_every_property_has_a_description(kind: str) -> None:
    """Hover help in an editor and in `roleplay lsp` reads these (issue 14)."""
    schema = json.loads((SCHEMAS / f"{kind}.json").read_text(encoding="utf-8"))
    assert schema["properties"], "the walk found no property"
    assert _undescribed(schema) == []
