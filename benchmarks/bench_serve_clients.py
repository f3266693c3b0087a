"""`roleplay serve` under a class's load without browsers on the machine (issue 15): the same
measurements as bench_serve_load.py, but each session is a bare WebSocket client (aiohttp)
speaking the page's protocol (["stdin", keys], as textual-serve's page sends them), so the two
cores are the server's alone, as in a room where every trainee's browser is on a laptop.

Run: .venv/bin/python benchmarks/bench_serve_clients.py [--sessions 40] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from typing import Any

import aiohttp
from bench_serve_load import (
    Result,
    Session,
    add_common,
    app_processes,
    cpu_seconds,
    load_average,
    memory_kib,
    report,
    start_server,
    stop,
    zygote_memory,
)

ENTER = "\r"
ARROWS = ("\x1b[B", "\x1b[A")  # down, up: the highlight moves, never off the list


async def reader(socket: aiohttp.ClientWebSocketResponse, session: Session) -> None:
    async for message in socket:
        if message.type == aiohttp.WSMsgType.BINARY:
            session.on_frame(message.data)


async def open_session(
    http: aiohttp.ClientSession, session: Session, url: str, start: float, sockets: list[Any]
) -> None:
    socket = await http.ws_connect(url, origin=url.replace("ws://", "http://").rsplit("/", 1)[0])
    sockets.append((socket, asyncio.create_task(reader(socket, session))))
    briefing = session.text_at(b"Press Enter to begin")
    session.briefing = await asyncio.wait_for(briefing, 300) - start
    session.first -= start
    main = session.text_at(b"Your moves", len(session.received))
    await socket.send_json(["stdin", ENTER])
    session.main = await asyncio.wait_for(main, 300) - start


async def run(args: argparse.Namespace, server: int, port: int) -> Result:
    url = f"ws://127.0.0.1:{port}/ws?width=120&height=40"
    loads = [load_average()]
    sessions = [Session(index) for index in range(args.sessions)]
    sockets: list[Any] = []
    async with aiohttp.ClientSession() as http:
        try:
            start = time.perf_counter()
            await asyncio.gather(*(open_session(http, s, url, start, sockets) for s in sessions))
            all_main = time.perf_counter() - start
            loads.append(load_average())
            apps = app_processes(server)
            cpu = {"apps to main": cpu_seconds(apps), "server": cpu_seconds([server])}
            cpu["serve tree"] = cpu["apps to main"] + cpu["server"]
            cpu["wall to all main"] = all_main
            await asyncio.sleep(3)
            latencies: list[float] = []
            by_session = {s.index: sock for s, (sock, _) in zip(sessions, sockets, strict=True)}

            async def one(session: Session, delay: float, key: str) -> None:
                await asyncio.sleep(delay)
                frame = session.next_frame()
                pressed = time.perf_counter()
                await by_session[session.index].send_json(["stdin", key])
                latencies.append(await asyncio.wait_for(frame, 30) - pressed)

            idle = cpu_seconds(apps)
            for round_ in range(args.rounds):
                key = ARROWS[round_ % 2]
                await asyncio.gather(*(one(s, random.uniform(0, args.spread), key) for s in sessions))
                await asyncio.sleep(0.5)
            cpu["apps in keys"] = cpu_seconds(apps) - idle
            loads.append(load_average())
            memory = [memory_kib(pid) for pid in app_processes(server)]
            pss_values = [pss for _, pss in memory]
            return Result(
                args.sessions,
                [s.first for s in sessions],
                [s.briefing for s in sessions],
                [s.main for s in sessions],
                latencies,
                [kib / 1024 for kib, _ in memory],
                [kib / 1024 for kib in pss_values if kib is not None] if None not in pss_values else None,
                cpu,
                loads,
                -1,
                zygote_memory(server),
            )
        finally:
            for socket, task in sockets:
                task.cancel()
                await socket.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=40, help="WebSocket sessions opened together (default 40)")
    add_common(parser)
    args = parser.parse_args()
    random.seed(args.seed)
    server, port, data = start_server(args.sessions)
    try:
        result = asyncio.run(run(args, server.pid, port))
        return 0 if report(result) else 1
    finally:
        stop(server, data)


if __name__ == "__main__":
    sys.exit(main())
