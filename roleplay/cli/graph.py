"""`roleplay graph CASE [--format mermaid|dot]`: the phase graph, nested, for docs and review."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("graph", help="draw a case's phase graph as Mermaid or DOT")
    parser.add_argument("case", type=Path, metavar="CASE", help="the case file to draw")
    parser.add_argument(
        "--format", choices=("mermaid", "dot"), default="mermaid", help="mermaid (default) or dot (Graphviz)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.authoring.graph import graph_source
    from roleplay.loading import load_case

    print(graph_source(load_case(args.case).blueprint, args.format), end="\n")
    return 0
