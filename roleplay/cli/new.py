"""`roleplay new NAME`: start a case from a commented skeleton that validates."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("new", help="create a commented skeleton of a case and its personas")
    parser.add_argument("name", metavar="NAME", help="file name of the case, e.g. my-case")
    parser.add_argument("--dir", type=Path, default=Path("."), help="folder holding scenarios/ and personas/")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.authoring.scaffold import scaffold

    for path in scaffold(args.name, args.dir):
        print(f"created {path}")
    print(f"next: roleplay validate {args.dir / 'scenarios' / (args.name + '.toml')}")
    return 0
