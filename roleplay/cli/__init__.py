"""The command line. Each command lives in its own module; errors never show a traceback."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from roleplay import __version__
from roleplay.errors import RoleplayError

#: The commands, in the order --help lists them; each is the module roleplay.cli.<name> (with
#: register() adding its parser). Only the one typed is imported to run it: importing all of
#: them and building every parser was a tenth of `roleplay play`'s time to its first frame.
COMMANDS = (
    "play",
    "run",
    "new",
    "validate",
    "lint",
    "graph",
    "simulate",
    "test",
    "probe",
    "replay",
    "debrief",
    "schema",
    "class",
    "serve",
    "lsp",
)
#: A command whose module is named otherwise.
_MODULES = {"class": "classroom"}


def _command(name: str) -> ModuleType:
    return importlib.import_module(f"roleplay.cli.{_MODULES.get(name, name)}")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser: every command, or ``only`` that one (to run it)."""
    parser = argparse.ArgumentParser(
        prog="roleplay",
        description="Mediation training role-play: play the mediator in the Algiers negotiations on Mali.",
    )
    parser.add_argument("--version", action="version", version=f"roleplay {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS if only is None else (only,):
        _command(name).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    # A command typed first: only its parser (a typo, an option first or --help: all of them).
    parser = build_parser(given[0] if given and given[0] in COMMANDS else None)
    args = parser.parse_args(given)
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
