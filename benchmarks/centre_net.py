"""The centre benchmark's machinery (bench_centre.py): network namespaces joined to this one by
veth pairs, and a throwaway PostgreSQL server listening on loopback and on the host side of
each pair only. Both are context managers that remove everything they made on exit, on an
error or an interruption too."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Net:
    name: str  # the namespace
    host_ip: str  # this side of its veth pair: where the database listens for it
    node_ip: str  # its side


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=30)


def terminate_on_signals() -> None:
    """SIGTERM and SIGHUP end the run like Ctrl-C does, so every `finally` cleans up."""

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop)


@contextmanager
def namespaces(count: int, subnet: int = 77) -> Iterator[list[Net]]:
    """``count`` namespaces, each reaching this one through its veth pair (10.SUBNET.N.0/30) and
    nothing else: no default route, no forwarding."""
    tag = f"rc{os.getpid() % 100000}"
    taken = subprocess.run(["ip", "-o", "addr"], capture_output=True, text=True, check=True).stdout
    if f" 10.{subnet}." in taken:
        raise SystemExit(f"bench_centre: 10.{subnet}.0.0/16 is already in use here; pass another --subnet")
    made: list[Net] = []
    try:
        for n in range(1, count + 1):
            net = Net(f"{tag}-node{n}", f"10.{subnet}.{n}.1", f"10.{subnet}.{n}.2")
            host, peer = f"{tag}h{n}", f"{tag}n{n}"
            ip("netns", "add", net.name)
            made.append(net)
            ip("link", "add", host, "type", "veth", "peer", "name", peer)
            ip("link", "set", peer, "netns", net.name)
            ip("addr", "add", f"{net.host_ip}/30", "dev", host)
            ip("link", "set", host, "up")
            ip("-n", net.name, "addr", "add", f"{net.node_ip}/30", "dev", peer)
            ip("-n", net.name, "link", "set", peer, "up")
            ip("-n", net.name, "link", "set", "lo", "up")
        yield made
    finally:
        for n, net in enumerate(made, start=1):
            kill_namespace(net.name)
            subprocess.run(["ip", "link", "del", f"{tag}h{n}"], capture_output=True, check=False)
            subprocess.run(["ip", "netns", "del", net.name], capture_output=True, check=False)


def kill_namespace(name: str) -> int:
    """SIGKILL every process of a namespace (a node's serve, its apps, its headless teams); how
    many there were."""
    pids = subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True, check=False).stdout.split()
    for pid in pids:
        with suppress(ProcessLookupError, ValueError):
            os.kill(int(pid), signal.SIGKILL)
    return len(pids)


def pg_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise SystemExit("bench_centre: no PostgreSQL server binaries (/usr/lib/postgresql/N/bin)")
    return Path(found[-1]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Server:
    port: int
    folder: Path

    def url(self, user: str, host: str = "127.0.0.1", database: str = "roleplay") -> str:
        return f"postgresql://{user}@{host}:{self.port}/{database}"


@contextmanager
def postgres(
    addresses: list[str], team_login: str, instructor: str = "instructor", instructor_password: str | None = None
) -> Iterator[Server]:
    """A PostgreSQL server run by the postgres user in a temporary folder, default durability
    (fsync and synchronous commit on), listening on 127.0.0.1 and ``addresses``: the
    instructor logs in over loopback (and, given ``instructor_password``, from the namespaces
    with it, as the centre's serve nodes do), ``team_login`` from the namespaces with its
    password (SCRAM), nobody else from anywhere. Database ``roleplay`` is owned by
    ``instructor``, who may create roles (the team login)."""
    binaries, owner = pg_bin(), pwd.getpwnam("postgres")
    folder = Path(tempfile.mkdtemp(prefix="roleplay-centre-pg-"))
    os.chown(folder, owner.pw_uid, owner.pw_gid)
    data, port = folder / "data", free_port()
    run: dict[str, Any] = {"user": "postgres", "capture_output": True, "check": True, "timeout": 120}
    started = False
    try:
        subprocess.run([binaries / "initdb", "-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8"], **run)
        subnet = ".".join(addresses[0].split(".")[:2]) + ".0.0/16"
        (data / "pg_hba.conf").write_text(
            "local all postgres trust\n"
            "host all postgres 127.0.0.1/32 trust\n"
            f"host roleplay {instructor} 127.0.0.1/32 trust\n"
            f"host roleplay {team_login} {subnet} scram-sha-256\n"
            + (f"host roleplay {instructor} {subnet} scram-sha-256\n" if instructor_password else "")
        )
        listen = ",".join(["127.0.0.1", *addresses])
        options = f"-k {folder} -p {port} -c listen_addresses={listen} -c max_connections=300"
        subprocess.run(
            [binaries / "pg_ctl", "-D", data, "-o", options, "-l", folder / "log", "-w", "-t", "60", "start"], **run
        )
        started = True
        admin = ["-h", str(folder), "-p", str(port), "-U", "postgres", "-v", "ON_ERROR_STOP=1", "-q"]
        subprocess.run([binaries / "psql", *admin, "-c", f"CREATE ROLE {instructor} LOGIN CREATEROLE"], **run)
        if instructor_password:  # its SCRAM verifier, so the password never shows in a log or `ps`
            from roleplay.classroom.store.pg_gate import scram_verifier

            verifier = scram_verifier(instructor_password)
            subprocess.run([binaries / "psql", *admin, "-c", f"ALTER ROLE {instructor} PASSWORD '{verifier}'"], **run)
        subprocess.run([binaries / "psql", *admin, "-c", f"CREATE DATABASE roleplay OWNER {instructor}"], **run)
        yield Server(port, folder)
    finally:
        if started:
            subprocess.run(
                [binaries / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"],
                user="postgres",
                capture_output=True,
                check=False,
                timeout=60,
            )
        shutil.rmtree(folder, ignore_errors=True)
