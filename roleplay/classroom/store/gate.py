"""A PostgreSQL class store seen through the team gate (pg_gate.py): what a terminal trainee's
roleplay opens with the team login. It plays teams whose token it was given, and nothing else:
every call passes the team's token to a gate function on the server, which finds the team from
it. Making classes or teams, and every instructor's command, need the instructor's login.

``open_postgres`` opens a ``postgresql://`` URL as this store when its role is a team login,
else as the full store (postgres.py).
"""

from __future__ import annotations

from typing import Any

import psycopg

from roleplay.classroom.store.base import (
    LOCK_TIMEOUT,
    Action,
    ClassInfo,
    ClassStore,
    Joined,
    StoreError,
    TeamTaken,
)
from roleplay.classroom.store.names import checked_name, team_key
from roleplay.classroom.store.names import display_name as display
from roleplay.classroom.store.pg_errors import describe, store_error, wrapped
from roleplay.classroom.store.pg_gate import IS_TEAM_LOGIN, REFUSED

INSTRUCTOR_ONLY = (
    "this is a team login of the class store ({where}): it plays the teams whose token it holds and nothing "
    "else: only the instructor's login can do this ({what})"
)


def open_postgres(url: str, *, read_only: bool = False, timeout: float = LOCK_TIMEOUT) -> ClassStore:
    """The store at ``url``: through the team gate for a team login, else the full store."""
    from roleplay.classroom.store.postgres import PostgresStore

    try:
        db = psycopg.connect(url, autocommit=True, connect_timeout=max(1, round(timeout)))
        row = db.execute(IS_TEAM_LOGIN).fetchone()
    except psycopg.Error as exc:
        raise store_error(describe(url), exc, timeout) from None
    if row and row[0]:
        return GateStore(url, db, timeout=timeout)
    db.close()
    return PostgresStore(url, read_only=read_only, timeout=timeout)


class GateStore:
    def __init__(self, url: str, db: psycopg.Connection[Any], *, timeout: float = LOCK_TIMEOUT) -> None:
        self.url = url
        self.location = describe(url)
        self.timeout = timeout
        self._db = db
        self._settings(db)
        #: The token of every team joined through this store, by (class code, team name).
        self._tokens: dict[tuple[str, str], str] = {}

    def _settings(self, db: psycopg.Connection[Any]) -> None:
        db.execute(f"SET lock_timeout = {int(self.timeout * 1000)}")

    @property
    def db(self) -> psycopg.Connection[Any]:
        """The connection, opened again if the server dropped it (as the full store does)."""
        if self._db.broken:
            self._db = psycopg.connect(self.url, autocommit=True, connect_timeout=max(1, round(self.timeout)))
            self._settings(self._db)
        return self._db

    def close(self) -> None:
        self._db.close()

    def _call(self, function: str, *args: Any) -> list[tuple[Any, ...]]:
        """Rows of a gate function; its refusals (a wrong token, a stale input) as StoreErrors."""
        placeholders = ", ".join(["%s"] * len(args))
        try:
            return self.db.execute(f"SELECT * FROM {function}({placeholders})", args).fetchall()
        except psycopg.Error as exc:
            if exc.sqlstate == REFUSED:
                raise StoreError(exc.diag.message_primary or "the class store refused this") from None
            raise

    def _token(self, code: str, team: str) -> str:
        token = self._tokens.get((code.upper(), team))
        if token is None:
            raise StoreError(f"team {display(team)} has not joined class {code.upper()} from here: join it first")
        return token

    def _refuse(self, what: str) -> StoreError:
        return StoreError(INSTRUCTOR_ONLY.format(where=self.location, what=what))

    # -- what a team does --------------------------------------------------------------------

    @wrapped
    def get_class(self, code: str) -> ClassInfo:
        rows = self._call("roleplay_gate_class", code.upper())
        if not rows:
            raise StoreError(f"no class with code {code} in {self.location}")
        return ClassInfo(*rows[0])

    @wrapped
    def join(self, code: str, team: str, token: str | None = None) -> Joined:
        shown, key = checked_name(team)
        info = self.get_class(code)
        if token is None:
            raise StoreError(
                f"in class {info.code} the instructor makes the teams: ask the instructor for team {shown}'s "
                "token (they make it with `roleplay class token CODE --team NAME --new`) and join with --token TOKEN"
            )
        rows = self._call("roleplay_gate_team", info.code, token)
        name = rows[0][0] if rows else None
        if name is None or team_key(name) != key:
            raise TeamTaken(
                f"that is not team {shown}'s token in class {info.code}: check it, or ask the instructor for a new one"
            )
        self._tokens[(info.code, name)] = token
        return Joined(name, None)

    @wrapped
    def teams(self, code: str) -> list[str]:
        """The teams joined from here that the store still knows, by their current names."""
        names = []
        for (held_code, _), token in list(self._tokens.items()):
            if held_code == code.upper():
                rows = self._call("roleplay_gate_team", held_code, token)
                if rows and rows[0][0] is not None:
                    names.append(str(rows[0][0]))
        return names

    @wrapped
    def actions(self, code: str, team: str) -> list[Action]:
        return [Action(*r) for r in self._call("roleplay_gate_actions", code.upper(), self._token(code, team))]

    @wrapped
    def commit(
        self, code: str, team: str, expected_seq: int, kind: str, ident: str, target: str | None
    ) -> list[Action]:
        token = self._token(code, team)
        rows = self._call("roleplay_gate_commit", code.upper(), token, expected_seq, kind, ident, target)
        return [Action(*r) for r in rows]

    @wrapped
    def messages(self, code: str, team: str, after: int = 0) -> list[tuple[int, str]]:
        rows = self._call("roleplay_gate_messages", code.upper(), self._token(code, team), after)
        return [(int(r[0]), str(r[1])) for r in rows]

    @wrapped
    def hold(self, code: str, team: str, holder: str, ttl: float) -> bool:
        rows = self._call("roleplay_gate_hold", code.upper(), self._token(code, team), holder, ttl)
        return bool(rows and rows[0][0])

    @wrapped
    def let_go(self, code: str, team: str, holder: str | None) -> None:
        if holder is None:
            raise self._refuse("freeing a team another window holds")
        self._call("roleplay_gate_let_go", code.upper(), self._token(code, team), holder)

    # -- what only the instructor does -----------------------------------------------------------

    def create_class(self, name: str, case_path: str, case_sha256: str, seed: int) -> ClassInfo:
        raise self._refuse("making a class")

    def set_status(self, code: str, status: str) -> None:
        raise self._refuse("pausing, resuming or ending a class")

    def admit(self, code: str, team: str) -> str:
        raise self._refuse("a new token for a team")

    def instructor_hash(self, code: str) -> str | None:
        raise self._refuse("the instructor's dashboard and commands")

    def set_instructor_hash(self, code: str, hashed: str) -> None:
        raise self._refuse("the instructor's token")

    def classes(self) -> list[tuple[ClassInfo, int]]:
        raise self._refuse("the list of classes")

    def injections(self, code: str) -> list[tuple[int, str, str | None, int]]:
        raise self._refuse("the list of injections")

    def change_team(self, code: str, team: str, change: str, new_name: str | None = None) -> str:
        raise self._refuse("removing, renaming or resetting a team")

    def inject(self, code: str, event: str, team: str | None = None) -> int:
        raise self._refuse("an injection")

    def post_message(self, code: str, text: str, team: str | None = None) -> int:
        raise self._refuse("a message to the class")
