"""The class store in one SQLite file in WAL mode: the embedded default, for a room on one
machine. Every write is one transaction that takes the write lock at once, so writers queue
and a team's inputs are numbered without gaps or duplicates."""

from __future__ import annotations

import functools
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar, cast

from roleplay.classroom.store.admin import change_team, checked_change, class_list, injection_log
from roleplay.classroom.store.base import (
    CODE_ALPHABET,
    LOCK_TIMEOUT,
    OLDER_VERSIONS,
    SCHEMA_VERSION,
    Action,
    ClassInfo,
    Joined,
    StoreError,
    check_status,
    held_by_other,
    instructor_key,
    live_key,
    live_value,
    new_token,
    team_taken,
    token_matches,
)
from roleplay.classroom.store.base import now as _now
from roleplay.classroom.store.names import NOT_TEXT, checked_name, find_team
from roleplay.classroom.store.names import display_name as display

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS classes (
    code TEXT PRIMARY KEY, name TEXT NOT NULL, case_path TEXT NOT NULL, case_sha256 TEXT NOT NULL,
    seed INTEGER NOT NULL, status TEXT NOT NULL, created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS teams (
    class_code TEXT NOT NULL, name TEXT NOT NULL, joined TEXT NOT NULL, token_hash TEXT,
    PRIMARY KEY (class_code, name));
CREATE TABLE IF NOT EXISTS actions (
    class_code TEXT NOT NULL, team TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
    ident TEXT NOT NULL, target TEXT, created TEXT NOT NULL, PRIMARY KEY (class_code, team, seq));
CREATE TABLE IF NOT EXISTS injections (
    id INTEGER PRIMARY KEY AUTOINCREMENT, class_code TEXT NOT NULL, team TEXT, event TEXT NOT NULL,
    created TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (
    injection_id INTEGER NOT NULL, team TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (injection_id, team));
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, class_code TEXT NOT NULL, team TEXT, text TEXT NOT NULL,
    created TEXT NOT NULL);
"""


UPSERT_META = "INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"


def store_error(path: Path, exc: sqlite3.Error, timeout: float = LOCK_TIMEOUT) -> StoreError:
    """A database error in words that say what happened to the data and what to do."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return StoreError(
            f"{path}: the class store has been locked by another process for over {timeout:g} s; "
            "nothing was lost: try again, and close any roleplay that is stuck"
        )
    if name == "SQLITE_FULL" or "disk is full" in text:
        return StoreError(
            f"{path}: the disk is full: nothing was lost (the last change was not recorded); "
            "free some space and try again"
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return StoreError(f"{path}: the class store cannot be written (read-only file or folder); nothing was changed")
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "unable to open" in text:
        return StoreError(
            f"{path}: the class store cannot be opened or read ({text}); check the disk and the folder's permissions"
        )
    if name in ("SQLITE_CORRUPT", "SQLITE_NOTADB") or "not a database" in text:
        return StoreError(f"{path}: damaged or not a class store ({text}); it was left as it is")
    return StoreError(f"{path}: the class store failed ({text}); it was left as it is")


F = TypeVar("F", bound=Callable[..., Any])


def _wrapped(method: F) -> F:
    """Every database error of a store method as a StoreError that says what to do."""

    @functools.wraps(method)
    def run(self: SqliteStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except UnicodeEncodeError:  # a code or text with a lone surrogate, from a command line
            raise StoreError(f"a class code, team name or message {NOT_TEXT}") from None
        except sqlite3.Error as exc:
            raise store_error(self.path, exc, self.timeout) from None

    return cast(F, run)


class SqliteStore:
    def __init__(self, path: Path | str, *, read_only: bool = False, timeout: float = LOCK_TIMEOUT) -> None:
        """Open (or create) the store at ``path``; ``read_only`` opens an existing one that
        SQLite itself keeps from being written (reports and reviews)."""
        self.path = Path(path)
        self.location = str(self.path)
        self.timeout = timeout
        try:
            if read_only:
                self._open_read_only()
            else:
                self._open()
        except sqlite3.Error as exc:
            raise store_error(self.path, exc, timeout) from None

    def _connect(self, target: str | Path, uri: bool = False) -> None:
        # Opened in the app's loading thread, then used by its UI thread: one at a time.
        self._db = sqlite3.connect(target, uri=uri, timeout=self.timeout, isolation_level=None, check_same_thread=False)
        self._db.execute(f"PRAGMA busy_timeout={int(self.timeout * 1000)}")

    def _open(self) -> None:
        """Create the schema in one write transaction if the file holds no table yet: several
        processes creating the same new store at once wait for each other, and the ones that
        come second find a complete store (never a half-made one to call damaged)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._connect(self.path)
        created = False
        if self._tables() == 0:  # looks new: make it under the write lock, if still new then
            with self._write() as db:
                if self._tables() == 0:
                    for statement in SCHEMA.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
                    created = True
        if not created and self._check() != SCHEMA_VERSION:
            self._migrate()
        self._use_wal()
        self._db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across process kills

    def _use_wal(self) -> None:
        """Switch a new store to write-ahead logging (kept in the file: once is enough). The
        switch needs the file to itself for a moment: while the processes that made a store
        together all open it, it is tried again until the lock timeout."""
        deadline = time.monotonic() + self.timeout
        while self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _tables(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0])

    def _open_read_only(self) -> None:
        if not self.path.is_file():
            raise StoreError(f"{self.path}: no class store here")
        self._connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True)
        self._check()

    def _check(self) -> int:
        """The store's schema version, once the file is known to be a whole class store."""
        try:
            ok = self._db.execute("PRAGMA quick_check").fetchone()[0]
            version = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except sqlite3.Error as exc:
            name = getattr(exc, "sqlite_errorname", "") or ""
            if "no such table" in str(exc) or name in ("SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_ERROR"):
                raise StoreError(f"{self.path}: damaged or not a class store ({exc}); it was left as it is") from None
            raise  # locked, disk full, unreadable: said as such by store_error, never "damaged"
        if ok != "ok":
            raise StoreError(f"{self.path}: the store is damaged ({ok}); it was left as it is")
        if version is None or not str(version[0]).isdigit() or int(version[0]) not in (SCHEMA_VERSION, *OLDER_VERSIONS):
            raise StoreError(f"{self.path}: not a class store of this version; it was left as it is")
        return int(version[0])

    def _migrate(self) -> None:
        """Bring a store of an older version to this one, in one write transaction (a process
        that migrated it first leaves nothing to do)."""
        with self._write() as db:
            version = int(db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
            if version == 1:  # 1 -> 2: teams' token hashes (teams made before have none)
                db.execute("ALTER TABLE teams ADD COLUMN token_hash TEXT")
            db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taking the write lock at once (no lock upgrades, no deadlocks)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- classes and teams ---------------------------------------------------------------------

    @_wrapped
    def create_class(self, name: str, case_path: str, case_sha256: str, seed: int) -> ClassInfo:
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
            try:
                with self._write() as db:
                    db.execute(
                        "INSERT INTO classes VALUES (?, ?, ?, ?, ?, 'running', ?)",
                        (code, name, case_path, case_sha256, seed, _now()),
                    )
                return self.get_class(code)
            except sqlite3.IntegrityError:
                continue
        raise StoreError("could not find a free class code")

    @_wrapped
    def get_class(self, code: str) -> ClassInfo:
        row = self._db.execute(
            "SELECT code, name, case_path, case_sha256, seed, status FROM classes WHERE code = ?", (code.upper(),)
        ).fetchone()
        if row is None:
            raise StoreError(f"no class with code {code} in {self.path}")
        return ClassInfo(*row)

    @_wrapped
    def set_status(self, code: str, status: str) -> None:
        check_status(status)
        with self._write() as db:
            db.execute("UPDATE classes SET status = ? WHERE code = ?", (status, self.get_class(code).code))

    @_wrapped
    def join(self, code: str, team: str, token: str | None = None) -> Joined:
        shown, key = checked_name(team)
        info = self.get_class(code)
        with self._write() as db:  # under the write lock: two look-alike names cannot both be made
            rows = db.execute("SELECT name, token_hash FROM teams WHERE class_code = ?", (info.code,)).fetchall()
            found = find_team(rows, key)
            if found is None:
                fresh, hashed = new_token()
                db.execute("INSERT INTO teams VALUES (?, ?, ?, ?)", (info.code, shown, _now(), hashed))
                return Joined(shown, fresh)
        if not token_matches(token, found[1]):
            raise team_taken(found[0], info.code)
        return Joined(found[0], None)

    @_wrapped
    def admit(self, code: str, team: str) -> str:
        _, key = checked_name(team)
        info = self.get_class(code)
        with self._write() as db:
            rows = db.execute("SELECT name, token_hash FROM teams WHERE class_code = ?", (info.code,)).fetchall()
            found = find_team(rows, key)
            if found is None:
                raise StoreError(f"no team {display(team)} in class {info.code}")
            fresh, hashed = new_token()
            db.execute(
                "UPDATE teams SET token_hash = ? WHERE class_code = ? AND name = ?", (hashed, info.code, found[0])
            )
        return fresh

    @_wrapped
    def instructor_hash(self, code: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (instructor_key(code),)).fetchone()
        return None if row is None else str(row[0])

    @_wrapped
    def set_instructor_hash(self, code: str, hashed: str) -> None:
        key = instructor_key(self.get_class(code).code)
        with self._write() as db:
            db.execute(UPSERT_META, (key, hashed))

    @_wrapped
    def hold(self, code: str, team: str, holder: str, ttl: float) -> bool:
        key = live_key(code, team)
        with self._write() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            if held_by_other(None if row is None else str(row[0]), holder):
                return False
            db.execute(UPSERT_META, (key, live_value(holder, ttl)))
        return True

    @_wrapped
    def let_go(self, code: str, team: str, holder: str | None) -> None:
        key = live_key(code, team)
        with self._write() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
            if row is not None and holder in (None, str(row[0]).partition(" ")[2]):
                db.execute("DELETE FROM meta WHERE key = ?", (key,))

    @_wrapped
    def classes(self) -> list[tuple[ClassInfo, int]]:
        return class_list(self._db)

    @_wrapped
    def injections(self, code: str) -> list[tuple[int, str, str | None, int]]:
        return injection_log(self._db, "?", code)

    @_wrapped
    def change_team(self, code: str, team: str, change: str, new_name: str | None = None) -> str:
        info = self.get_class(code)
        with self._write() as db:
            return change_team(db, "?", info.code, team, checked_change(change), new_name)

    @_wrapped
    def teams(self, code: str) -> list[str]:
        rows = self._db.execute("SELECT name FROM teams WHERE class_code = ? ORDER BY joined, name", (code.upper(),))
        return [r[0] for r in rows]

    # -- inputs ------------------------------------------------------------------------------

    @_wrapped
    def actions(self, code: str, team: str) -> list[Action]:
        rows = self._db.execute(
            "SELECT seq, kind, ident, target FROM actions WHERE class_code = ? AND team = ? ORDER BY seq",
            (code.upper(), team),
        )
        return [Action(*r) for r in rows]

    @_wrapped
    def commit(
        self, code: str, team: str, expected_seq: int, kind: str, ident: str, target: str | None
    ) -> list[Action]:
        """Record a team's input as number ``expected_seq``, after delivering the injections
        waiting for the team (each exactly once), all in one transaction. Returns what was
        recorded, in order; raises StoreError if another process already recorded that number."""
        info = self.get_class(code)
        recorded: list[Action] = []
        try:
            with self._write() as db:
                last = db.execute(
                    "SELECT COALESCE(MAX(seq), 0) FROM actions WHERE class_code = ? AND team = ?", (info.code, team)
                ).fetchone()[0]
                if last + 1 != expected_seq:
                    raise StoreError(f"team {team}: input {expected_seq} is stale (the store holds {last})")
                seq = expected_seq
                waiting = db.execute(
                    "SELECT i.id, i.event FROM injections i WHERE i.class_code = ? AND (i.team IS NULL OR i.team = ?)"
                    " AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.injection_id = i.id AND d.team = ?)"
                    " ORDER BY i.id",
                    (info.code, team, team),
                ).fetchall()
                for injection_id, event in waiting:
                    db.execute("INSERT INTO deliveries VALUES (?, ?, ?)", (injection_id, team, seq))
                    db.execute(
                        "INSERT INTO actions VALUES (?, ?, ?, 'inject', ?, NULL, ?)",
                        (info.code, team, seq, event, _now()),
                    )
                    recorded.append(Action(seq, "inject", event, None))
                    seq += 1
                db.execute(
                    "INSERT INTO actions VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (info.code, team, seq, kind, ident, target, _now()),
                )
                recorded.append(Action(seq, kind, ident, target))
        except sqlite3.IntegrityError:
            raise StoreError(f"team {team}: input {expected_seq} was recorded by another process") from None
        return recorded

    @_wrapped
    def inject(self, code: str, event: str, team: str | None = None) -> int:
        info = self.get_class(code)
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO injections (class_code, team, event, created) VALUES (?, ?, ?, ?)",
                (info.code, team, event, _now()),
            )
            return int(cursor.lastrowid or 0)

    @_wrapped
    def post_message(self, code: str, text: str, team: str | None = None) -> int:
        info = self.get_class(code)
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO messages (class_code, team, text, created) VALUES (?, ?, ?, ?)",
                (info.code, team, text, _now()),
            )
            return int(cursor.lastrowid or 0)

    @_wrapped
    def messages(self, code: str, team: str, after: int = 0) -> list[tuple[int, str]]:
        rows = self._db.execute(
            "SELECT id, text FROM messages WHERE class_code = ? AND (team IS NULL OR team = ?) AND id > ? ORDER BY id",
            (code.upper(), team, after),
        )
        return [(r[0], r[1]) for r in rows]
