"""`roleplay play [CASE]`: the terminal app (a picker of the shipped cases without CASE)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleplay.cli.options import add_after_option, add_playtest_options, add_team_options

if TYPE_CHECKING:
    from roleplay.game.playtest import Setting


def register(commands: Any) -> None:
    parser = commands.add_parser("play", help="play a case in the terminal app")
    parser.add_argument("case", type=Path, nargs="?", metavar="CASE", help="a case file (default: choose one)")
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        help="the seed of the game's random draws (default 1): same case, seed and moves, same game",
    )
    parser.add_argument("--resume", type=Path, metavar="SAVE", help="resume a saved game")
    parser.add_argument(
        "--watch",
        action="store_true",
        help="reload the case when it or a persona file is saved, and replay the game to the same point",
    )
    parser.add_argument(
        "--debug", action="store_true", help="a panel (ctrl+d) that shows every value and sets any of them by hand"
    )
    add_after_option(parser)
    add_playtest_options(parser)
    add_team_options(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.tui.app import create_app

    if args.case is not None and not args.case.is_file():
        print(f"roleplay: no such case file: {args.case}", file=sys.stderr)
        return 1
    if args.after is not None and args.case is None:
        print("roleplay: --after needs the CASE that continues the story", file=sys.stderr)
        return 1
    authoring = [
        flag
        for flag, on in (("--watch", args.watch), ("--debug", args.debug), ("--at", args.at), ("--set", args.sets))
        if on
    ]
    if authoring and (args.case is None or args.class_code is not None):
        print(f"roleplay: {authoring[0]} needs a CASE file and is for authors, not classes", file=sys.stderr)
        return 1
    settings: list[Setting] = []
    if authoring:  # the game layer only for a playtest: a trainee's first frame does not wait for it
        from roleplay.errors import UsageError
        from roleplay.game.playtest import settings_of

        try:
            settings = settings_of(args.at, args.sets)
        except UsageError as exc:
            print(f"roleplay: {exc}", file=sys.stderr)
            return 2

    app = create_app(
        case=args.case,
        seed=args.seed,
        resume=args.resume,
        after=args.after,
        class_code=args.class_code,
        team=args.team,
        store=args.store,
        token=args.token,
        watch=args.watch,
        debug=args.debug,
        settings=tuple(settings),
    )
    app.run()
    return app.return_code or 0
