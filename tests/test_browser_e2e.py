"""End to end in a browser: `roleplay serve`, headless Chromium (Debian's) driven by
Playwright: open the app, play a move, and see the answer arrive.

The page draws the terminal on a canvas, so the test reads what the app sends: the
WebSocket's binary frames carry its screen output."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_a_browser_plays_a_move_and_sees_the_answer(tmp_path: Path) -> None:
    port = free_port()
    env_command = [
        sys.executable,
        "-m",
        "roleplay",
        "serve",
        "scenarios/algiers-roadmap-2014.toml",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(
        env_command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**__import__("os").environ, "ROLEPLAY_DATA_DIR": str(tmp_path)},
    )
    received = bytearray()
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.2)
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on(
                "websocket",
                lambda ws: ws.on(
                    "framereceived", lambda data: received.extend(data if isinstance(data, bytes) else data.encode())
                ),
            )

            def wait_for(text: bytes, timeout: float = 30) -> None:
                end = time.monotonic() + timeout
                while text not in received:
                    if time.monotonic() > end:
                        raise AssertionError(f"{text!r} never arrived")
                    page.wait_for_timeout(100)

            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("body.-first-byte", timeout=30_000)
            wait_for(b"Press Enter to begin")
            page.click(".textual-terminal")
            page.keyboard.press("Enter")  # the briefing
            wait_for(b"Your moves")
            before = len(received)
            page.keyboard.press("Enter")  # the first move: proximity talks asks with whom
            wait_for(b"with whom?")
            page.keyboard.press("Enter")  # with the government
            end = time.monotonic() + 30
            while b"turn 1" not in received[before:] and time.monotonic() < end:
                page.wait_for_timeout(100)
            assert b"turn 1" in received[before:]
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
