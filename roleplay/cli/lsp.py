"""`roleplay lsp`: the language server for case and persona files, over stdio (docs/editors.md)."""

from __future__ import annotations

import argparse
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "lsp",
        help="run the language server for case and persona files (LSP over stdin/stdout; see docs/editors.md)",
        description="Speak the Language Server Protocol over stdin and stdout: diagnostics from validate and "
        "lint as you type, hover, completion and go-to-definition. An editor starts it; see docs/editors.md.",
    )
    parser.add_argument(
        "--stdio", action="store_true", help="accepted for editors that pass it (stdio is the only transport)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.authoring.lsp.server import serve

    serve()
    return 0
