"""The class store under faults (issue 13): every database error is a StoreError that says
what to do, a new store created by several processes at once is never called damaged, and
one bad row does not fail a class report."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from roleplay.classroom.report import class_results, to_csv, to_markdown
from roleplay.classroom.store import SqliteStore, StoreError, store_error
from roleplay.classroom.team import TeamSession
from roleplay.cli import main
from roleplay.loading import LoadedCase


@pytest.fixture
def store(tmp_path: Path) -> SqliteStore:
    return SqliteStore(tmp_path / "class.sqlite")


@pytest.fixture
def code(store: SqliteStore, algiers: LoadedCase) -> str:
    return store.create_class("test class", str(algiers.path), algiers.digest, 4).code


def _error(name: str, text: str) -> sqlite3.OperationalError:
    error = sqlite3.OperationalError(text)
    error.sqlite_errorname = name  # type: ignore[attr-defined]
    return error


def test_a_store_locked_for_too_long_says_so(store: SqliteStore, code: str) -> None:
    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        impatient = SqliteStore(store.path, timeout=0.2)
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"locked by another process for over 0.2 s; nothing was lost"):
            impatient.join(code, "red")
        assert time.monotonic() - started < 5
    finally:
        holder.execute("ROLLBACK")
    assert SqliteStore(store.path).teams(code) == []


def test_a_full_disk_says_nothing_was_lost() -> None:
    message = str(store_error(Path("c.sqlite"), _error("SQLITE_FULL", "database or disk is full")))
    assert message.startswith("c.sqlite: the disk is full: nothing was lost")


def test_a_full_disk_at_open_is_not_called_damaged(
    store: SqliteStore, code: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_connect = sqlite3.connect

    class Full:
        def __init__(self, db: sqlite3.Connection) -> None:
            self.db = db

        def execute(self, sql: str, *args: Any) -> Any:
            if "quick_check" in sql:
                raise _error("SQLITE_FULL", "database or disk is full")
            return self.db.execute(sql, *args)

    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: Full(real_connect(*a, **k)))
    with pytest.raises(StoreError) as info:
        SqliteStore(store.path)
    assert "disk is full" in str(info.value)
    assert "damaged" not in str(info.value)


def test_every_store_method_wraps_database_errors(store: SqliteStore, code: str) -> None:
    store.close()
    with pytest.raises(StoreError, match="class store failed"):  # a closed connection: ProgrammingError
        store.teams(code)


def test_several_processes_creating_a_new_store_at_once_all_succeed(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "from roleplay.classroom.store import SqliteStore\n"
        "time.sleep(max(0.0, float(sys.argv[2]) - time.time()))\n"
        "SqliteStore(sys.argv[1]).create_class('c', 'case.toml', 'x', 1)\n"
    )
    for round_ in range(3):
        path = tmp_path / f"new{round_}.sqlite"
        start = time.time() + 1.5
        workers = [
            subprocess.Popen(
                [sys.executable, "-c", script, str(path), str(start)],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        errors = [w.communicate(timeout=60)[1] for w in workers]
        assert all(w.returncode == 0 for w in workers), errors
        assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM classes").fetchone()[0] == 6


def test_a_file_that_is_not_a_store_is_left_as_it_is(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE notes (text TEXT)")
    db.commit()
    db.close()
    before = other.read_bytes()
    with pytest.raises(StoreError, match="damaged or not a class store"):
        SqliteStore(other)
    assert other.read_bytes() == before


def test_one_bad_action_row_does_not_fail_the_class_report(
    store: SqliteStore, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("red", "blue"):
        TeamSession(store, code, name).submit("move", "college_meeting")
    db = sqlite3.connect(store.path)
    db.execute("UPDATE actions SET ident = 'no_such_move' WHERE team = 'blue' AND seq = 1")
    db.commit()
    db.close()
    results = {r.team: r for r in class_results(store, code)}
    assert results["red"].unreadable == "" and results["red"].debrief.turns == 1
    assert results["blue"].unreadable.startswith("unreadable from input 1")
    assert results["blue"].debrief.turns == 0
    assert "(unreadable)" in to_csv(list(results.values()))
    assert "**blue**: unreadable from input 1" in to_markdown(code, list(results.values()))
    assert main(["class", "report", code, "--store", str(store.path)]) == 0
    assert "### red" in capsys.readouterr().out
