"""End to end in a browser: `roleplay serve`, headless Chromium (Debian's) driven by
Playwright: open the app, play a move, and see the answer arrive.

The page draws the terminal on a canvas, so the test reads what the app sends: the
WebSocket's binary frames carry its screen output."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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
        env={**os.environ, "ROLEPLAY_DATA_DIR": str(tmp_path)},
    )
    received = bytearray()
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
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            page.on(
                "websocket",
                lambda ws: ws.on(
                    "framereceived", lambda data: received.extend(data if isinstance(data, bytes) else data.encode())
                ),
            )

            def wait_for(text: bytes, since: int = 0, timeout: float = 30) -> None:
                # Playwright's sync API delivers the frames only while we call into it.
                wait_until(
                    lambda: text in received[since:],
                    timeout=timeout,
                    interval=0.1,
                    message=f"{text!r} from the app",
                    state=lambda: bytes(received[-300:]),
                    sleep=lambda seconds: page.wait_for_timeout(seconds * 1000),
                )

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
            wait_for(b"turn 1", since=before)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_browser_downloads_its_save_and_keeps_its_key(tmp_path: Path) -> None:
    """Issue 15, "save, load and export download to the browser": ctrl+s in Chromium gives a
    download (a save the game reads back), nothing is written on the server, and the browser's
    key is an HttpOnly, SameSite=Strict cookie that the same browser keeps on its next visit."""
    from roleplay.storage.transcripts import read_records

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "roleplay", "serve", "scenarios/algiers-roadmap-2014.toml", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ROLEPLAY_DATA_DIR": str(tmp_path / "server")},
    )
    received = bytearray()
    try:
        wait_until(lambda: listening(port), timeout=20, interval=0.2, message=f"`roleplay serve` on port {port}")
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            context = browser.new_context(accept_downloads=True, viewport={"width": 1200, "height": 800})
            page = context.new_page()
            page.on(
                "websocket",
                lambda ws: ws.on(
                    "framereceived", lambda data: received.extend(data if isinstance(data, bytes) else data.encode())
                ),
            )

            def wait_for(text: bytes, since: int = 0) -> None:
                wait_until(
                    lambda: text in received[since:],
                    timeout=30,
                    interval=0.1,
                    message=f"{text!r} from the app",
                    state=lambda: bytes(received[-300:]),
                    sleep=lambda seconds: page.wait_for_timeout(seconds * 1000),
                )

            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("body.-first-byte", timeout=30_000)
            wait_for(b"Press Enter to begin")
            page.click(".textual-terminal")
            page.keyboard.press("Enter")
            wait_for(b"Your moves")
            with page.expect_download(timeout=30_000) as info:
                page.keyboard.press("Control+s")
            download = info.value
            saved = tmp_path / "downloaded.jsonl"
            download.save_as(saved)
            assert download.suggested_filename.endswith(".jsonl")
            records = read_records(saved)
            assert records and records[0]["type"] == "start"

            [cookie] = [c for c in context.cookies() if c["name"] == "roleplay_browser"]
            assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and len(cookie["value"]) >= 32
            again = context.new_page()
            again.goto(f"http://127.0.0.1:{port}/")
            again.wait_for_selector("body", timeout=30_000)
            assert [c["value"] for c in context.cookies() if c["name"] == "roleplay_browser"] == [cookie["value"]]
            browser.close()
        server_files = [p for p in (tmp_path / "server").rglob("*") if p.is_file() and p.suffix == ".jsonl"]
        assert server_files == []  # the save went to the browser, not to the server's disk
    finally:
        server.terminate()
        server.wait(timeout=10)
