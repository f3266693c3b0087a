"""The server's side of the session zygote (session_zygote.py): start it, ask it for a session's
app process, and notice when it dies.

A session asks with ``SessionZygote.spawn``: the server makes the app's three pipes and a report
socket, sends their far ends to the zygote, and gets back the child's pid and a pidfd (a handle
on that very process: no pid reused by another process is ever signalled). ``ForkedProcess``
then stands where textual-serve's asyncio subprocess stood, with the same streams, ``wait`` and
``kill``.

``spawn`` returns None whenever the zygote cannot give a process (not ready yet, restarting,
dead, or too slow to answer): the caller then starts the session as a plain subprocess, so a
browser never waits on a broken zygote. A zygote that dies is started again, at most
``RESTARTS`` times; after that every session is a plain subprocess, and the log says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
import sys
from asyncio.streams import FlowControlMixin
from asyncio.subprocess import Process
from collections.abc import Mapping

from roleplay.cli.session_zygote import MAX_MESSAGE, QUIT_SECONDS

log = logging.getLogger("textual-serve")

#: How long the zygote may take to import the app and load the case.
READY_SECONDS = 120.0
#: How long the zygote may take to fork a requested session (it forks 40 in well under a second).
FORK_SECONDS = 10.0
#: How long after a child's end the zygote's report of its exit code is awaited.
REPORT_SECONDS = 5.0
#: How long the zygote has to end its sessions and itself when the server stops (it gives
#: them session_zygote.QUIT_SECONDS before it kills them).
STOP_SECONDS = QUIT_SECONDS + 2.0
#: How many times a zygote that died is started again.
RESTARTS = 3
#: The exit code of a child whose zygote died before it could report it.
UNKNOWN_EXIT = 255


class ZygoteGone(Exception):
    """The zygote's socket closed or failed: it is dead or dying."""


async def _ready(fd: int, *, writing: bool) -> None:
    """Wait until ``fd`` can be read (or written) without blocking."""
    loop = asyncio.get_running_loop()
    ready: asyncio.Future[None] = loop.create_future()

    def wake() -> None:
        if not ready.done():
            ready.set_result(None)

    if writing:
        loop.add_writer(fd, wake)
    else:
        loop.add_reader(fd, wake)
    try:
        await ready
    finally:
        if writing:
            loop.remove_writer(fd)
        else:
            loop.remove_reader(fd)


async def receive(sock: socket.socket, max_fds: int = 0) -> tuple[dict[str, object], list[int]]:
    """One message from a non-blocking SOCK_SEQPACKET socket, and any descriptors it carried;
    ZygoteGone at its end of file."""
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(sock, MAX_MESSAGE, max_fds)
        except BlockingIOError:
            await _ready(sock.fileno(), writing=False)
            continue
        except OSError as exc:
            raise ZygoteGone(str(exc)) from None
        if not data and not fds:
            raise ZygoteGone("end of file")
        try:
            message = json.loads(data)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            for fd in fds:
                os.close(fd)
            raise ZygoteGone(f"an unreadable message: {data[:80]!r}")
        return message, fds


async def send(sock: socket.socket, message: Mapping[str, object], fds: list[int]) -> None:
    """One message with descriptors on a non-blocking SOCK_SEQPACKET socket (waits while its
    buffer is full: forty sessions asking at once); ZygoteGone if the socket is closed."""
    data = json.dumps(message).encode()
    while True:
        try:
            socket.send_fds(sock, [data], fds)
            return
        except BlockingIOError:
            await _ready(sock.fileno(), writing=True)
        except OSError as exc:
            raise ZygoteGone(str(exc)) from None


def seqpacket_pair() -> tuple[socket.socket, socket.socket]:
    """A connected pair: the first end non-blocking for the server's event loop."""
    mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    mine.setblocking(False)
    return mine, theirs


class ForkedProcess(Process):
    """A session's app process forked by the zygote, as an asyncio subprocess to textual-serve's
    AppService: ``stdin``, ``stdout``, ``stderr``, ``pid``, ``returncode``, ``wait``, ``kill``."""

    def __init__(
        self,
        pid: int,
        pidfd: int,
        report: socket.socket,
        stdio: tuple[asyncio.StreamWriter, asyncio.StreamReader, asyncio.StreamReader],
    ) -> None:
        # Not Process.__init__: there is no subprocess transport; this class does its work.
        self.pid = pid
        self.stdin, self.stdout, self.stderr = stdio
        self._stdin = stdio[0]
        self._pidfd = pidfd
        self._report = report
        self._returncode: int | None = None
        self._ended = asyncio.Event()
        self._collector: asyncio.Future[None] | None = None
        loop = asyncio.get_running_loop()
        # A pidfd is readable once its process has ended, whoever its parent is.
        loop.add_reader(pidfd, self._on_end)

    @property
    def returncode(self) -> int | None:
        return self._returncode

    def _on_end(self) -> None:
        asyncio.get_running_loop().remove_reader(self._pidfd)
        self._collector = asyncio.ensure_future(self._collect())

    async def _collect(self) -> None:
        """The exit code, from the zygote that reaps the child; if the zygote died first, from
        this process when it inherited the child (serve is a subreaper), else unknown."""
        code: int | None = None
        try:
            message, _ = await asyncio.wait_for(receive(self._report), REPORT_SECONDS)
            reported = message.get("exit")
            code = reported if isinstance(reported, int) else None
        except (ZygoteGone, TimeoutError):
            code = self._reap_orphan()
        self._returncode = UNKNOWN_EXIT if code is None else code
        self._report.close()
        os.close(self._pidfd)
        self._stdin.close()  # the app is gone: its stdin pipe too
        self._ended.set()

    def _reap_orphan(self) -> int | None:
        try:
            result = os.waitid(os.P_PIDFD, self._pidfd, os.WEXITED | os.WNOHANG)
        except ChildProcessError:
            return None  # not this process's child: whoever inherited it reaps it
        if result is None:
            return None
        return -result.si_status if result.si_code in (os.CLD_KILLED, os.CLD_DUMPED) else result.si_status

    async def wait(self) -> int:
        await self._ended.wait()
        assert self._returncode is not None
        return self._returncode

    def send_signal(self, signal_number: int) -> None:
        if self._returncode is None:
            with contextlib.suppress(ProcessLookupError):  # ended, not yet collected
                signal.pidfd_send_signal(self._pidfd, signal_number)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


async def _pipe_reader(fd: int) -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=2**16, loop=loop)  # asyncio's limit for a subprocess's pipes
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader, loop=loop), os.fdopen(fd, "rb", 0))
    return reader


async def _pipe_writer(fd: int) -> asyncio.StreamWriter:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.connect_write_pipe(FlowControlMixin, os.fdopen(fd, "wb", 0))
    return asyncio.StreamWriter(transport, protocol, None, loop)


class SessionZygote:
    """The server's handle on its zygote: started with the environment every session shares
    (Textual reads some of it once, at import), it runs `roleplay play PLAY` for each session."""

    def __init__(self, play: list[str], environment: Mapping[str, str]) -> None:
        self.play = play
        self.environment = dict(environment)
        self.process: Process | None = None
        self.control: socket.socket | None = None
        self.ready = False
        self.restarts = 0
        self._watch: asyncio.Task[None] | None = None
        self._closing = False

    async def start(self) -> bool:
        """Start the zygote and wait until it has preloaded; whether it is ready."""
        mine, theirs = seqpacket_pair()
        with theirs:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "roleplay.cli.session_zygote",
                "--control",
                str(theirs.fileno()),
                "--",
                *self.play,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,  # its sessions' output goes to their own pipes
                env=self.environment,
                pass_fds=(theirs.fileno(),),
            )
        self.control = mine
        try:
            message, _ = await asyncio.wait_for(receive(mine), READY_SECONDS)
        except (ZygoteGone, TimeoutError) as exc:
            log.error("the session zygote did not start (%s): sessions start as separate processes", exc)
            await self._stop_process()
            return False
        self.ready = message.get("ready") is True
        self._watch = asyncio.create_task(self._watch_control())
        return self.ready

    async def _watch_control(self) -> None:
        """The zygote sends nothing after it is ready: the end of its control socket is its death."""
        assert self.control is not None
        with contextlib.suppress(ZygoteGone):
            while True:
                await receive(self.control)
        await self._died()

    async def _died(self) -> None:
        if not self.ready:
            return  # already noticed
        self.ready = False
        code = await self._stop_process()
        if self._closing:
            return
        if self.restarts >= RESTARTS:
            log.error(
                "the session zygote ended (exit code %s), %d times now: every session starts as a "
                "separate process from now on",
                code,
                self.restarts + 1,
            )
            return
        self.restarts += 1
        log.error(
            "the session zygote ended (exit code %s): it is started again; meanwhile sessions start as "
            "separate processes",
            code,
        )
        await self.start()

    async def _stop_process(self) -> int | None:
        if self.control is not None:
            self.control.close()
            self.control = None
        process = self.process
        if process is None:
            return None
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
        return await process.wait()

    async def spawn(self, environment: Mapping[str, str]) -> ForkedProcess | None:
        """A session's app process forked by the zygote, or None if the zygote cannot give one
        now (the caller starts a plain subprocess instead)."""
        if not self.ready or self.control is None:
            return None
        stdin_read, stdin_write = os.pipe()
        stdout_read, stdout_write = os.pipe()
        stderr_read, stderr_write = os.pipe()
        report, theirs = seqpacket_pair()
        try:
            far_ends = [stdin_read, stdout_write, stderr_write, theirs.fileno()]
            await send(self.control, {"environment": dict(environment)}, far_ends)
        except ZygoteGone as exc:
            log.error("the session zygote cannot be reached (%s): this session starts as a separate process", exc)
            return self._given_up([stdin_write, stdout_read, stderr_read], report)
        finally:
            for fd in (stdin_read, stdout_write, stderr_write):
                os.close(fd)
            theirs.close()
        try:
            message, fds = await asyncio.wait_for(receive(report, 1), FORK_SECONDS)
        except (ZygoteGone, TimeoutError) as exc:
            log.error("the session zygote did not fork a session (%s): it starts as a separate process", exc)
            return self._given_up([stdin_write, stdout_read, stderr_read], report)
        pid = message.get("pid")
        if not isinstance(pid, int) or len(fds) != 1:
            for fd in fds:
                os.close(fd)
            log.error("the session zygote answered %r: this session starts as a separate process", message)
            return self._given_up([stdin_write, stdout_read, stderr_read], report)
        stdio = (await _pipe_writer(stdin_write), await _pipe_reader(stdout_read), await _pipe_reader(stderr_read))
        return ForkedProcess(pid, fds[0], report, stdio)

    @staticmethod
    def _given_up(fds: list[int], report: socket.socket) -> None:
        """Close a session's ends: the zygote kills a child it forked after all (the closed
        report socket tells it so)."""
        for fd in fds:
            os.close(fd)
        report.close()

    async def close(self) -> None:
        """Stop the zygote (the server is stopping): the end of its control socket has it end its
        sessions and then itself; one that has not after STOP_SECONDS is killed."""
        self._closing = True
        self.ready = False
        if self._watch is not None:
            self._watch.cancel()
        if self.control is not None:
            self.control.close()
            self.control = None
        if self.process is not None and self.process.returncode is None:
            try:
                await asyncio.wait_for(self.process.wait(), STOP_SECONDS)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
