"""The centre benchmark's browser teams (bench_centre.py): a real `roleplay serve --class` on each
node, in the node's network namespace with the instructor's class login (serve nodes are
machines the centre administers: docs/instructor.md), and bare WebSocket clients in this
process that speak the page's protocol as a trainee's browser on another machine would: the
page's cookie, the team's name typed at the app's question, the token read off the screen when
the team is made, Enter at the briefing, then a move now and then (a few arrows and Enter;
Enter also answers a crisis or picks a target). When their node is killed, a node's browser
teams reload on another node, type their name and then their token, and must find the game as
the store holds it.

Every wait has a deadline and fails with the text it waited for; nothing ends silently.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
PORT = 8000
WIDTH, HEIGHT = 100, 30
ENTER, DOWN = "\r", "\x1b[B"
TOKEN = re.compile(rb"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])")
TURN = re.compile(rb"turn (\d+) of \d+")


ESCAPE = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]")


def screen_text(received: bytes) -> str:
    """What the app sent, its escape sequences blanked: for a person reading a failure."""
    text = ESCAPE.sub(b" ", received).decode("utf-8", "replace")
    text = re.sub(r"[\u2500-\u259f]+", " ", text)  # borders and blocks: no words in them
    return re.sub(r"\s{2,}", "  ", text)


@dataclass
class WebTeam:
    """One browser team: what its app sent, what it did, and what went wrong."""

    name: str
    node: int
    token: str = ""
    received: bytearray = field(default_factory=bytearray)
    frames: int = 0
    keys: int = 0
    key_latencies: list[float] = field(default_factory=list)
    joined_at: float = 0.0
    rejoined_on: int = 0
    turn_after_rejoin: int | None = None
    errors: list[str] = field(default_factory=list)


def start_serve(net: Any, code: str, url: str, password: str, folder: Path, label: str) -> subprocess.Popen[bytes]:
    """`roleplay serve --class CODE` in the node's namespace, listening on the node's address;
    its browser tokens in a data folder of its own (a node's own disk)."""
    data = folder / f"{label}-data"
    data.mkdir(exist_ok=True)
    env = {**os.environ, "PGPASSWORD": password, "ROLEPLAY_DATA_DIR": str(data)}
    command = ["ip", "netns", "exec", net.name, sys.executable, "-m", "roleplay", "serve", "--class", code]
    command += ["--host", net.node_ip, "--port", str(PORT), "--store", url, "--max-sessions", "20"]
    with (folder / f"{label}-serve.log").open("wb") as log:
        return subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=ROOT)


def wait_listening(address: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench_centre: roleplay serve on {address} exited with {process.returncode}")
        with socket.socket() as probe:
            probe.settimeout(1)
            if probe.connect_ex((address, PORT)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"bench_centre: roleplay serve on {address} did not listen within {seconds:g} s")


async def _text(team: WebTeam, pattern: bytes, since: int, seconds: float) -> int:
    """Where ``pattern`` first arrives after byte ``since``; TimeoutError naming it otherwise."""
    deadline = time.monotonic() + seconds
    while (found := team.received.find(pattern, since)) < 0:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{pattern.decode()!r} not shown within {seconds:g} s")
        await asyncio.sleep(0.05)
    return found


class Browser:
    """One page load and its WebSocket: the cookie jar accepts the node's IP address (aiohttp
    ignores cookies for addresses unless told), as a browser does."""

    def __init__(self, team: WebTeam, address: str) -> None:
        self.team, self.base = team, f"http://{address}:{PORT}"
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        self.socket: aiohttp.ClientWebSocketResponse | None = None
        self.frame = asyncio.Event()

    async def open(self) -> None:
        async with self.http.get(self.base + "/") as page:
            await page.read()
        url = self.base.replace("http://", "ws://") + f"/ws?width={WIDTH}&height={HEIGHT}"
        self.socket = await self.http.ws_connect(url, origin=self.base)
        asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        assert self.socket is not None
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.team.received.extend(message.data)
                self.team.frames += 1
                self.frame.set()

    @property
    def closed(self) -> bool:
        return self.socket is None or self.socket.closed

    async def keys(self, text: str) -> None:
        assert self.socket is not None
        await self.socket.send_json(["stdin", text])

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        await self.http.close()


async def join(team: WebTeam, address: str) -> Browser:
    """Load the page, give the team's name, and its token if the team exists; to the main screen."""
    browser = Browser(team, address)
    try:
        await _join(browser, address)
    except BaseException:
        await browser.close()
        raise
    return browser


async def _join(browser: Browser, address: str) -> None:
    team = browser.team
    await browser.open()
    since = len(team.received)
    await _text(team, b"your team's name?", since, 120)
    await browser.keys(team.name + ENTER)
    if team.token:
        await _token_asked(browser, since)
        await browser.keys(team.token + ENTER)
        await _busy_until_free(browser, len(team.received))
    else:
        at = await _text(team, b"Its token is:", since, 60)
        await asyncio.sleep(0.3)  # the rest of the dialog
        found = TOKEN.search(ESCAPE.sub(b" ", bytes(team.received[at:])))  # not the digits of a colour code
        if found is None:
            raise ValueError("the token was not on the screen")
        team.token = found.group().decode()
        await browser.keys("n")  # no download
    await _begin(browser, since)


async def _begin(browser: Browser, since: int, tries: int = 6) -> None:
    """From the briefing to the main screen: Enter, again if the key met a dialog that was
    still closing (the briefing under a dialog is not drawn again, so its words cannot be
    waited for); never once the main screen is up, where Enter plays a move."""
    team = browser.team
    await asyncio.sleep(1.5)
    for _ in range(tries):
        if team.received.find(b"Your moves", since) >= 0:
            return
        await browser.keys(ENTER)
        try:
            await _text(team, b"Your moves", since, 20)
            return
        except TimeoutError:
            continue
    raise TimeoutError(f"'Your moves' not shown after {tries} presses of Enter")


async def _token_asked(browser: Browser, since: int, seconds: float = 90) -> None:
    """Until the app asks for the team's token; while a dead node's session still holds the team
    (its live mark), the app says it is busy and offers to try again: try again every few
    seconds, as a trainee would."""
    team, deadline = browser.team, time.monotonic() + seconds
    while team.received.find(b"is already in class", since) < 0:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the token question not shown within {seconds:g} s")
        if (busy := team.received.find(b"one at a time", since)) >= 0:
            await asyncio.sleep(3)
            since = busy + 1
            await browser.keys("y")  # try again
        await asyncio.sleep(0.1)


async def _busy_until_free(browser: Browser, since: int, seconds: float = 60) -> None:
    """A dead node's session holds the team until its live mark expires: the app says the team
    is busy and offers to try again; a trainee tries again every few seconds, as this does."""
    team, deadline = browser.team, time.monotonic() + seconds
    while True:
        try:
            await _text(team, b"one at a time", since, 5)
        except TimeoutError:
            return  # not busy: on to the briefing
        if time.monotonic() > deadline:
            raise TimeoutError(f"the team was still busy after {seconds:g} s")
        await asyncio.sleep(3)
        since = len(team.received)
        await browser.keys("y")  # try again


async def play(browser: Browser, until: float, interval: float, rng: random.Random) -> None:
    """A move now and then until ``until`` or until the node goes away."""
    team = browser.team
    while time.time() < until and not browser.closed:
        await asyncio.sleep(interval * rng.uniform(0.5, 1.5))
        keys = DOWN * rng.randrange(3) + ENTER
        browser.frame.clear()
        pressed = time.perf_counter()
        try:
            await browser.keys(keys)
        except (ConnectionError, RuntimeError):
            return  # the node went away
        team.keys += 1
        try:
            await asyncio.wait_for(browser.frame.wait(), 10)
            team.key_latencies.append(time.perf_counter() - pressed)
        except TimeoutError:
            if not browser.closed:
                team.errors.append("a key brought no new frame within 10 s")


@dataclass
class Evening:
    """When the browser teams play: they join as soon as they can, start together when ``go``
    is set (the orchestrator sets ``until`` first), and node ``rescue`` takes in the teams of
    a node once ``killed`` is set."""

    addresses: dict[int, str]
    interval: float
    rescue: int
    go: threading.Event = field(default_factory=threading.Event)
    killed: threading.Event = field(default_factory=threading.Event)
    until: float = 0.0


async def session(team: WebTeam, evening: Evening) -> None:
    """The team's whole evening: join on its node and play; if the node goes away (killed), reload
    on the rescue node with the token and play on."""
    rng = random.Random(team.name)
    try:
        browser = await join(team, evening.addresses[team.node])
        team.joined_at = time.time()
        await asyncio.to_thread(evening.go.wait, 600)
        await play(browser, evening.until, evening.interval, rng)
        await browser.close()
        if time.time() >= evening.until or not await asyncio.to_thread(evening.killed.wait, 60):
            return
        since = len(team.received)
        browser = await join(team, evening.addresses[evening.rescue])
        team.rejoined_on = evening.rescue
        turns = TURN.findall(ESCAPE.sub(b" ", bytes(team.received[since:])))
        team.turn_after_rejoin = int(turns[-1]) if turns else None
        await play(browser, evening.until, evening.interval, rng)
        await browser.close()
    except Exception as exc:  # counted and shown by the orchestrator, with the screen's end
        team.errors.append(f"{type(exc).__name__}: {exc} (screen: {screen_text(bytes(team.received))[-600:]!r})")


def run_browsers(teams: list[WebTeam], evening: Evening) -> threading.Thread:
    """Every browser team in one event loop, in a thread beside the orchestrator."""

    async def everyone() -> None:
        await asyncio.gather(*(session(t, evening) for t in teams))

    thread = threading.Thread(target=lambda: asyncio.run(everyone()), daemon=True)
    thread.start()
    return thread


def wait_joined(teams: list[WebTeam], seconds: float = 240) -> float:
    """Until every browser team is on its main screen or has failed; the seconds it took."""
    started = time.monotonic()
    while any(not t.joined_at and not t.errors for t in teams):
        if time.monotonic() - started > seconds:
            break  # the teams still joining are counted as failures by the orchestrator
        time.sleep(0.2)
    return time.monotonic() - started
