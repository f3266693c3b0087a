"""`roleplay validate PATH...`: check case and persona files; every problem with file and line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from roleplay.cli.output import printable
from roleplay.cli.problems import validate_paths

# Command modules import the engine inside their handlers: `roleplay play` must not pay for
# the imports of every other command before its first frame.


def register(commands: Any) -> None:
    parser = commands.add_parser("validate", help="check case and persona files (folders are searched)")
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="case and persona files, or folders of them"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    files, problems = validate_paths(args.paths)
    if args.format == "json":
        print(
            json.dumps(
                {"files": len(files), "problems": [p.as_dict() for p in problems]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in problems:
            print(printable(str(problem)))
        noun = "file" if len(files) == 1 else "files"
        verdict = "no problems" if not problems else f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        print(f"{len(files)} {noun} checked: {verdict}")
    return 1 if problems else 0
