"""`roleplay serve`'s session zygote (roleplay/cli/session_zygote.py, forked_sessions.py): each
browser session's app process is forked from one process that loaded the case, and still is the
app textual-serve would have started. Sessions are bare WebSocket clients speaking the page's
protocol (["stdin", keys]), reading the app's screen from its binary frames."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import shutil
import signal
import sys
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from conftest import CASE_PATH, PERSONAS_DIR
from helpers import LOAD_TIMEOUT, WaitTimeout

from roleplay.cli.serve_app import ClassroomServer

pytestmark = pytest.mark.usefixtures("data_dir")

Client = TestClient[web.Request, web.Application]
BRIEFING = b"Press Enter to begin"
MAIN = b"Your moves"
ENTER = "\r"
DOWN = "\x1b[B"


class Session:
    """One browser's websocket and everything its app has drawn. A task reads every frame as it
    comes, as a browser does (a session nobody reads stalls its app: the server waits to send)."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.output = bytearray()
        self.ended = False
        self._news = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.socket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.output.extend(message.data)
                self._news.set()
        self.ended = True
        self._news.set()

    async def until(self, condition: Callable[[], bool], awaited: str, timeout: float = LOAD_TIMEOUT) -> None:
        """Wait for frames until ``condition`` holds (WaitTimeout saying what was awaited if not)."""
        deadline = time.monotonic() + timeout
        while not condition():
            remaining = deadline - time.monotonic()
            try:
                if remaining <= 0 or self.ended:
                    raise TimeoutError
                await asyncio.wait_for(self._news.wait(), remaining)
            except TimeoutError:
                state = "the session ended" if self.ended else f"last output {bytes(self.output[-300:])!r}"
                raise WaitTimeout(f"waited for {awaited} in vain; {state}") from None
            self._news.clear()

    async def shows(self, text: bytes, since: int = 0, timeout: float = LOAD_TIMEOUT) -> None:
        await self.until(lambda: self.output.find(text, since) >= 0, f"{text!r} on the screen", timeout)

    async def answers(self, key: str) -> None:
        """A key pressed is followed by a new frame: the app behind the session is alive."""
        since = len(self.output)
        await self.press(key)
        await self.until(lambda: len(self.output) > since, f"a frame after the key {key!r}")

    async def press(self, key: str) -> None:
        await self.socket.send_json(["stdin", key])

    async def close(self) -> None:
        await self.socket.close()
        await self._reader


@pytest.fixture
async def served() -> AsyncIterator[tuple[ClassroomServer, Client]]:
    """`roleplay serve CASE` in this process (its zygote started, as the server starts it)."""
    command = shlex.join([sys.executable, "-m", "roleplay", "play", str(CASE_PATH)])
    server = ClassroomServer(command, max_sessions=4, play=["play", str(CASE_PATH)])
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()  # on_startup: the zygote has preloaded when this returns
    try:
        assert server.zygote is not None and server.zygote.ready, "the zygote did not start"
        yield server, client
    finally:
        await client.close()
    # The server gone, its zygote ends its sessions, reaps them and ends: nothing outlives serve.
    process = server.zygote.process if server.zygote is not None else None
    if process is not None:
        try:
            await asyncio.wait_for(process.wait(), LOAD_TIMEOUT)
        except TimeoutError:
            process.kill()
            raise AssertionError("the zygote outlived the server") from None


async def on_main_screen(client: Client) -> Session:
    session = Session(await client.ws_connect("/ws?width=120&height=40"))
    await session.socket.send_json(["focus"])  # as the page does in a browser's window
    await session.shows(BRIEFING)
    since = len(session.output)
    await session.press(ENTER)
    await session.shows(MAIN, since)
    return session


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def children_of(pid: int) -> set[int]:
    """The living children of ``pid`` (zombies included: a zombie is a child nobody reaped)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if parent_of(int(entry.name)) == pid:
                    found.add(int(entry.name))
            except (OSError, ValueError):
                continue
    return found


def zygote_pid(server: ClassroomServer) -> int:
    assert server.zygote is not None and server.zygote.process is not None
    return server.zygote.process.pid


async def until(condition: Callable[[], bool], what: str, timeout: float = LOAD_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise WaitTimeout(f"timed out after {timeout:g} s waiting for {what}")
        await asyncio.sleep(0.05)


async def first_move(session: Session) -> None:
    """The highlighted move (Enter: its target dialog) at its first target (Enter). A key that
    comes while the briefing gives way to the main screen finds nothing focused: Enter again."""
    for _ in range(3):
        since = len(session.output)
        await session.press(ENTER)
        try:
            await session.shows(b"with whom?", since, timeout=3)
            break
        except WaitTimeout:
            continue
    else:
        raise AssertionError(f"Enter opened no target dialog: {bytes(session.output[-300:])!r}")
    await session.answers(ENTER)


async def turn_shown(session: Session) -> int:
    """The turn the session's status bar shows. A frame redraws only what changed (the digit of
    the turn, say): a resize has the app draw the whole screen again, the status bar included."""
    for width in (121, 120, 121, 120):
        since = len(session.output)
        redrawn = lambda: b"turn " in session.output[since:]  # noqa: B023, E731 (awaited right here)
        await session.socket.send_json(["resize", {"width": width, "height": 40}])
        await session.until(redrawn, "the status bar redrawn", timeout=5)
        turns = re.findall(rb"turn (\d+) of", bytes(session.output[since:]))
        if turns:
            return int(turns[-1])
    raise AssertionError(f"no turn in the redrawn screens: {bytes(session.output[-300:])!r}")


async def reaches_turn(session: Session, turn: int) -> None:
    """The status bar comes to show ``turn`` (a move's frame may come before its outcome's)."""
    deadline = time.monotonic() + LOAD_TIMEOUT
    while (shown := await turn_shown(session)) != turn:
        if time.monotonic() > deadline:
            raise WaitTimeout(f"the session shows turn {shown}, not {turn}")
        await asyncio.sleep(0.1)


async def test_two_sessions_are_two_forked_processes_with_their_own_games(
    served: tuple[ClassroomServer, Client],
) -> None:
    server, client = served
    first = await on_main_screen(client)
    second = await on_main_screen(client)
    apps = children_of(zygote_pid(server))
    assert len(apps) == 2, apps  # forked by the zygote: no new Python process was started
    await first_move(first)
    await reaches_turn(first, 1)
    assert await turn_shown(second) == 0  # the first game's move is not the second's
    await first_move(second)
    await reaches_turn(second, 1)  # its own first move, not the first game's second
    await first.close()
    await second.close()
    await until(lambda: server.sessions == 0 and not children_of(zygote_pid(server)), "both apps to end, reaped")


async def test_a_killed_app_ends_its_own_session_only(served: tuple[ClassroomServer, Client]) -> None:
    server, client = served
    doomed = await on_main_screen(client)
    (victim,) = children_of(zygote_pid(server))
    other = await on_main_screen(client)
    os.kill(victim, signal.SIGKILL)
    # The page says the session ended, instead of a frozen screen:
    await doomed.until(lambda: doomed.ended, "the server to close the session")
    await until(lambda: server.sessions == 1, "the killed session's place to be free")
    await until(lambda: victim not in children_of(zygote_pid(server)), "the zygote to reap the killed app")
    await other.answers(DOWN)
    await other.close()


async def test_serve_survives_its_zygote(
    served: tuple[ClassroomServer, Client], caplog: pytest.LogCaptureFixture
) -> None:
    server, client = served
    before = await on_main_screen(client)
    dead = zygote_pid(server)
    os.kill(dead, signal.SIGKILL)
    await until(lambda: server.zygote is not None and not server.zygote.ready, "serve to notice the zygote's death")
    after = await on_main_screen(client)  # a plain subprocess, or forked by the new zygote
    await before.answers(DOWN)  # forked by the dead zygote, and still playing
    await until(lambda: server.zygote is not None and server.zygote.ready, "the zygote to be started again")
    assert zygote_pid(server) != dead
    assert any("the session zygote ended" in record.getMessage() for record in caplog.records)
    again = await on_main_screen(client)
    assert parent_of(next(iter(children_of(zygote_pid(server))))) == zygote_pid(server)
    for session in (before, after, again):
        await session.close()
    await until(lambda: server.sessions == 0, "every session to end")


def test_a_forked_process_is_another_team_holder() -> None:
    """Two browsers' forked apps must not pass for one session of a team (classroom/team.py)."""
    from roleplay.classroom import team

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: say its holder and go
        os.write(write, team.HOLDER.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        child_holder = pipe.read().decode()
    os.waitpid(pid, 0)
    assert child_holder and child_holder != team.HOLDER
    assert f":{pid}:" in child_holder


def test_a_kept_case_is_handed_out_until_one_of_its_files_changes(tmp_path: Path) -> None:
    """The zygote's case serves every session's load while its files are as it read them; an
    edited case or persona file is read again, as without the zygote (loading/kept.py)."""
    from roleplay.loading import load_case
    from roleplay.loading.kept import keep, stamps_of
    from roleplay.loading.loader import persona_dirs_for

    (tmp_path / "cases").mkdir()
    case = tmp_path / "cases" / CASE_PATH.name
    case.write_bytes(CASE_PATH.read_bytes())
    shutil.copytree(PERSONAS_DIR, tmp_path / "personas")
    kept = load_case(case)
    keep(case, kept, stamps_of(case, persona_dirs_for(case)))
    assert load_case(case) is kept
    persona = sorted((tmp_path / "personas").glob("*.toml"))[0]
    persona.write_text(persona.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after_persona = load_case(case)
    assert after_persona is not kept
    keep(case, after_persona, stamps_of(case, persona_dirs_for(case)))
    case.write_text(case.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    after_case = load_case(case)
    assert after_case is not after_persona and after_case.digest != kept.digest


async def test_a_zygote_too_slow_to_fork_leaves_no_session_behind(
    served: tuple[ClassroomServer, Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A zygote that does not answer in time: the browser gets a plain subprocess at once, and
    the child the zygote forks late (no browser will ever reach it) is killed and reaped."""
    from roleplay.cli import forked_sessions

    server, client = served
    monkeypatch.setattr(forked_sessions, "FORK_SECONDS", 0.5)
    zygote = zygote_pid(server)
    os.kill(zygote, signal.SIGSTOP)  # busy, as far as the server can tell
    try:
        served_anyway = await on_main_screen(client)
    finally:
        os.kill(zygote, signal.SIGCONT)
    assert server.zygote is not None and server.zygote.ready  # still the zygote of later sessions
    monkeypatch.setattr(forked_sessions, "FORK_SECONDS", LOAD_TIMEOUT)
    later = await on_main_screen(client)  # forked after the zygote took the late request
    await until(lambda: len(children_of(zygote)) == 1, "the late child to be killed and reaped")
    await served_anyway.answers(DOWN)
    for session in (served_anyway, later):
        await session.close()
