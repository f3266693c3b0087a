"""The command line. Each command lives in its own module; errors never show a traceback."""

from __future__ import annotations

import argparse
import os
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
        if not sys.stdout.closed:  # the language server closes stdout when its client leaves
            sys.stdout.flush()  # a full disk behind a redirection shows here, not at exit
        return code
    except RoleplayError as exc:
        print(f"roleplay: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except OSError as exc:  # writing the output (a full disk behind a redirection, say)
        _quiet_stdout()
        where = f"{exc.filename}: " if exc.filename else "cannot write the output: "
        print(f"roleplay: {where}{exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _quiet_stdout() -> None:
    """Send what is left in stdout's buffer nowhere: its flush at exit would fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file behind stdout (a test's capture)
        pass
