"""Options several commands share, written once so they read the same everywhere."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.classroom.store import SqliteStore


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", type=Path, help="the class store (default: ROLEPLAY_STORE or the user data dir)")


def add_team_options(parser: argparse.ArgumentParser) -> None:
    """Play as a team of a class: --class CODE --team NAME [--store PATH]."""
    parser.add_argument("--class", dest="class_code", metavar="CODE", help="play as a team of this class")
    parser.add_argument("--team", help="the team's name (with --class)")
    add_store_option(parser)


def add_after_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--after",
        type=Path,
        metavar="SAVE",
        help="start CASE from how this finished game (save or transcript) of the earlier case ended "
        "(cases with [carry_over])",
    )


def open_store(path: Path | None, *, read_only: bool = False) -> SqliteStore:
    """The class store given with --store, else the default one."""
    from roleplay.classroom.store import SqliteStore, default_path

    return SqliteStore(path or default_path(), read_only=read_only)
