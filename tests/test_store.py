"""The class store, on SQLite and on PostgreSQL alike: no input lost or duplicated, even with
several processes committing at once; rejoin where a team was; injected events delivered
exactly once; messages in order; status; a read-only store that cannot be written; every
database error a StoreError that says what to do.

Each test runs once per backend (``[sqlite]``, ``[postgres]``); the PostgreSQL variant gets a
fresh database on a server the test session starts itself (tests/postgres_server.py)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import settle, wait_until
from postgres_server import fresh_database, postgres_server, with_database

from roleplay.classroom.report import class_results
from roleplay.classroom.store import ClassStore, StoreError, TeamTaken, open_store
from roleplay.classroom.team import TeamSession
from roleplay.classroom.tokens import saved_token
from roleplay.cli import main
from roleplay.errors import MoveError
from roleplay.loading import LoadedCase


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """The admin URL of the session's PostgreSQL server (skipped, or failed in CI, without one)."""
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a new store goes: a SQLite file's path, or the URL of a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "class.sqlite")
        return
    with fresh_database(request.getfixturevalue("postgres")) as url:
        yield url


@pytest.fixture
def store(location: str) -> Iterator[ClassStore]:
    opened = open_store(location)
    yield opened
    opened.close()


@pytest.fixture
def code(store: ClassStore, algiers: LoadedCase) -> str:
    return store.create_class("test class", str(algiers.path), algiers.digest, 4).code


# -- the interface, on both backends ---------------------------------------------------------


def test_classes_teams_and_status(store: ClassStore, code: str) -> None:
    info = store.get_class(code.lower())
    assert (info.code, info.name, info.seed, info.status) == (code, "test class", 4, "running")
    with pytest.raises(StoreError, match="no class with code ZZZZZZ"):
        store.get_class("ZZZZZZ")
    for name in ("b", "a", "Ünïcode [/]"):
        store.join(code, name)
    assert sorted(store.teams(code)) == ["a", "b", "Ünïcode [/]"]
    with pytest.raises(StoreError, match="needs a name"):
        store.join(code, "  ")
    store.set_status(code, "paused")
    assert store.get_class(code).status == "paused"
    with pytest.raises(StoreError, match="unknown status"):
        store.set_status(code, "sleeping")
    assert store.get_class(code).status == "paused"


def test_messages_reach_their_team_in_order(store: ClassStore, code: str) -> None:
    first = store.post_message(code, "to all")
    second = store.post_message(code, "to red only", team="red")
    third = store.post_message(code, "again to all")
    assert first < second < third
    assert store.messages(code, "blue") == [(first, "to all"), (third, "again to all")]
    assert [text for _, text in store.messages(code, "red", after=first)] == ["to red only", "again to all"]


def test_inputs_are_numbered_and_a_stale_or_duplicate_commit_is_refused(store: ClassStore, code: str) -> None:
    team = TeamSession(store, code, "alpha")
    team.submit("move", "college_meeting")
    settle(team)
    other = open_store(store.location)  # a second process on the same store
    with pytest.raises(StoreError, match="stale"):
        other.commit(code, "alpha", 1, "move", "college_meeting", None)
    seqs = [a.seq for a in store.actions(code, "alpha")]
    assert seqs == list(range(1, len(seqs) + 1))
    other.close()


def test_a_team_rejoins_exactly_where_it_was(store: ClassStore, code: str) -> None:
    team = TeamSession(store, code, "beta")
    for move, target in [("college_meeting", None), ("proximity_talks", "platform"), ("security_sidelines", None)]:
        settle(team)
        team.submit("move", move, target)
    again = TeamSession(open_store(store.location), code, "beta", token=team.token)
    assert again.session.records == team.session.records
    assert again.seq == team.seq


def test_an_injected_event_is_delivered_once_even_across_a_rejoin(store: ClassStore, code: str) -> None:
    team = TeamSession(store, code, "gamma")
    team.submit("move", "college_meeting")
    settle(team)
    store.inject(code, "peacekeepers_targeted")  # to every team
    results = team.submit("move", "college_meeting")
    assert [r["type"] for r in results] == ["inject", "turn"]
    assert "peacekeepers_targeted" in results[-1]["events"]
    settle(team)
    rejoined = TeamSession(store, code, "gamma", token=team.token)
    settle(rejoined)
    later = rejoined.submit("move", "security_sidelines")
    assert [r["type"] for r in later] == ["turn"]
    kinds = [a.kind for a in store.actions(code, "gamma")]
    assert kinds.count("inject") == 1
    late_joiner = TeamSession(store, code, "delta")  # joined after the injection: still gets it once
    assert [r["type"] for r in late_joiner.submit("move", "college_meeting")] == ["inject", "turn"]


def test_an_injection_for_one_team_reaches_only_that_team(store: ClassStore, code: str) -> None:
    store.inject(code, "for_red", team="red")
    assert [a.kind for a in store.commit(code, "blue", 1, "move", "m", None)] == ["move"]
    assert [(a.seq, a.kind, a.ident) for a in store.commit(code, "red", 1, "move", "m", None)] == [
        (1, "inject", "for_red"),
        (2, "move", "m"),
    ]


def test_a_paused_or_ended_class_takes_no_input(store: ClassStore, code: str) -> None:
    team = TeamSession(store, code, "epsilon")
    store.set_status(code, "paused")
    with pytest.raises(MoveError, match="paused"):
        team.submit("move", "college_meeting")
    assert store.actions(code, "epsilon") == []
    store.set_status(code, "running")
    team.submit("move", "college_meeting")
    with pytest.raises(MoveError):
        team.submit("move", "propose_road_map")  # refused by the engine before the store sees it
    assert len(store.actions(code, "epsilon")) == 1


def test_a_team_killed_mid_game_loses_no_acknowledged_input(store: ClassStore, code: str, data_dir: Path) -> None:
    """The headless team keeps its token in the data directory, and rejoins with it."""
    command = [sys.executable, "-m", "roleplay", "run", "--class", code, "--team", "zeta", "--strategy", "random"]
    command += ["--store", store.location]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    # Killed after its third commit, in the middle of the game (polled often, to kill it early).
    wait_until(
        lambda: len(store.actions(code, "zeta")) >= 3,
        timeout=20,
        interval=0.005,
        message="the team process to commit three inputs",
        state=lambda: f"{len(store.actions(code, 'zeta'))} inputs, process exit code {process.poll()}",
    )
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    before = store.actions(code, "zeta")
    assert [a.seq for a in before] == list(range(1, len(before) + 1))
    token = saved_token(store.location, code, "zeta")
    assert token is not None
    rejoined = TeamSession(open_store(store.location), code, "zeta", token=token)  # replays without error
    assert rejoined.seq == len(before)
    assert subprocess.run(command, cwd=ROOT, capture_output=True, check=False).returncode == 0
    after = store.actions(code, "zeta")
    assert after[: len(before)] == before
    assert [a.seq for a in after] == list(range(1, len(after) + 1))


def test_a_read_only_store_reads_and_cannot_be_written(
    store: ClassStore, code: str, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("red", "blue"):
        team = TeamSession(store, code, name)
        team.submit("move", "college_meeting")
        settle(team)
    read_only = open_store(store.location, read_only=True)
    with pytest.raises(StoreError, match="cannot be written"):
        read_only.join(code, "intruder")
    with pytest.raises(StoreError, match="cannot be written"):
        read_only.commit(code, "red", len(read_only.actions(code, "red")) + 1, "move", "college_meeting", None)
    assert sorted(r.team for r in class_results(read_only, code)) == ["blue", "red"]
    assert sorted(read_only.teams(code)) == ["blue", "red"]
    read_only.close()
    assert main(["class", "report", code, "--store", store.location]) == 0
    assert "### red" in capsys.readouterr().out


def test_a_read_only_opening_of_no_store_creates_nothing(location: str) -> None:
    with pytest.raises(StoreError, match="no class store here"):
        open_store(location, read_only=True)
    with pytest.raises(StoreError, match="no class store here"):
        open_store(location, read_only=True)  # still nothing made by the first try


# -- several processes at once --------------------------------------------------------------

WORKER = """
import json, sys
from roleplay.classroom.store import StoreError, TeamTaken, open_store
location, code, teams, count, name = sys.argv[1:6]
store = open_store(location)
acknowledged = []
for i in range(int(count)):
    team = teams.split(",")[i % len(teams.split(","))]
    try:
        store.join(code, team)
    except TeamTaken:  # made by another worker
        pass
    for attempt in range(1000):
        actions = store.actions(code, team)
        try:
            recorded = store.commit(code, team, (actions[-1].seq if actions else 0) + 1, "move", f"{name}-{i}", None)
        except StoreError as exc:  # another process got that number first: read again, try again
            if "stale" not in str(exc) and "another process" not in str(exc):
                raise
            continue
        acknowledged += [[team, a.seq, a.ident] for a in recorded if a.kind == "move"]
        break
    else:
        raise SystemExit("never got a turn")
print(json.dumps(acknowledged))
"""


def run_workers(location: str, code: str, teams: list[str], workers: int, count: int) -> list[list[object]]:
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, location, code, ",".join(teams), str(count), f"w{n}"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(workers)
    ]
    acknowledged: list[list[object]] = []
    for process in processes:
        out, err = process.communicate(timeout=240)
        assert process.returncode == 0, err[-2000:]
        acknowledged += json.loads(out)
    return acknowledged


def assert_each_input_once(store: ClassStore, code: str, teams: list[str], acknowledged: list[list[object]]) -> None:
    for team in teams:
        stored = store.actions(code, team)
        assert [a.seq for a in stored] == list(range(1, len(stored) + 1)), f"{team}: a gap or a duplicate"
        moves = sorted((a.seq, a.ident) for a in stored if a.kind == "move")
        assert moves == sorted((seq, ident) for t, seq, ident in acknowledged if t == team), f"{team}: lost or extra"


def test_processes_committing_to_one_team_lose_and_duplicate_nothing(store: ClassStore, code: str) -> None:
    acknowledged = run_workers(store.location, code, ["crowded"], workers=6, count=15)
    assert len(acknowledged) == 90
    assert_each_input_once(store, code, ["crowded"], acknowledged)


def test_processes_committing_to_many_teams_with_injections_get_each_once(store: ClassStore, code: str) -> None:
    teams = [f"team{i}" for i in range(8)]
    events = [f"event{i}" for i in range(5)]
    injector = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom roleplay.classroom.store import open_store\n"
            "store = open_store(sys.argv[1])\n"
            "for event in sys.argv[3:]:\n    time.sleep(0.05)\n    store.inject(sys.argv[2], event)\n",
            store.location,
            code,
            *events,
        ],
        cwd=ROOT,
    )
    acknowledged = run_workers(store.location, code, teams, workers=8, count=24)
    assert injector.wait(timeout=60) == 0
    for team in teams:  # one more input each, to take any injection that came after its last one
        last = store.actions(code, team)[-1].seq
        acknowledged += [[team, a.seq, a.ident] for a in store.commit(code, team, last + 1, "move", "last", None)]
    acknowledged = [a for a in acknowledged if not str(a[2]).startswith("event")]
    assert_each_input_once(store, code, teams, acknowledged)
    for team in teams:
        assert [a.ident for a in store.actions(code, team) if a.kind == "inject"] == events


def test_processes_creating_one_new_store_at_once_all_find_it_whole(location: str) -> None:
    script = (
        "import sys\nfrom roleplay.classroom.store import open_store\n"
        "print(open_store(sys.argv[1]).create_class('c', 'case.toml', 'x', 1).code)\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, location],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(6)
    ]
    codes = []
    for process in processes:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err[-2000:]
        codes.append(out.strip())
    store = open_store(location)
    assert sorted(store.get_class(c).code for c in codes) == sorted(codes)


# -- PostgreSQL's failures, in words ---------------------------------------------------------


def test_postgres_failures_say_what_to_do(postgres: str) -> None:
    from postgres_server import free_port

    unreachable = urlsplit_port(postgres, free_port())
    with pytest.raises(StoreError, match=r"cannot reach the database server.*check that the server is running"):
        open_store(unreachable)
    with pytest.raises(StoreError, match=r"refused the login.*check the user name and password"):
        open_store(postgres.replace("postgres@", "nobody_here@", 1))
    with pytest.raises(StoreError, match=r"no such database.*create it first"):
        open_store(with_database(postgres, "no_such_database"))
    with pytest.raises(StoreError) as info:
        open_store(postgres.replace("postgres@", "postgres:s3cret@", 1).replace("/postgres", "/no_such_database"))
    assert "s3cret" not in str(info.value)  # a password never shows
    with fresh_database(postgres) as url:
        store = open_store(url.replace("postgres@", "postgres:s3cret@", 1) + "?application_name=roleplay")
        assert store.location == url + "?application_name=roleplay"  # shown and reopened without it
        open_store(store.location).close()
        store.close()


def urlsplit_port(url: str, port: int) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts._replace(netloc=f"{parts.username}@127.0.0.1:{port}").geturl()


def test_postgres_errors_in_words(postgres: str) -> None:
    from psycopg import errors

    from roleplay.classroom.store.pg_errors import store_error

    where = "postgresql://u@h/db"
    assert "disk is full: nothing was lost" in str(store_error(where, errors.DiskFull("could not extend file")))
    assert "kept refusing the change" in str(store_error(where, errors.SerializationFailure("conflict")))
    assert "locked by another process for over 10 s" in str(store_error(where, errors.LockNotAvailable("lock")))
    assert "may not do this" in str(store_error(where, errors.InsufficientPrivilege("permission denied")))


def test_postgres_gives_up_on_endless_conflicts_and_says_so(
    postgres: str, monkeypatch: pytest.MonkeyPatch, algiers: LoadedCase
) -> None:
    from psycopg import errors

    with fresh_database(postgres) as url:
        store = open_store(url)
        code = store.create_class("c", str(algiers.path), algiers.digest, 1).code
        tries = []

        def conflict(self: object, *args: object) -> None:
            tries.append(1)
            raise errors.SerializationFailure("could not serialize access")

        monkeypatch.setattr("roleplay.classroom.store.postgres.PostgresStore._transaction", conflict)
        with pytest.raises(StoreError, match=r"kept refusing the change .*\(5 tries\); nothing was recorded"):
            store.commit(code, "red", 1, "move", "m", None)
        assert len(tries) == 5
        monkeypatch.undo()
        assert store.actions(code, "red") == []
        store.close()


def test_postgres_store_reconnects_after_the_server_dropped_it(postgres: str, algiers: LoadedCase) -> None:
    import psycopg

    with fresh_database(postgres) as url:
        store = open_store(url)
        code = store.create_class("c", str(algiers.path), algiers.digest, 1).code
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        with pytest.raises(StoreError, match="cannot reach the database server"):
            store.commit(code, "red", 1, "move", "m", None)
        assert [a.seq for a in store.commit(code, "red", 1, "move", "m", None)] == [1]
        store.close()


# -- team identity, on both backends -----------------------------------------------------------


def test_look_alike_names_are_one_team_and_shown_as_first_typed(store: ClassStore, code: str) -> None:
    made = store.join(code, "  Red\u200f  Team ")
    assert made.team == "Red  Team" and made.token
    for alike in ("red team", "RED TEAM", "r\u0435d team", "\u202eRed Team", "Ｒｅｄ Team", "R\u0395D\tTEAM"):
        with pytest.raises(TeamTaken, match=f"team Red  Team already exists in class {code}: rejoin from the terminal"):
            store.join(code, alike)
        assert store.join(code, alike, made.token) == type(made)("Red  Team", None)
    assert store.teams(code) == ["Red  Team"]
    for empty in ("", "   ", "\u200f\u200e", "\t\n"):
        with pytest.raises(StoreError, match="needs a name"):
            store.join(code, empty)
    with pytest.raises(StoreError, match="at most 40 characters"):
        store.join(code, "x" * 41)
    assert store.join(code, "x" * 40).token


def test_a_team_needs_its_token_and_the_instructor_can_rotate_it(store: ClassStore, code: str) -> None:
    owner = TeamSession(store, code, "blue")
    owner.submit("move", "college_meeting")
    with pytest.raises(TeamTaken, match="already exists"):
        TeamSession(store, code, "Blue")
    with pytest.raises(TeamTaken):
        TeamSession(store, code, "blue", token="guess")
    assert store.actions(code, "blue")[-1].ident == "college_meeting"
    fresh = store.admit(code, "BLUE")
    assert fresh != owner.token
    with pytest.raises(TeamTaken):
        TeamSession(store, code, "blue", token=owner.token)  # the old token no longer works
    assert TeamSession(open_store(store.location), code, "blue", token=fresh).seq == owner.seq
    with pytest.raises(StoreError, match="no team nobody"):
        store.admit(code, "nobody")


def test_a_version_1_store_is_migrated_and_its_teams_need_the_instructor(location: str) -> None:
    """A store made before tokens: opened, migrated, its data kept; its teams rejoin once admitted."""
    old = open_store(location)
    info = old.create_class("old", "case.toml", "0" * 64, 3)
    old.join(info.code, "red")
    old.commit(info.code, "red", 1, "move", "m", None)
    old.close()
    downgrade(location)
    assert open_store(location, read_only=True).teams(info.code) == ["red"]  # read as it is
    store = open_store(location)
    with pytest.raises(TeamTaken):
        store.join(info.code, "red")  # a team without a token
    token = store.admit(info.code, "red")
    assert store.join(info.code, "Red", token).team == "red"
    assert [a.ident for a in store.actions(info.code, "red")] == ["m"]


def downgrade(location: str) -> None:
    """Make the store at ``location`` look like one of version 1 (no token column)."""
    statements = [
        "ALTER TABLE teams DROP COLUMN token_hash",
        "UPDATE meta SET value = '1' WHERE key = 'schema_version'",
    ]
    if location.startswith("postgresql://"):
        import psycopg

        with psycopg.connect(location, autocommit=True) as server:
            for statement in statements:
                server.execute(statement)
        return
    import sqlite3

    with contextlib.closing(sqlite3.connect(location)) as db, db:
        for statement in statements:
            db.execute(statement)


def test_the_instructor_token_is_kept_as_a_hash_and_checked(
    store: ClassStore, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roleplay.classroom.instructor import NotInstructor, check_instructor, make_instructor_token
    from roleplay.classroom.store.base import new_token

    check_instructor(store, code)  # a class made without one (before instructor tokens) is open
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "instructor"))
    token = make_instructor_token(store, code)
    assert store.instructor_hash(code.lower()) not in (None, token)  # a hash, never the token
    check_instructor(store, code)  # this terminal keeps it
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "trainee"))
    with pytest.raises(NotInstructor, match=f"only the instructor can do this in class {code}"):
        check_instructor(store, code)
    with pytest.raises(NotInstructor, match="that is not the instructor token"):
        check_instructor(store, code, "guess")
    check_instructor(store, code, token)
    monkeypatch.setenv("ROLEPLAY_INSTRUCTOR_TOKEN", token)
    check_instructor(store, code)
    fresh = make_instructor_token(store, code)  # a new one; the old one stops working
    monkeypatch.delenv("ROLEPLAY_INSTRUCTOR_TOKEN")
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "elsewhere"))
    with pytest.raises(NotInstructor):
        check_instructor(store, code, token)
    check_instructor(store, code, fresh)
    other = store.create_class("another", "x.toml", "0" * 64, 1).code
    store.set_instructor_hash(other, new_token()[1])
    with pytest.raises(NotInstructor):
        check_instructor(store, other, fresh)  # one class's token is not another's


def test_one_live_session_per_team(store: ClassStore, code: str) -> None:
    store.join(code, "Blue")
    assert store.hold(code, "Blue", "window A", 20)
    assert not store.hold(code, "Blue", "window B", 20)  # A is live
    assert store.hold(code, "Blue", "window A", 20)  # A renews
    assert store.hold(code, "Red", "window B", 20)  # another team
    store.let_go(code, "Blue", "window B")  # not B's mark: left
    assert not store.hold(code, "Blue", "window B", 20)
    store.let_go(code, "Blue", "window A")
    assert store.hold(code, "Blue", "window B", 0.05)
    time.sleep(0.1)  # B was killed: its mark expires
    assert store.hold(code, "Blue", "window C", 20)
    store.let_go(code, "Blue", None)  # the instructor admits the team again: anyone's mark goes
    assert store.hold(code, "Blue", "window D", 20)


def test_the_instructor_lists_classes_and_removes_renames_or_resets_teams(store: ClassStore, code: str) -> None:
    other = store.create_class("other", "x.toml", "0" * 64, 2).code
    for team in ("Blue", "Red"):
        store.join(code, team)
    blue_event = store.inject(code, "crisis", "Blue")
    store.post_message(code, "to blue", "Blue")
    store.commit(code, "Blue", 1, "move", "m1", None)  # the injection arrives first: inputs 1 and 2
    store.commit(code, "Blue", 3, "move", "m2", "p")
    assert blue_event and sorted((i.code, n) for i, n in store.classes()) == sorted([(code, 2), (other, 0)])
    every = store.inject(code, "storm")
    assert store.injections(code.lower()) == [(blue_event, "crisis", "Blue", 1), (every, "storm", None, 0)]

    with pytest.raises(StoreError, match="already has a team Red"):
        store.change_team(code, "blue", "rename", "  rеd ")  # a Cyrillic е: the same name as Red
    with pytest.raises(StoreError, match=f"no team Green in class {code}"):
        store.change_team(code, "Green", "reset")
    assert store.change_team(code, "BLUE", "rename", "Navy [/]") == "Navy [/]"
    assert store.teams(code) == ["Navy [/]", "Red"]
    assert [(a.seq, a.kind, a.ident) for a in store.actions(code, "Navy [/]")] == [
        (1, "inject", "crisis"),
        (2, "move", "m1"),
        (3, "move", "m2"),
    ]
    assert [text for _, text in store.messages(code, "Navy [/]")] == ["to blue"]

    assert store.change_team(code, "navy [/]", "reset") == "Navy [/]"
    assert store.actions(code, "Navy [/]") == []
    recorded = store.commit(code, "Navy [/]", 1, "move", "m1", None)
    assert [a.kind for a in recorded] == ["inject", "inject", "move"]  # a reset team meets the injections again
    assert store.injections(code) == [(blue_event, "crisis", "Navy [/]", 1), (every, "storm", None, 1)]

    store.change_team(code, "Navy [/]", "remove")
    assert store.teams(code) == ["Red"] and store.actions(code, "Navy [/]") == []
    assert store.messages(code, "Navy [/]") == []
    assert store.join(code, "Navy [/]").token is not None  # the name is free again: a new team
