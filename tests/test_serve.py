"""`roleplay serve`: the app's web page is served on localhost."""

from __future__ import annotations

import socket
import subprocess
import sys
import urllib.request

from conftest import ROOT
from helpers import free_port, wait_until


def test_serve_answers_on_localhost_only() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "roleplay", "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:

        def fetch() -> str:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    return str(response.read().decode("utf-8"))
            except OSError:
                return ""  # not listening yet

        page = wait_until(
            fetch,
            timeout=20,
            interval=0.2,
            message=f"`roleplay serve` to answer on port {port}",
            state=lambda: f"server exit code {server.poll()}",
        )
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
