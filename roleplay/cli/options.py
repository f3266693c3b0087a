"""Options several commands share, written once so they read the same everywhere."""

from __future__ import annotations

import argparse
from pathlib import Path


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
