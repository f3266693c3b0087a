"""The team gate of a PostgreSQL class store (roleplay/classroom/store/pg_gate.py): terminal
trainees on other machines play with a team login that cannot read or write another team's
rows, even with raw SQL (psycopg directly), while normal play through it works: join with the
team's token, moves, injections delivered once, messages, the live mark.

Against a real PostgreSQL server: ROLEPLAY_TEST_POSTGRES, else one the session starts itself
(tests/postgres_server.py); skipped with the reason when neither can be had (failed in CI)."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from helpers import settle
from postgres_server import fresh_database, postgres_server

from roleplay.classroom.store import ClassStore, StoreError, TeamTaken, open_store
from roleplay.classroom.store.gate import GateStore
from roleplay.classroom.store.pg_gate import make_team_login, rights_left
from roleplay.classroom.store.postgres import PostgresStore
from roleplay.classroom.team import TeamSession
from roleplay.errors import MoveError
from roleplay.loading import LoadedCase

psycopg = pytest.importorskip("psycopg", reason="the PostgreSQL store needs psycopg: pip install -e '.[dev]'")


@pytest.fixture(scope="module")
def postgres() -> Iterator[str]:
    with postgres_server() as url:
        yield url


def as_user(url: str, user: str, password: str | None = None) -> str:
    parts = urlsplit(url)
    secret = f":{password}" if password else ""
    return parts._replace(netloc=f"{user}{secret}@{parts.hostname}:{parts.port}").geturl()


@dataclass
class Centre:
    admin: str  # the server's superuser, to look at rows behind everyone's back
    instructor: PostgresStore  # the store's owner (not a superuser), with CREATEROLE
    team_url: str  # the team login of the whole room, with its password
    role: str
    code: str
    tokens: dict[str, str]


@pytest.fixture
def centre(postgres: str, algiers: LoadedCase) -> Iterator[Centre]:
    tag = uuid.uuid4().hex[:8]
    owner, role = f"instructor_{tag}", f"team_{tag}"
    with psycopg.connect(postgres, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
    try:
        with fresh_database(postgres) as url:
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'ALTER DATABASE "{urlsplit(url).path[1:]}" OWNER TO "{owner}"')
            instructor = open_store(as_user(url, owner))
            assert isinstance(instructor, PostgresStore)
            code = instructor.create_class("centre", str(algiers.path), algiers.digest, 4).code
            tokens = {name: instructor.join(code, name).token or "" for name in ("red", "blue")}
            password = make_team_login(instructor.db, role)
            yield Centre(url, instructor, as_user(url, role, password), role, code, tokens)
            instructor.close()
    finally:
        with psycopg.connect(postgres, autocommit=True) as admin:
            admin.execute(f'DROP ROLE IF EXISTS "{role}"')
            admin.execute(f'DROP ROLE IF EXISTS "{owner}"')


def rows(url: str, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(url, autocommit=True) as db:
        return db.execute(sql, args).fetchall()


def test_normal_play_through_the_team_login(centre: Centre) -> None:
    store = open_store(centre.team_url)
    assert isinstance(store, GateStore)
    red = TeamSession(store, centre.code, "RED ", token=centre.tokens["red"])  # the same team, as typed
    assert red.team == "red"
    red.claim()
    red.submit("move", "college_meeting")
    settle(red)
    centre.instructor.inject(centre.code, "peacekeepers_targeted")
    first = centre.instructor.post_message(centre.code, "to all")
    centre.instructor.post_message(centre.code, "to blue only", team="blue")
    results = red.submit("move", "college_meeting")
    assert [r["type"] for r in results] == ["inject", "turn"]
    assert red.messages(0) == [(first, "to all")]
    settle(red)
    again = TeamSession(open_store(centre.team_url), centre.code, "red", token=centre.tokens["red"])
    assert again.session.records == red.session.records  # a rejoin on another machine replays it all
    assert not again.store.hold(centre.code, "red", "another window", 20)  # one live session per team
    assert [a.kind for a in centre.instructor.actions(centre.code, "red")].count("inject") == 1
    assert centre.instructor.injections(centre.code)[0][3] == 1  # reached red only, so far
    centre.instructor.set_status(centre.code, "paused")
    with pytest.raises(MoveError, match="paused"):
        red.submit("move", "security_sidelines")
    with pytest.raises(StoreError, match="takes no inputs now"):  # raw: the gate itself refuses
        store.commit(centre.code, "red", red.seq + 1, "move", "security_sidelines", None)


def test_what_a_team_login_may_not_do_through_the_store(centre: Centre) -> None:
    store = open_store(centre.team_url)
    with pytest.raises(StoreError, match="the instructor makes the teams"):
        store.join(centre.code, "green")
    with pytest.raises(TeamTaken, match="not team blue's token"):
        store.join(centre.code, "blue", centre.tokens["red"])
    with pytest.raises(StoreError, match="has not joined"):
        store.actions(centre.code, "blue")
    refusals: list[tuple[str, Any]] = [
        ("making a class", lambda s: s.create_class("x", "x", "0" * 64, 1)),
        ("pausing", lambda s: s.set_status(centre.code, "ended")),
        ("an injection", lambda s: s.inject(centre.code, "peacekeepers_targeted")),
        ("a message", lambda s: s.post_message(centre.code, "hi")),
        ("a new token", lambda s: s.admit(centre.code, "blue")),
        ("removing", lambda s: s.change_team(centre.code, "blue", "remove")),
        ("the instructor's dashboard", lambda s: s.instructor_hash(centre.code)),
    ]
    for words, call in refusals:
        with pytest.raises(StoreError, match=f"team login.*only the instructor's login can do this \\({words}"):
            call(store)


def test_raw_sql_with_the_team_login_cannot_touch_another_team(centre: Centre) -> None:
    """psycopg directly, as a trainee who copied the URL and password from a terminal would."""
    blue = TeamSession(open_store(centre.instructor.location), centre.code, "blue", token=centre.tokens["blue"])
    blue.submit("move", "college_meeting")
    settle(blue)
    centre.instructor.post_message(centre.code, "secret for blue", team="blue")
    before = rows(centre.admin, "SELECT * FROM actions WHERE team = 'blue' ORDER BY seq")
    teams_before = rows(centre.admin, "SELECT * FROM teams ORDER BY name")
    assert before and rights_left(centre.instructor.db, centre.role, "public") == []
    code, red = centre.code, centre.tokens["red"]
    attempts = [
        "SELECT * FROM actions",
        "SELECT * FROM teams",
        "SELECT * FROM messages",
        "SELECT * FROM meta",
        f"INSERT INTO actions VALUES ('{code}', 'blue', 99, 'move', 'college_meeting', NULL, 'now')",
        f"UPDATE actions SET ident = 'x' WHERE team = 'blue' AND class_code = '{code}'",
        "DELETE FROM actions WHERE team = 'blue'",
        "DELETE FROM deliveries",
        "UPDATE teams SET token_hash = NULL",
        "INSERT INTO meta VALUES ('x', 'y')",
        "TRUNCATE actions",
        "CREATE TABLE public.mine (x int)",
        f"SELECT roleplay_gate_who('{code}', '{red}')",  # the helper is not the team's to call
    ]
    for sql in attempts:
        with (
            psycopg.connect(centre.team_url, autocommit=True) as db,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            db.execute(sql)
    guesses = [
        ("SELECT * FROM roleplay_gate_actions(%s, %s)", (code, "blue")),
        ("SELECT * FROM roleplay_gate_actions(%s, %s)", (code, "")),
        ("SELECT * FROM roleplay_gate_messages(%s, %s, 0)", (code, centre.tokens["blue"][:-1])),
        ("SELECT * FROM roleplay_gate_commit(%s, %s, 1, 'move', 'college_meeting', NULL)", (code, None)),
        ("SELECT roleplay_gate_hold(%s, %s, 'me', 600)", (code, "' OR true --")),
        ("SELECT roleplay_gate_let_go(%s, %s, 'me')", (code, "blue")),
    ]
    for sql, args in guesses:
        with (
            psycopg.connect(centre.team_url, autocommit=True) as db,
            pytest.raises(psycopg.Error, match="not the token"),
        ):
            db.execute(sql, args)
    with psycopg.connect(centre.team_url, autocommit=True) as db:
        # red's own token gives red's rows only, whatever else is asked; a temporary table
        # named like the store's does not take its place inside the gate
        db.execute("CREATE TEMP TABLE teams (class_code text, name text, joined text, token_hash text)")
        db.execute("CREATE TEMP TABLE actions (x int)")
        assert db.execute("SELECT * FROM roleplay_gate_actions(%s, %s)", (code, red)).fetchall() == []
        assert db.execute("SELECT roleplay_gate_team(%s, %s)", (code, red)).fetchone() == ("red",)
        mine = db.execute("SELECT * FROM roleplay_gate_messages(%s, %s, 0)", (code, red)).fetchall()
        assert all("blue" not in text for _, text in mine)
        with pytest.raises(psycopg.Error, match="moves and choices only"):
            db.execute("SELECT * FROM roleplay_gate_commit(%s, %s, 1, 'inject', 'x', NULL)", (code, red))
        with pytest.raises(psycopg.Error, match="stale"):
            db.execute("SELECT * FROM roleplay_gate_commit(%s, %s, 5, 'move', 'college_meeting', NULL)", (code, red))
    assert rows(centre.admin, "SELECT * FROM actions WHERE team = 'blue' ORDER BY seq") == before
    assert rows(centre.admin, "SELECT * FROM teams ORDER BY name") == teams_before
    assert rows(centre.admin, "SELECT COUNT(*) FROM actions WHERE team = 'red'") == [(0,)]
    assert not rows(centre.admin, "SELECT 1 FROM pg_tables WHERE tablename = 'mine'")


def test_a_renamed_team_plays_on_and_a_removed_one_is_told(centre: Centre) -> None:
    store: ClassStore = open_store(centre.team_url)
    red = TeamSession(store, centre.code, "red", token=centre.tokens["red"])
    red.submit("move", "college_meeting")
    settle(red)
    centre.instructor.change_team(centre.code, "red", "rename", "crimson")
    red.submit("move", "security_sidelines")  # the token is the team's, whatever its name now
    settle(red)
    assert len(centre.instructor.actions(centre.code, "crimson")) == red.seq
    renamed = TeamSession(open_store(centre.team_url), centre.code, "crimson", token=centre.tokens["red"])
    assert renamed.seq == red.seq
    centre.instructor.change_team(centre.code, "crimson", "remove")
    with pytest.raises(MoveError, match="removed or renamed team"):
        renamed.submit("move", "college_meeting")
    with pytest.raises(TeamTaken, match="not team crimson's token"):
        open_store(centre.team_url).join(centre.code, "crimson", centre.tokens["red"])


def test_the_instructor_makes_the_login_and_the_teams_from_the_command_line(
    centre: Centre, capsys: pytest.CaptureFixture[str], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from roleplay.cli import main

    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path))
    url = centre.instructor.url
    assert main(["class", "team-login", "--role", centre.role, "--store", url]) == 0
    out = capsys.readouterr().out
    password = out.split("shown once; a new one each time this runs): ", 1)[1].split()[0]
    assert f"ROLEPLAY_STORE='{as_user(url, centre.role)}'" in out and password not in out.split("password", 1)[0]
    assert main(["class", "token", centre.code, "--team", "Green", "--new", "--store", url]) == 0
    token = capsys.readouterr().out.split("hand it to the team): ", 1)[1].split()[0]
    team_url = as_user(url, centre.role, password)
    green = TeamSession(open_store(team_url), centre.code, "green", token=token)
    green.submit("move", "college_meeting")
    assert [a.kind for a in centre.instructor.actions(centre.code, "Green")][-1] == "move"
    assert main(["class", "team-login", "--store", team_url]) == 1  # a team login makes no login
    assert "team login is made with the instructor's login" in capsys.readouterr().err
    assert main(["class", "team-login", "--store", str(tmp_path / "class.sqlite")]) == 1
    assert "is for a PostgreSQL store" in capsys.readouterr().err


def test_a_team_login_cannot_hold_another_team_or_the_instructor_up(centre: Centre) -> None:
    """The store's locks are row locks a team login cannot take: a trainee holding every advisory
    lock it could name (or read in pg_locks) delays nobody."""
    from roleplay.classroom.store.gate import open_postgres

    code = centre.code
    keys = [
        (f"team\x1f{code}\x1fblue", 1),
        (f"class\x1f{code}", 2),
        (f"teams\x1f{code}", 3),
        (f"live:{code}\x1fblue", 4),
    ]
    with psycopg.connect(centre.team_url, autocommit=True) as trainee:
        for key, space in keys:
            trainee.execute("SELECT pg_advisory_lock(hashtextextended(%s, %s))", (key, space))
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            trainee.execute("SELECT 1 FROM teams FOR UPDATE")
        started = time.monotonic()
        gate, full = open_postgres(centre.team_url, timeout=2), open_postgres(centre.instructor.url, timeout=2)
        blue = TeamSession(gate, code, "blue", token=centre.tokens["blue"])
        blue.claim()
        blue.submit("move", "college_meeting")
        settle(blue)
        full.inject(code, "peacekeepers_targeted")
        full.post_message(code, "still here")
        full.join(code, "green")
        again = TeamSession(full, code, "blue", token=centre.tokens["blue"])  # a serve node's browser, say
        assert [r["type"] for r in again.submit("move", "college_meeting")] == ["inject", "turn"]
        assert time.monotonic() - started < 2, "a lock held by the team login delayed the store"
