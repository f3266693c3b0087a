"""`roleplay class team-login`: the PostgreSQL login terminal trainees of a training centre
play with. It may only play a team whose token it gives (the team gate, pg_gate.py), so the
login and its password can be handed to the whole room (docs/instructor.md)."""

from __future__ import annotations

import argparse
from typing import Any
from urllib.parse import urlsplit

from roleplay.cli.options import add_store_option, open_store
from roleplay.errors import UsageError


def register(actions: Any) -> None:
    login = actions.add_parser(
        "team-login",
        help="make the PostgreSQL login for trainees' terminals (it plays only teams whose token it gives); "
        "prints its password once",
    )
    login.add_argument("--role", default=None, metavar="NAME", help="the login's name (default: roleplay_team)")
    login.add_argument(
        "--connections", type=int, default=400, metavar="N", help="at most this many connections at once (400)"
    )
    add_store_option(login)
    login.set_defaults(handler=handle_team_login)


def handle_team_login(args: argparse.Namespace) -> int:
    from roleplay.classroom.store import is_database_url

    store = open_store(args.store)
    if not is_database_url(store.location):
        raise UsageError(
            "a team login is for a PostgreSQL store (--store postgresql://…); a SQLite store is one file on one "
            "machine: give trainees browsers on `roleplay serve` instead"
        )
    import psycopg

    from roleplay.classroom.store.pg_errors import describe, store_error
    from roleplay.classroom.store.pg_gate import TEAM_LOGIN, make_team_login
    from roleplay.classroom.store.postgres import PostgresStore

    if not isinstance(store, PostgresStore):
        raise UsageError(f"{store.location} is a team login: a team login is made with the instructor's login")
    if args.connections < 1:
        raise UsageError("--connections needs a number of at least 1")
    role = args.role or TEAM_LOGIN
    try:
        password = make_team_login(store.db, role, args.connections)
    except psycopg.Error as exc:  # e.g. the gate's functions were made by another role
        raise store_error(store.location, exc) from None
    parts = urlsplit(store.url)
    port = f":{parts.port}" if parts.port else ""
    trainee_url = describe(parts._replace(netloc=f"{role}@{parts.hostname}{port}").geturl())
    print(f"team login {role}: it plays only the teams whose token it gives, and reads nothing else")
    print(f"its password (shown once; a new one each time this runs): {password}")
    print(f"trainees' terminals use:  ROLEPLAY_STORE='{trainee_url}'")
    print(f"  with the password in ~/.pgpass ({parts.hostname}:{parts.port or 5432}:{parts.path[1:]}:{role}:PASSWORD)")
    print("make each team and its token with:  roleplay class token CODE --team NAME --new")
    return 0
