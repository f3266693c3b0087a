"""A throwaway PostgreSQL server for the store tests, and a fresh database for each test.

ROLEPLAY_TEST_POSTGRES=postgresql://… names a server to use (CI's .ci/run starts one and sets
it). Without it, the test session starts its own: initdb and pg_ctl in a temporary folder, as
the ``postgres`` user when the tests run as root (PostgreSQL refuses to run as root). When no
server can be had, the PostgreSQL variants are skipped with the reason, except in CI
(CI=true), where they fail: a CI run must never pass by skipping them.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest


def unavailable(reason: str) -> None:
    """Skip, or fail in CI: a CI run must run the PostgreSQL variants."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is needed in CI: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL variants skipped: {reason}")


def bindir() -> Path | None:
    """The folder of initdb and pg_ctl: on PATH, else Debian's /usr/lib/postgresql/N/bin."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    return Path(versions[-1]).parent if versions else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def postgres_server() -> Iterator[str]:
    """The admin URL of a server for the tests: ROLEPLAY_TEST_POSTGRES, or one started here."""
    given = os.environ.get("ROLEPLAY_TEST_POSTGRES")
    if given:
        check(given)
        yield given
        return
    binaries = bindir()
    if binaries is None:
        unavailable("no initdb/pg_ctl found (install postgresql, or set ROLEPLAY_TEST_POSTGRES)")
        return
    user: str | None = None
    if os.geteuid() == 0:
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root and there is no 'postgres' user to run the server as")
            return
        user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="roleplay-pg-"))  # not under pytest's 0700 folders
    if user is not None:
        os.chown(folder, owner.pw_uid, owner.pw_gid)
    port = free_port()
    data = folder / "data"
    options = f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
    try:
        subprocess.run(
            [binaries / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"],
            user=user,
            capture_output=True,
            check=True,
            timeout=120,
        )
        subprocess.run(
            [binaries / "pg_ctl", "-D", data, "-o", options, "-l", folder / "log", "-w", "-t", "60", "start"],
            user=user,
            capture_output=True,
            check=True,
            timeout=90,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        log = (folder / "log").read_text(errors="replace")[-2000:] if (folder / "log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        unavailable(f"could not start a server with {binaries}: {exc} {getattr(exc, 'stderr', b'')!r} {log}")
        return
    try:
        url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        check(url)
        yield url
    finally:
        subprocess.run(
            [binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
            user=user,
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


def check(url: str) -> None:
    """Skip (fail in CI) unless the server at ``url`` takes a connection and can make databases."""
    try:
        import psycopg
    except ImportError as exc:
        unavailable(f"psycopg is not installed ({exc}): pip install -e '.[dev]'")
        return
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as admin:
            admin.execute("SELECT 1")
    except psycopg.Error as exc:
        unavailable(f"the server at {url} cannot be used: {exc}")


def with_database(url: str, name: str) -> str:
    return urlsplit(url)._replace(path=f"/{name}").geturl()


@contextmanager
def fresh_database(admin_url: str) -> Iterator[str]:
    """A new, empty database on the server, dropped afterwards (connections and all)."""
    import psycopg

    name = f"roleplay_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        unavailable(f"the server at {admin_url} cannot be used: {exc}")
    try:
        yield with_database(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=10) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
