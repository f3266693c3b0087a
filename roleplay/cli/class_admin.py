"""`roleplay class list|reopen|remove|rename|reset`: the instructor's housekeeping, and the
instructor token every class command but `new` and `list` asks for."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleplay.cli.options import add_store_option, open_store

if TYPE_CHECKING:
    from roleplay.classroom.store import ClassStore


def register(actions: Any) -> None:
    listing = actions.add_parser("list", help="the classes in a store: code, name, case, teams, state")
    add_store_option(listing)
    listing.set_defaults(handler=handle_list)
    reopen = actions.add_parser("reopen", help="let an ended (or paused) class run again")
    reopen.add_argument("code", metavar="CODE", help="the class's code")
    add_instructor_option(reopen)
    add_store_option(reopen)
    reopen.set_defaults(handler=handle_reopen)
    for change, words in (
        ("remove", "remove a team and its game from the class"),
        ("rename", "rename a team (it rejoins with a new token, printed)"),
        ("reset", "start a team's game again from the beginning"),
    ):
        parser = actions.add_parser(change, help=words)
        parser.add_argument("code", metavar="CODE", help="the class's code")
        parser.add_argument("--team", required=True, metavar="NAME", help="the team's name")
        if change == "rename":
            parser.add_argument("--to", required=True, metavar="NEW_NAME", help="the team's new name")
        add_instructor_option(parser)
        add_store_option(parser)
        parser.set_defaults(handler=handle_change, change=change)


def add_instructor_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--token",
        dest="instructor_token",
        metavar="TOKEN",
        help="the instructor token `class new` printed (default: ROLEPLAY_INSTRUCTOR_TOKEN, or the one "
        "this terminal keeps)",
    )


def instructor_store(args: argparse.Namespace, *, read_only: bool = False) -> tuple[ClassStore, str]:
    """The store and the class's code, once the instructor's token is known to be given."""
    from roleplay.classroom.instructor import check_instructor

    store = open_store(args.store, read_only=read_only)
    code = store.get_class(args.code).code
    check_instructor(store, code, args.instructor_token)
    return store, code


def handle_list(args: argparse.Namespace) -> int:
    """One line per class; the seed is not shown (a trainee may run this too)."""
    from roleplay.classroom.report import plain

    classes = open_store(args.store, read_only=True).classes()
    if not classes:
        print("no class in this store yet: roleplay class new CASE")
    for info, teams in classes:
        case = plain(Path(info.case_path).name)
        print(f"{info.code}  {info.status:<7}  {teams:>3} team{'s' if teams != 1 else ' '}  {case}  {plain(info.name)}")
    return 0


def handle_reopen(args: argparse.Namespace) -> int:
    store, code = instructor_store(args)
    store.set_status(code, "running")
    print(f"class {code} runs again: teams' moves are taken")
    return 0


def handle_change(args: argparse.Namespace) -> int:
    from roleplay.classroom.report import plain

    store, code = instructor_store(args)
    name = store.change_team(code, args.team, args.change, getattr(args, "to", None))
    shown = plain(name)
    if args.change == "remove":
        print(f"team {shown} removed from class {code}, with its game")
    elif args.change == "reset":
        print(f"team {shown} of class {code} starts again: it closes its window and rejoins")
    else:
        token = store.admit(code, name)  # its terminal kept the token under the old name
        where = f" --store {shlex.quote(store.location)}" if args.store else ""
        print(f"team {plain(args.team)} is now {shown}; it rejoins with its new token:")
        print(f"  roleplay play --class {code} --team {shlex.quote(name)} --token {token}{where}")
    return 0
