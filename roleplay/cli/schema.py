"""`roleplay schema case|persona|transcript`: the JSON Schema of a format, for editors and
docs (docs/schema/*.json are these, checked by the tests)."""

from __future__ import annotations

import argparse
from typing import Any

#: The formats (roleplay.model.schema writes them; not imported here: every command would pay for pydantic).
KINDS = ("case", "persona", "transcript")


def register(commands: Any) -> None:
    parser = commands.add_parser("schema", help="print the JSON Schema of the case, persona or transcript format")
    parser.add_argument("kind", choices=KINDS, help="which format: a case, a persona or a transcript line")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.model.schema import schema_text

    print(schema_text(args.kind), end="")
    return 0
