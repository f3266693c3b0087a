"""The instructor's queries and changes, the same SQL on every store: the classes of a store,
the injections of a class, and removing a team, renaming it, or resetting its game to the
start. A change runs inside the caller's write transaction (under the class's team lock on
PostgreSQL); ``p`` is the driver's placeholder ("?" for sqlite3, "%s" for psycopg)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal, Protocol

from roleplay.classroom.store.base import ClassInfo, StoreError, live_key
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


def class_list(db: Executor) -> list[tuple[ClassInfo, int]]:
    """Every class, oldest first, with its number of teams."""
    rows = db.execute(
        "SELECT c.code, c.name, c.case_path, c.case_sha256, c.seed, c.status, COUNT(t.name) FROM classes c"
        " LEFT JOIN teams t ON t.class_code = c.code GROUP BY c.code, c.name, c.case_path, c.case_sha256,"
        " c.seed, c.status, c.created ORDER BY c.created, c.code"
    ).fetchall()
    return [(ClassInfo(*r[:6]), int(r[6])) for r in rows]


def injection_log(db: Executor, p: str, code: str) -> list[tuple[int, str, str | None, int]]:
    """The class's injections, oldest first: (id, event, team or None for every team, how many
    teams it has reached)."""
    rows = db.execute(
        "SELECT i.id, i.event, i.team, COUNT(d.team) FROM injections i LEFT JOIN deliveries d"
        f" ON d.injection_id = i.id WHERE i.class_code = {p} GROUP BY i.id, i.event, i.team ORDER BY i.id",
        (code.upper(),),
    ).fetchall()
    return [(int(r[0]), str(r[1]), r[2], int(r[3])) for r in rows]


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
