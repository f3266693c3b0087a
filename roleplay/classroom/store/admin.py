"""The instructor's changes to a class's teams, the same SQL on every store: remove a team,
rename it, or reset its game to the start. Each runs inside the caller's write transaction
(under the class's team lock on PostgreSQL); ``p`` is the driver's placeholder ("?" for
sqlite3, "%s" for psycopg)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, Protocol

from roleplay.classroom.store.base import StoreError, live_key
from roleplay.classroom.store.names import checked_name, find_team, team_key
from roleplay.classroom.store.names import display_name as display

Change = Literal["remove", "rename", "reset"]


CHANGES: dict[str, Change] = {"remove": "remove", "rename": "rename", "reset": "reset"}


def checked_change(change: str) -> Change:
    if change not in CHANGES:
        raise StoreError(f"unknown change to a team: {change!r}")
    return CHANGES[change]


class Executor(Protocol):
    def execute(self, sql: Any, params: Sequence[Any] = ..., /) -> Any: ...


def change_team(db: Executor, p: str, code: str, team: str, change: Change, new_name: str | None = None) -> str:
    """Apply ``change`` to team ``team`` of class ``code``; the team's name afterwards."""
    rows = [(r[0], r[1]) for r in db.execute(f"SELECT name, token_hash FROM teams WHERE class_code = {p}", (code,))]
    found = find_team(rows, team_key(team))
    if found is None:
        raise StoreError(f"no team {display(team)} in class {code}")
    name = found[0]
    db.execute(f"DELETE FROM meta WHERE key = {p}", (live_key(code, name),))  # its window no longer holds it
    if change == "rename":
        return _rename(db, p, code, name, rows, new_name or "")
    _forget_game(db, p, code, name)
    if change == "remove":
        db.execute(f"DELETE FROM messages WHERE class_code = {p} AND team = {p}", (code, name))
        db.execute(f"DELETE FROM injections WHERE class_code = {p} AND team = {p}", (code, name))
        db.execute(f"DELETE FROM teams WHERE class_code = {p} AND name = {p}", (code, name))
    return name


def _forget_game(db: Executor, p: str, code: str, name: str) -> None:
    """The team's inputs, and which injections reached it: a reset team meets them again."""
    db.execute(f"DELETE FROM actions WHERE class_code = {p} AND team = {p}", (code, name))
    db.execute(
        f"DELETE FROM deliveries WHERE team = {p} AND injection_id IN "
        f"(SELECT id FROM injections WHERE class_code = {p})",
        (name, code),
    )


def _rename(db: Executor, p: str, code: str, name: str, rows: list[tuple[str, str | None]], new_name: str) -> str:
    shown, key = checked_name(new_name)
    other = find_team(rows, key)
    if other is not None and other[0] != name:
        raise StoreError(f"class {code} already has a team {other[0]}: choose another name")
    for table, column in (("teams", "name"), ("actions", "team"), ("injections", "team"), ("messages", "team")):
        db.execute(f"UPDATE {table} SET {column} = {p} WHERE class_code = {p} AND {column} = {p}", (shown, code, name))
    db.execute(
        f"UPDATE deliveries SET team = {p} WHERE team = {p} AND injection_id IN "
        f"(SELECT id FROM injections WHERE class_code = {p})",
        (shown, name, code),
    )
    return shown
