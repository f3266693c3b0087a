"""Options several commands share, written once so they read the same everywhere."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.classroom.store import ClassStore

#: roleplay serve: browser sessions at once (one app process each). Here, not in serve_app.py,
#: which imports aiohttp (a fifth of a second) that no other command needs.
DEFAULT_MAX_SESSIONS = 40


def store_location(text: str) -> Path | str:
    """--store's value: a postgresql:// URL as it is, anything else a file's path."""
    return text if text.startswith(("postgresql://", "postgres://")) else Path(text)


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=store_location,
        metavar="PATH|URL",
        help="the class store: a SQLite file or a postgresql://USER@HOST/DB URL "
        "(default: ROLEPLAY_STORE or class.sqlite in the user data dir)",
    )


def add_team_options(parser: argparse.ArgumentParser) -> None:
    """Play as a team of a class: --class CODE --team NAME [--store PATH]."""
    parser.add_argument("--class", dest="class_code", metavar="CODE", help="play as a team of this class")
    parser.add_argument("--team", help="the team's name (with --class)")
    parser.add_argument(
        "--token",
        metavar="TOKEN",
        help="rejoin an existing team from another terminal with the token the instructor gave "
        "(roleplay class token CODE --team NAME); kept for next time",
    )
    add_store_option(parser)


def add_after_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--after",
        type=Path,
        metavar="SAVE",
        help="start CASE from how this finished game (save or transcript) of the earlier case ended "
        "(cases with [carry_over])",
    )


def open_store(location: Path | str | None, *, read_only: bool = False) -> ClassStore:
    """The class store given with --store, else the default one."""
    from roleplay.classroom.store import open_store as open_location

    return open_location(location, read_only=read_only)


def add_playtest_options(parser: argparse.ArgumentParser) -> None:
    """Start a playtest from any point: --at PHASE --set NAME=VALUE ... (for authors)."""
    parser.add_argument(
        "--at", metavar="PHASE", help="start at this phase of the case (a playtest: recorded in the transcript)"
    )
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a value before the first move, e.g. trust.coordination=40, flag.hearings=true, "
        "standing.platform=at_table, position.coordination.status=70 (repeatable)",
    )


def add_json_options(parser: argparse.ArgumentParser, what: str) -> None:
    """`--format text|json`, as every command that can print JSON takes it, and `--json` for
    short (both set ``args.format``)."""
    parser.add_argument("--format", choices=("text", "json"), default="text", help=f"text (default) or json: {what}")
    parser.add_argument("--json", dest="format", action="store_const", const="json", help="the same as --format json")
