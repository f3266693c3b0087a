"""`roleplay class new|watch|token|report`: run a class of teams on one case and seed (and
class_admin.py: list, reopen, remove, rename, reset; class_centre.py: team-login)."""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any

from roleplay.cli import class_admin, class_centre
from roleplay.cli.class_admin import add_instructor_option, instructor_store
from roleplay.cli.options import add_store_option, open_store


def register(commands: Any) -> None:
    parser = commands.add_parser("class", help="run a class: many teams on the same case and seed")
    actions = parser.add_subparsers(dest="class_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="create a class and print its join code")
    new.add_argument("case", type=Path, metavar="CASE", help="the case every team plays")
    new.add_argument("--seed", type=int, default=1, help="the seed every team plays (default 1; not shown to teams)")
    new.add_argument("--name", default="", help="a name for the class")
    add_store_option(new)
    new.set_defaults(handler=handle_new)
    watch = actions.add_parser("watch", help="the instructor's live view: pause, inject, message, end")
    watch.add_argument("code", metavar="CODE", help="the class's code")
    add_instructor_option(watch)
    add_store_option(watch)
    watch.set_defaults(handler=handle_watch)
    token = actions.add_parser(
        "token", aliases=["admit"], help="a fresh token for a team that lost its terminal (the old one stops working)"
    )
    token.add_argument("code", metavar="CODE", help="the class's code")
    token.add_argument("--team", required=True, metavar="NAME", help="the team's name")
    token.add_argument(
        "--new", action="store_true", help="make the team first (for terminals on a PostgreSQL team login)"
    )
    add_instructor_option(token)
    add_store_option(token)
    token.set_defaults(handler=handle_token)
    report = actions.add_parser("report", help="the comparative debrief of a class")
    report.add_argument("code", metavar="CODE", help="the class's code")
    report.add_argument("--format", choices=("md", "html", "csv"), default="md", help="md (default), html or csv")
    report.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")
    add_instructor_option(report)
    add_store_option(report)
    report.set_defaults(handler=handle_report)
    class_admin.register(actions)
    class_centre.register(actions)


def handle_new(args: argparse.Namespace) -> int:
    from roleplay.classroom.instructor import make_instructor_token
    from roleplay.loading import load_case

    loaded = load_case(args.case)
    store = open_store(args.store)
    info = store.create_class(args.name or loaded.case.title, str(args.case.resolve()), loaded.digest, args.seed)
    token = make_instructor_token(store, info.code)
    print(f"class {info.code}: {info.name} · seed {info.seed}")
    print(f"instructor token (this terminal keeps it; shown once): {token}")
    store_option = f" --store {shlex.quote(store.location)}" if args.store else ""  # never a password
    print(f"teams join with:      roleplay play --class {info.code} --team NAME{store_option}")
    print(f"from a browser:       roleplay serve --class {info.code}{store_option}")
    print(f"watch the class with: roleplay class watch {info.code}{store_option}")
    print(f"computer teams:       roleplay run --class {info.code} --team NAME --strategy random{store_option}")
    if store.location.startswith("postgresql://"):
        print("terminals trainees control use the team login instead: roleplay class team-login (docs/instructor.md)")
    return 0


def handle_watch(args: argparse.Namespace) -> int:
    from roleplay.tui.dashboard.app import Dashboard

    store, code = instructor_store(args)
    app = Dashboard(store, code)
    app.run()
    return app.return_code or 0


def handle_token(args: argparse.Namespace) -> int:
    """Rotate a team's token (or make the team, --new) and print how the team joins with it."""
    from roleplay.classroom.report import plain
    from roleplay.classroom.store.names import team_key

    store, code = instructor_store(args)
    if args.new:
        joined = store.join(code, args.team)  # a team of that name already: TeamTaken says so
        shown, token = joined.team, joined.token or ""
        print(f"team {plain(shown)} made in class {code}; its token (shown once; hand it to the team): {token}")
        print(f"the team joins with:  roleplay play --class {code} --team {shlex.quote(shown)} --token {token}")
        return 0
    token = store.admit(code, args.team)
    for name in store.teams(code):  # a window still open on the team no longer keeps it out
        if team_key(name) == team_key(args.team):
            store.let_go(code, name, None)
    store_option = f" --store {shlex.quote(store.location)}" if args.store else ""
    print(f"new token for team {args.team} of class {code} (the old one no longer works): {token}")
    print(
        f"the team rejoins with:  roleplay play --class {code} --team {shlex.quote(args.team)}"
        f" --token {token}{store_option}"
    )
    return 0


def handle_report(args: argparse.Namespace) -> int:
    from roleplay.classroom.report import class_results, to_csv, to_html, to_markdown
    from roleplay.storage.files import write_atomic

    store, code = instructor_store(args, read_only=True)  # a report changes nothing in the store
    results = class_results(store, code)
    if args.format == "csv":
        text = to_csv(results, code)
    elif args.format == "html":
        text = to_html(code, results)
    else:
        text = to_markdown(code, results)
    if args.output:
        write_atomic(args.output, text)
    else:
        from roleplay.cli.output import emit

        emit(text)
    return 0
