"""The command line. Each command lives in its own module; errors never show a traceback."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from roleplay import __version__
from roleplay.cli import (
    classroom,
    debrief,
    graph,
    lint,
    lsp,
    new,
    play,
    probe,
    replay,
    run,
    schema,
    serve,
    simulate,
    test,
    validate,
)
from roleplay.errors import RoleplayError

COMMANDS = (
    play,
    run,
    new,
    validate,
    lint,
    graph,
    simulate,
    test,
    probe,
    replay,
    debrief,
    schema,
    classroom,
    serve,
    lsp,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="roleplay",
        description="Mediation training role-play: play the mediator in the Algiers negotiations on Mali.",
    )
    parser.add_argument("--version", action="version", version=f"roleplay {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
        return code
    except RoleplayError as exc:
        print(f"roleplay: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
