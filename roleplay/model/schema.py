"""The JSON Schema of each file format, for editors and docs: `roleplay schema KIND` prints
it, `roleplay new` writes it beside a new project, and docs/schema/*.json are these (checked
by the tests)."""

from __future__ import annotations

import json

KINDS = ("case", "persona", "transcript")


def schema_text(kind: str) -> str:
    from pydantic import BaseModel

    from roleplay.model import Case, Persona
    from roleplay.model.transcript import transcript_schema

    models: dict[str, type[BaseModel]] = {"case": Case, "persona": Persona}
    schema: dict[str, object] = transcript_schema() if kind == "transcript" else models[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    if kind != "transcript":  # the transcript's title says it describes one line
        schema["title"] = f"roleplay {kind}"
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
