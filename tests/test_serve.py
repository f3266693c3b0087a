"""`roleplay serve`: the app's web page is served on localhost."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_on_localhost_only() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "roleplay", "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        page = ""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    page = response.read().decode("utf-8")
                    break
            except OSError:
                time.sleep(0.2)
        assert "roleplay" in page and "<html" in page.lower()
        # Bound to the loopback address: not listening on the machine's other addresses.
        with socket.socket() as s:
            s.settimeout(1)
            host = socket.gethostbyname(socket.gethostname())
            if not host.startswith("127."):
                assert s.connect_ex((host, port)) != 0
    finally:
        server.terminate()
        server.wait(timeout=10)
