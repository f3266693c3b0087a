"""`roleplay serve` under a class's load (issue 15): N sessions in Debian's headless Chromium
(Playwright, as tests/test_browser_e2e.py drives it), all connecting together. Per page, from
navigation: the app's first WebSocket frame (the page draws on a canvas, so its output is read
from the frames), the briefing ("Press Enter to begin"), then Enter to the main screen ("Your
moves"); the time until all are there (target 15 s for 40). Key to screen: rounds of an arrow key
on every page at random moments, each timed to that page's next frame (target p90 200 ms).
Memory: PSS (smaps_rollup) and RSS of each app process (target 40 MiB a session). CPU seconds of
the apps, the server and Chromium, to tell where the cores went. Exits 1 on a missed target.

Run: .venv/bin/python benchmarks/bench_serve_load.py [--sessions 40] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.async_api import Browser, Page, WebSocket, async_playwright

ROOT = Path(__file__).resolve().parent.parent
CASE = "scenarios/algiers-2014-2015.toml"
BRIEFING = b"Press Enter to begin"
MAIN = b"Your moves"
ALL_MAIN_TARGET = 15.0
KEY_P90_TARGET = 0.200
MIB_TARGET = 40.0
ZYGOTE = "roleplay.cli.session_zygote"
TICKS = os.sysconf("SC_CLK_TCK")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Without a GPU, the page's WebGL terminal renders in software (SwiftShader): about 0.6 CPU
    # second a page more on the cores the server needs. Without 3D APIs it draws on a 2D canvas;
    # the server sees the same traffic (a trainee's browser runs on the trainee's machine).
    "--disable-3d-apis",
]


@dataclass
class Session:
    """One browser page: what its app sent, and when."""

    index: int
    page: Page | None = None
    received: bytearray = field(default_factory=bytearray)
    frames: int = 0
    waiters: list[tuple[bytes, int, asyncio.Future[float]]] = field(default_factory=list)
    frame_waiters: list[asyncio.Future[float]] = field(default_factory=list)
    first: float = 0.0  # the app's first output
    briefing: float = 0.0
    main: float = 0.0

    def on_frame(self, data: bytes | str) -> None:
        now = time.perf_counter()
        self.received.extend(data if isinstance(data, bytes) else data.encode())
        self.frames += 1
        self.first = self.first or now
        for waiter in self.frame_waiters:
            if not waiter.done():
                waiter.set_result(now)
        self.frame_waiters.clear()
        for text, since, future in list(self.waiters):
            if not future.done() and self.received.find(text, since) >= 0:
                future.set_result(now)
                self.waiters.remove((text, since, future))

    def text_at(self, text: bytes, since: int = 0) -> asyncio.Future[float]:
        """A future of the moment ``text`` arrives (after byte ``since``)."""
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        if self.received.find(text, since) >= 0:
            future.set_result(time.perf_counter())
        else:
            self.waiters.append((text, since, future))
        return future

    def next_frame(self) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.frame_waiters.append(future)
        return future


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def children(pid: int) -> list[int]:
    """Every living descendant of ``pid``."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(parent, []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cmdline(pid: int, name: str = "cmdline") -> str:
    try:
        return Path(f"/proc/{pid}/{name}").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


def memory_kib(pid: int) -> tuple[int, int | None]:
    """(VmRSS, Pss) in KiB; Pss is None when smaps_rollup cannot be read."""
    rss = 0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            rss = int(line.split()[1])
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return rss, int(line.split()[1])
    except OSError:
        pass
    return rss, None


def command_name(pid: int) -> str:
    return cmdline(pid, "comm").strip()


def parent_of(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def app_processes(server: int) -> list[int]:
    """The app processes (Python): the session zygote's children (forked, so they carry its
    command line), or the processes textual-serve starts through a shell when there is none."""

    def forked(pid: int) -> bool:
        return ZYGOTE in cmdline(pid) and parent_of(pid) != server

    def started(pid: int) -> bool:
        return command_name(pid).startswith("python") and " roleplay play" in cmdline(pid)

    return [pid for pid in children(server) if forked(pid) or started(pid)]


def zygote_memory(server: int) -> tuple[float, float | None] | None:
    """The session zygote's (RSS, PSS) in MiB (roleplay/cli/session_zygote.py, started by the
    server itself); None without one."""
    zygotes = [pid for pid in children(server) if ZYGOTE in cmdline(pid) and parent_of(pid) == server]
    if not zygotes:
        return None
    rss, pss = memory_kib(zygotes[0])
    return rss / 1024, pss / 1024 if pss is not None else None


def client_cpu(me: int, server: int) -> dict[str, float]:
    """CPU seconds of this benchmark's own helpers: Chromium's processes and Playwright's driver."""
    theirs = {server, *children(server)}
    mine = [pid for pid in children(me) if pid not in theirs]
    driver = [pid for pid in mine if command_name(pid).startswith("node")]
    return {"chromium": cpu_seconds([pid for pid in mine if pid not in driver]), "driver": cpu_seconds(driver)}


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def load_average() -> str:
    return " / ".join(f"{value:.2f}" for value in os.getloadavg())


async def open_session(browser: Browser, session: Session, url: str, start: float) -> None:
    """Navigate, wait for the briefing, press Enter, wait for the main screen (times from ``start``)."""
    context = await browser.new_context(viewport={"width": 1200, "height": 800})
    page = await context.new_page()
    session.page = page

    def on_socket(ws: WebSocket) -> None:
        ws.on("framereceived", session.on_frame)

    page.on("websocket", on_socket)
    briefing = session.text_at(BRIEFING)
    await page.goto(url, timeout=120_000)  # as the waits below: 40 pages load slowly on 2 shared cores
    await page.wait_for_selector("body.-first-byte", timeout=120_000)
    session.briefing = await asyncio.wait_for(briefing, 120) - start
    session.first -= start
    await page.click(".textual-terminal")
    since = len(session.received)
    main = session.text_at(MAIN, since)
    await page.keyboard.press("Enter")
    session.main = await asyncio.wait_for(main, 120) - start


async def key_latencies(sessions: list[Session], rounds: int, spread: float) -> list[float]:
    """Each round, every page gets one arrow key at a random moment within ``spread`` seconds."""
    latencies: list[float] = []

    async def one(session: Session, delay: float, key: str) -> None:
        await asyncio.sleep(delay)
        assert session.page is not None
        frame = session.next_frame()
        pressed = time.perf_counter()
        await session.page.keyboard.press(key)
        latencies.append(await asyncio.wait_for(frame, 30) - pressed)

    for round_ in range(rounds):
        key = "ArrowDown" if round_ % 2 == 0 else "ArrowUp"  # the highlight moves, never off the list
        await asyncio.gather(*(one(s, random.uniform(0, spread), key) for s in sessions))
        await asyncio.sleep(0.5)
    return latencies


@dataclass
class Result:
    sessions: int
    first: list[float]
    briefing: list[float]
    main: list[float]
    keys: list[float]
    rss_mib: list[float]
    pss_mib: list[float] | None
    cpu: dict[str, float]
    loads: list[str]
    nice: int
    #: The session zygote's (RSS, PSS) in MiB: its PSS is the shared pages' share the sessions'
    #: PSS leaves out, so it counts in the memory a session costs. None: no zygote.
    zygote_mib: tuple[float, float | None] | None = None


def browser_executable(nice: int, folder: str) -> str:
    """Debian's Chromium, through ``nice -n NICE`` when asked (a wrapper script that execs it)."""
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        raise SystemExit("Debian's chromium is not installed (apt-get install chromium)")
    if nice == 0:
        return executable
    wrapper = Path(folder) / "chromium-nice"
    wrapper.write_text(f'#!/bin/sh\nexec nice -n {nice} {executable} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


async def run(args: argparse.Namespace, server: subprocess.Popen[bytes], port: int, executable: str) -> Result:
    url = f"http://127.0.0.1:{port}/"
    loads = [load_average()]
    sessions_wanted: int = args.sessions
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=executable, args=FLAGS)
        try:
            me = os.getpid()
            apps_before = cpu_seconds(children(server.pid))
            clients_before = client_cpu(me, server.pid)
            sessions = [Session(index) for index in range(sessions_wanted)]
            start = time.perf_counter()
            await asyncio.gather(*(open_session(browser, s, url, start) for s in sessions))
            all_main = time.perf_counter() - start
            loads.append(load_average())
            server_pids = children(server.pid)
            apps = app_processes(server.pid)
            cpu = {
                "apps to main": cpu_seconds(apps),
                "server": cpu_seconds([server.pid]),
                "serve tree": cpu_seconds([server.pid, *server_pids]) - apps_before,
                **{name: value - clients_before[name] for name, value in client_cpu(me, server.pid).items()},
                "wall to all main": all_main,
            }
            await asyncio.sleep(3)  # settle: the move list drawn, the collector run
            apps_idle, clients_idle = cpu_seconds(apps), client_cpu(me, server.pid)["chromium"]
            keys = await key_latencies(sessions, args.rounds, args.spread)
            loads.append(load_average())
            cpu["apps in keys"] = cpu_seconds(apps) - apps_idle
            cpu["chromium in keys"] = client_cpu(me, server.pid)["chromium"] - clients_idle
            apps = app_processes(server.pid)
            memory = [memory_kib(pid) for pid in apps]
            zygote = zygote_memory(server.pid)
            rss = [kib / 1024 for kib, _ in memory]
            pss_values = [pss for _, pss in memory]
            pss = [kib / 1024 for kib in pss_values if kib is not None] if None not in pss_values else None
            if len(apps) != sessions_wanted:
                print(f"warning: {len(apps)} app processes for {sessions_wanted} sessions", file=sys.stderr)
            return Result(
                sessions_wanted,
                [s.first for s in sessions],
                [s.briefing for s in sessions],
                [s.main for s in sessions],
                keys,
                rss,
                pss,
                cpu,
                loads,
                args.browser_nice,
                zygote,
            )
        finally:
            await browser.close()


def report(result: Result) -> bool:
    """Print the table; whether every target was met."""
    n = result.sessions
    all_main = max(result.main)
    p50, p90, worst = (quantile(result.keys, q) for q in (0.5, 0.9, 1.0))
    own = result.pss_mib if result.pss_mib is not None else result.rss_mib
    zygote_share = result.zygote_mib[1] or 0.0 if result.zygote_mib is not None else 0.0
    per_session = (sum(own) + zygote_share) / len(own)  # the zygote's pages are there for the sessions
    kind = "PSS" if result.pss_mib is not None else "RSS"
    if result.zygote_mib is not None:
        kind += ", the zygote's share included"
    rows = [
        ("app's first output (from navigation)", "", f"p50 {quantile(result.first, 0.5):.1f} s"),
        (
            "briefing shown (from navigation)",
            "",
            f"p50 {quantile(result.briefing, 0.5):.1f} s, max {max(result.briefing):.1f} s",
        ),
        ("all on their main screen", f"<= {ALL_MAIN_TARGET:g} s", f"{all_main:.1f} s"),
        (
            "key to screen",
            f"p90 <= {KEY_P90_TARGET * 1000:g} ms",
            f"p50 {p50 * 1000:.0f} / p90 {p90 * 1000:.0f} / max {worst * 1000:.0f} ms ({len(result.keys)} keys)",
        ),
        (f"memory a session ({kind})", f"<= {MIB_TARGET:g} MiB", f"mean {per_session:.1f} MiB"),
    ]
    start, ready, end = result.loads
    clients = f"Chromium at nice {result.nice}" if result.nice >= 0 else "bare WebSocket clients, no browser"
    print(f"\n{n} sessions, {clients}; load average (1/5/15 min) at start {start}, ", end="")
    print(f"all main {ready}, end {end}")
    for what, target, value in rows:
        print(f"  {what:38} {target:18} {value}")
    rss_total = sum(result.rss_mib)
    print(f"  RSS mean {statistics.mean(result.rss_mib):.1f} MiB, total {rss_total:.0f} MiB", end="")
    if result.pss_mib is not None:
        print(f"; PSS mean {statistics.mean(result.pss_mib):.1f} MiB, total {sum(result.pss_mib):.0f} MiB", end="")
    print(f" ({len(result.rss_mib)} app processes)")
    if result.zygote_mib is not None:
        rss, pss = result.zygote_mib
        print(f"  the session zygote: RSS {rss:.1f} MiB, PSS {pss if pss is not None else float('nan'):.1f} MiB")
    print(
        "  CPU seconds (to all main, then in the key rounds): "
        + ", ".join(f"{k} {v:.1f}" for k, v in result.cpu.items())
    )
    cores = os.cpu_count() or 1
    serve = result.cpu["serve tree"]
    print(
        f"  the server's CPU to all main: {serve / n:.2f} s a session; alone on {cores} cores it needs at least "
        f"{serve / cores:.1f} s of wall time (browsers elsewhere, no waiting)"
    )
    ok = all_main <= ALL_MAIN_TARGET and p90 <= KEY_P90_TARGET and per_session <= MIB_TARGET
    print("  targets met" if ok else "  target missed")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=40, help="browser sessions opened together (default 40)")
    add_common(parser)
    nice = "run Chromium at this niceness (19: the server's processes come first on the shared cores)"
    parser.add_argument("--browser-nice", type=int, default=0, metavar="N", help=nice)
    args = parser.parse_args()
    random.seed(args.seed)
    server, port, data = start_server(args.sessions)
    try:
        result = asyncio.run(run(args, server, port, browser_executable(args.browser_nice, data)))
        return 0 if report(result) else 1
    finally:
        stop(server, data)


def add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rounds", type=int, default=5, help="rounds of arrow keys, one a page each (default 5)")
    parser.add_argument("--spread", type=float, default=2.0, help="seconds each round's keys are spread over")
    parser.add_argument("--seed", type=int, default=1)


def start_server(sessions: int) -> tuple[subprocess.Popen[bytes], int, str]:
    """`roleplay serve` on a free port, listening, in its own process group; its data folder."""
    port, data = free_port(), tempfile.mkdtemp(prefix="roleplay-load-")
    command = [sys.executable, "-m", "roleplay", "serve", CASE, "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--max-sessions", str(sessions + 5)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(data) / "serve.log", "wb"),  # noqa: SIM115 (closed with the process)
        env={**os.environ, "ROLEPLAY_DATA_DIR": data},
        start_new_session=True,  # its own process group: the apps go with it
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    deadline = time.monotonic() + 30
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return server, port, data
        if server.poll() is not None or time.monotonic() > deadline:
            log = (Path(data) / "serve.log").read_text(errors="replace")[-2000:]
            stop(server, data)
            raise SystemExit(f"roleplay serve did not listen (exit {server.poll()}):\n{log}")
        time.sleep(0.1)


def stop(server: subprocess.Popen[Any], data: str) -> None:
    """The server's whole process group (the server, its shells, its app processes); its data."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        pass
    with contextlib.suppress(ProcessLookupError):  # anything that ignored SIGTERM
        os.killpg(server.pid, signal.SIGKILL)
    shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
