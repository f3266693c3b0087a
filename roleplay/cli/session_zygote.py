"""The session zygote of `roleplay serve`: one process that imports Textual and the app and loads
the case once, then forks a process per browser session (forked_sessions.py is the server's
side of it).

A new Python process per session paid 1.1-1.3 CPU-seconds before its first screen, most of it
the same for every session: imports, the case's reading, validation and compilation. Forked from
this process, a session starts with all of that done, and shares those pages with every other
session until it writes to them (``gc.freeze`` keeps the collector from writing to them all).

The protocol, over a Unix socket of type SOCK_SEQPACKET (one message each, never split):

- server to zygote, on the control socket: ``{"environment": {...}}`` with four descriptors,
  the session's stdin (read end), stdout and stderr (write ends) and a report socket;
- zygote to server, on that session's report socket: ``{"pid": N}`` with a pidfd of the child,
  then ``{"exit": CODE}`` when the zygote has reaped it;
- zygote to server, on the control socket, once: ``{"ready": true}`` when the preload is done.

The child becomes what textual-serve's subprocess was: stdin and stdout are the web driver's
pipes, the environment is the one textual-serve built for the session, and it runs
``roleplay play`` with serve's arguments. The zygote opens no database connection, event loop
or thread before it forks (none of them survives a fork). When the server closes the control
socket (it stops, or died), the zygote ends its sessions, reaps them and ends.

Run by the server: python -m roleplay.cli.session_zygote --control FD -- play [ARGUMENTS]
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import json
import os
import selectors
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: The descriptors a session request carries: stdin, stdout, stderr, the report socket.
REQUEST_FDS = 4
#: The largest message: an environment is a few kilobytes.
MAX_MESSAGE = 1 << 20
#: How long the sessions have to quit once the server is gone.
QUIT_SECONDS = 5.0
#: Set to a folder to have each session write its profile there (cProfile; to find what a
#: session still spends its CPU on after the fork).
PROFILE_ENVIRONMENT = "ROLEPLAY_SESSION_PROFILE"


def say(sentence: str) -> None:
    print(f"roleplay serve: {sentence}", file=sys.stderr, flush=True)


@dataclass
class Child:
    pid: int
    pidfd: int
    report: socket.socket


class Zygote:
    def __init__(self, control: socket.socket, play: list[str]) -> None:
        self.control = control
        self.play = play
        self.selector = selectors.DefaultSelector()
        self.selector.register(control, selectors.EVENT_READ)
        #: Each child, by its pidfd; the selector has its pidfd (readable: it ended) and its
        #: report socket (readable: the server closed it, having given up on the session).
        self.children: dict[int, Child] = {}
        #: When the server went, the moment the sessions left are killed.
        self.kill_at: float | None = None

    def serve(self) -> None:
        """Fork a session for each request and reap each child, until the server is gone and the
        last session has ended."""
        while self.kill_at is None or self.children:
            timeout = None if self.kill_at is None else max(0.0, self.kill_at - time.monotonic())
            for key, _ in self.selector.select(timeout):
                if key.fileobj is self.control:
                    self.on_request()
                elif isinstance(key.data, Child) and key.data.pidfd in self.children:
                    if key.fileobj is key.data.report:
                        self.on_report(key.data)
                    else:
                        self.on_exit(key.data)
            if self.kill_at is not None and time.monotonic() >= self.kill_at:
                self.signal_children(signal.SIGKILL)

    def server_gone(self) -> None:
        """The server is gone, and the sessions' websockets with it: end the sessions (the web
        driver quits on SIGTERM; it would not on the end of its stdin), and kill those that
        have not ended after QUIT_SECONDS."""
        self.selector.unregister(self.control)
        self.control.close()
        self.kill_at = time.monotonic() + QUIT_SECONDS
        self.signal_children(signal.SIGTERM)

    def signal_children(self, signal_number: int) -> None:
        for child in self.children.values():
            with contextlib.suppress(ProcessLookupError):  # ended, not yet reaped
                signal.pidfd_send_signal(child.pidfd, signal_number)

    def on_request(self) -> None:
        try:
            message, fds, flags, _ = socket.recv_fds(self.control, MAX_MESSAGE, REQUEST_FDS)
        except OSError as exc:
            say(f"the session zygote cannot read the server's requests ({exc}); it stops")
            message, fds, flags = b"", [], 0
        if not message and not fds:  # end of file: the server is gone
            self.server_gone()
            return
        environment = _environment(message) if not flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC) else None
        if environment is None or len(fds) != REQUEST_FDS:
            say("the session zygote received a request it cannot read; it is ignored")
            for fd in fds:
                os.close(fd)
            return
        self.fork(environment, fds)

    def fork(self, environment: dict[str, str], fds: list[int]) -> None:
        stdin, stdout, stderr, report_fd = fds
        sys.stdout.flush()
        sys.stderr.flush()  # nothing buffered here is written twice
        pid = os.fork()
        if pid == 0:
            self.become_session(environment, (stdin, stdout, stderr), report_fd)  # never returns
        for fd in (stdin, stdout, stderr):
            os.close(fd)
        report = socket.socket(fileno=report_fd)
        pidfd = os.pidfd_open(pid)
        child = Child(pid, pidfd, report)
        self.children[pidfd] = child
        self.selector.register(pidfd, selectors.EVENT_READ, child)
        self.selector.register(report, selectors.EVENT_READ, child)
        with contextlib.suppress(OSError):  # the server gave up on it: its report socket says so
            socket.send_fds(report, [json.dumps({"pid": pid}).encode()], [pidfd])

    def on_report(self, child: Child) -> None:
        """The server closed a session's report socket before the session ended: it gave up on
        it (too slow to fork) and no browser will ever reach it. Kill it; it is reaped below."""
        try:
            closed = not child.report.recv(1)
        except OSError:
            closed = True
        if closed:
            self.selector.unregister(child.report)
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(child.pidfd, signal.SIGKILL)

    def on_exit(self, child: Child) -> None:
        """Reap a child that has ended (its pidfd is readable), and tell the server how it ended."""
        _, status = os.waitpid(child.pid, 0)
        with contextlib.suppress(OSError):  # the server no longer waits for it
            child.report.send(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode())
        self.selector.unregister(child.pidfd)
        with contextlib.suppress(KeyError):  # still there unless the server closed it first
            self.selector.unregister(child.report)
        del self.children[child.pidfd]
        os.close(child.pidfd)
        child.report.close()

    def become_session(self, environment: dict[str, str], stdio: tuple[int, int, int], report_fd: int) -> None:
        """In the child: drop the zygote's descriptors, take the session's pipes as stdin, stdout
        and stderr and its environment, run `roleplay play`, and exit with its code."""
        code = 1
        try:
            # The control socket above all: the server learns of the zygote's death by its end
            # of file, which a session holding a copy would keep from coming.
            self.selector.close()
            self.control.close()
            for child in self.children.values():
                os.close(child.pidfd)
                child.report.close()
            os.close(report_fd)
            for target, fd in enumerate(stdio):
                os.dup2(fd, target)
                os.close(fd)
            signal.signal(signal.SIGINT, signal.default_int_handler)  # as in any Python process
            os.environ.clear()
            os.environ.update(environment)
            gc.enable()
            code = run_session(self.play)
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(code)


def run_session(play: list[str]) -> int:
    """`roleplay play` as its own process would run it, then the interpreter's exit: wait for
    the threads, run the exit handlers, flush. The caller exits with the code."""
    from roleplay.cli import main

    profile_folder = os.environ.get(PROFILE_ENVIRONMENT)
    profiler = None
    if profile_folder:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    try:
        code = main(play)
    except SystemExit as exit_:
        code = _exit_code(exit_.code)
    except BaseException:
        traceback.print_exc()
        code = 1
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(Path(profile_folder or ".") / f"session-{os.getpid()}.prof"))
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # the server closed the pipe, or the app the stream
            stream.flush()
    return code


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # sys.exit("message"), as the interpreter shows it
    return 1


def _environment(message: bytes) -> dict[str, str] | None:
    try:
        request = json.loads(message)
    except (ValueError, UnicodeDecodeError):
        return None
    environment = request.get("environment") if isinstance(request, dict) else None
    if not isinstance(environment, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in environment.items()):
        return None
    return environment


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m roleplay.cli.session_zygote")
    parser.add_argument("--control", type=int, required=True, metavar="FD", help="the server's socket")
    parser.add_argument("play", nargs=argparse.REMAINDER, help="-- play [ARGUMENTS], as serve runs it")
    args = parser.parse_args(argv)
    play = args.play[1:] if args.play[:1] == ["--"] else args.play
    # ctrl+c at serve's terminal reaches this process too: serve stops, and closes the control
    # socket, which ends this process once its sessions have ended.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    control = socket.socket(fileno=args.control)
    gc.disable()  # no collection while the preload builds what every session will share
    from roleplay.cli.session_preload import preload

    preload(play)
    import roleplay.tui.memory

    roleplay.tui.memory.SHARED_WITH_SESSIONS = True  # the sessions never unfreeze what is frozen here
    gc.collect()
    gc.freeze()  # the preloaded objects, out of the collector's reach: their pages stay shared
    try:
        control.send(json.dumps({"ready": True}).encode())
    except OSError:
        return 0  # the server is already gone
    Zygote(control, play).serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
