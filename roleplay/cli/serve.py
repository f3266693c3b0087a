"""`roleplay serve`: the trainee app in a browser, through textual-serve, for rooms without
terminals. It listens on 127.0.0.1 unless told otherwise: textual-serve has no
authentication and runs one app process per browser connection (docs/instructor.md); the
server in serve_app.py checks the Origin, caps the sessions and gets the page's URLs right, and
forks each session's app process from a session zygote (session_zygote.py)."""

from __future__ import annotations

import argparse
import contextlib
import shlex
import sys
from pathlib import Path
from typing import Any

from roleplay.cli.options import DEFAULT_MAX_SESSIONS, add_store_option


def register(commands: Any) -> None:
    parser = commands.add_parser("serve", help="serve the trainee app to browsers (localhost by default)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)"
    )
    parser.add_argument("--port", type=int, default=8000, help="the port to listen on (default 8000)")
    parser.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use, behind a reverse proxy (https://host/path); "
        "default: the address each browser typed",
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"at most N browser sessions at once, one app process each (default {DEFAULT_MAX_SESSIONS})",
    )
    parser.add_argument("case", type=Path, nargs="?", metavar="CASE", help="a case to open (default: the picker)")
    parser.add_argument("--class", dest="class_code", metavar="CODE", help="each browser joins this class as a team")
    add_store_option(parser)
    parser.set_defaults(handler=handle)


def play_arguments(args: argparse.Namespace) -> list[str]:
    """The `roleplay play` arguments of each browser's app."""
    parts = ["play"]
    if args.class_code is not None:  # the app asks each browser for its team's name
        parts += ["--class", args.class_code]
        if args.store is not None:
            store = args.store
            parts += ["--store", str(store.resolve()) if isinstance(store, Path) else store]
    elif args.case is not None:
        parts.append(str(args.case.resolve()))
    return parts


def command_for(args: argparse.Namespace) -> str:
    """The command textual-serve runs for a browser connection when the session zygote cannot
    fork it (forked_sessions.py)."""
    return shlex.join([sys.executable, "-m", "roleplay", *play_arguments(args)])


def become_subreaper() -> None:
    """Have the sessions of a session zygote that died come to this process, which reaps them
    (forked_sessions.py), rather than to a process 1 that may not (a container's)."""
    import ctypes

    set_child_subreaper = 36  # PR_SET_CHILD_SUBREAPER, linux/prctl.h
    with contextlib.suppress(OSError, AttributeError):  # not Linux: whoever inherits them reaps them
        ctypes.CDLL(None, use_errno=True).prctl(set_child_subreaper, 1, 0, 0, 0)


def handle(args: argparse.Namespace) -> int:
    from roleplay.cli.serve_app import ClassroomServer, ServeError

    if args.max_sessions < 1:
        print("roleplay: --max-sessions must be at least 1", file=sys.stderr)
        return 1
    try:
        server = ClassroomServer(
            command_for(args),
            host=args.host,
            port=args.port,
            public_url=args.public_url,
            max_sessions=args.max_sessions,
            play=play_arguments(args),
        )
    except ServeError as exc:
        print(f"roleplay: {exc}", file=sys.stderr)
        return 1
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: serving on {args.host}: anyone who can reach this address can start a session "
            "(textual-serve has no authentication); see docs/instructor.md",
            file=sys.stderr,
        )
    become_subreaper()
    try:
        server.serve()
    except OSError as exc:  # the port is taken, the address is not this machine's
        print(f"roleplay: cannot listen on {args.host} port {args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0
