"""End to end in a browser: `roleplay serve`, headless Chromium (Debian's) driven by
Playwright: open the app, play a move, and see the answer arrive.

The page draws the terminal on a canvas, so the test reads what the app sends: the
WebSocket's binary frames carry its screen output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from helpers import free_port, listening, wait_until

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


class Served:
    """`roleplay serve` on a free port, and one Chromium page on it whose app output is read
    from the WebSocket's binary frames (the page draws the terminal on a canvas)."""

    def __init__(self, page: Any, context: Any, port: int) -> None:
        self.page, self.context, self.port = page, context, port
        self.received = bytearray()
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived", lambda data: self.received.extend(data if isinstance(data, bytes) else data.encode())
            ),
        )

    def wait_for(self, text: bytes, since: int = 0, timeout: float = 30) -> None:
        # Playwright's sync API delivers the frames only while we call into it.
        wait_until(
            lambda: text in self.received[since:],
            timeout=timeout,
            interval=0.1,
            message=f"{text!r} from the app",
            state=lambda: bytes(self.received[-300:]),
            sleep=lambda seconds: self.page.wait_for_timeout(seconds * 1000),
        )

    def open_main_screen(self) -> None:
        """Load the page, wait for the briefing, and press Enter to the move list."""
        self.page.goto(f"http://127.0.0.1:{self.port}/")
        self.page.wait_for_selector("body.-first-byte", timeout=30_000)
        self.wait_for(b"Press Enter to begin")
        self.page.click(".textual-terminal")
        self.page.keyboard.press("Enter")  # the briefing
        self.wait_for(b"Your moves")


@contextmanager
def served(data_dir: Path) -> Iterator[Served]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "roleplay", "serve", "scenarios/algiers-roadmap-2014.toml", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ROLEPLAY_DATA_DIR": str(data_dir)},
    )
    try:
        wait_until(
            lambda: listening(port),
            timeout=20,
            interval=0.2,
            message=f"`roleplay serve` to listen on port {port}",
            state=lambda: f"server exit code {server.poll()}",
        )
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 800})
            yield Served(context.new_page(), context, port)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_browser_plays_a_move_and_sees_the_answer(tmp_path: Path) -> None:
    with served(tmp_path) as app:
        app.open_main_screen()
        before = len(app.received)
        app.page.keyboard.press("Enter")  # the first move: proximity talks asks with whom
        app.wait_for(b"with whom?")
        app.page.keyboard.press("Enter")  # with the government
        app.wait_for(b"turn 1", since=before)


def test_a_browser_downloads_its_save_and_keeps_its_key(tmp_path: Path) -> None:
    """Issue 15, "save, load and export download to the browser": ctrl+s in Chromium gives a
    download (a save the game reads back), nothing is written on the server, and the browser's
    key is an HttpOnly, SameSite=Strict cookie that the same browser keeps on its next visit."""
    from roleplay.storage.transcripts import read_records

    with served(tmp_path / "server") as app:
        app.open_main_screen()
        with app.page.expect_download(timeout=30_000) as info:
            app.page.keyboard.press("Control+s")
        download = info.value
        saved = tmp_path / "downloaded.jsonl"
        download.save_as(saved)
        assert download.suggested_filename.endswith(".jsonl")
        records = read_records(saved)
        assert records and records[0]["type"] == "start"

        [cookie] = [c for c in app.context.cookies() if c["name"] == "roleplay_browser"]
        assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 32
        again = app.context.new_page()
        again.goto(f"http://127.0.0.1:{app.port}/")
        again.wait_for_selector("body", timeout=30_000)
        assert [c["value"] for c in app.context.cookies() if c["name"] == "roleplay_browser"] == [cookie["value"]]
    server_files = [p for p in (tmp_path / "server").rglob("*") if p.is_file() and p.suffix == ".jsonl"]
    assert server_files == []  # the save went to the browser, not to the server's disk
