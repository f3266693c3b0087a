"""`roleplay serve`'s web server (roleplay/cli/serve_app.py): the page's URLs, the Origin check,
the session cap and the static folder, through aiohttp's test server. The app process behind a
websocket is a stand-in that speaks just enough of textual-serve's protocol to start and quit."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from helpers import wait_until

from roleplay.cli import main
from roleplay.cli.serve_app import COOKIE, ClassroomServer, ServeError, check_public_url

Client = TestClient[web.Request, web.Application]
Served = tuple[ClassroomServer, Client]

# Says it is a Textual app, then waits for textual-serve's quit packet (or the end of stdin).
STAND_IN = """
import json, os, sys
with open(sys.argv[1], "a", encoding="utf-8") as seen:  # what this app process was told
    names = ("ROLEPLAY_BROWSER", "ROLEPLAY_BROWSER_KEY")
    seen.write(json.dumps({name: os.environ.get(name) for name in names}) + "\\n")
sys.stdout.write("__GANGLION__\\n")
sys.stdout.flush()
while chunk := sys.stdin.buffer.read1(4096):
    if b'"quit"' in chunk:
        break
"""


@pytest.fixture
def stand_in(tmp_path: Path) -> str:
    script = tmp_path / "stand_in.py"
    script.write_text(STAND_IN, encoding="utf-8")
    return shlex.join([sys.executable, str(script), str(tmp_path / "seen.jsonl")])


@pytest.fixture
async def served(stand_in: str) -> AsyncIterator[Served]:
    server = ClassroomServer(stand_in, host="0.0.0.0", port=8000, max_sessions=2)
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    try:
        yield server, client
        await wait_until_sessions(server, 0)  # every stand-in app process has quit
    finally:
        await client.close()


async def page(client: Client, host: str | None = None) -> tuple[int, str]:
    headers = {"Host": host} if host else {}
    async with client.get("/", headers=headers) as response:
        return response.status, await response.text()


async def test_the_page_names_the_host_the_browser_used_not_0_0_0_0(served: Served) -> None:
    _, client = served
    status, html = await page(client, "10.1.2.3:8123")
    assert status == 200
    assert 'src="http://10.1.2.3:8123/static/js/textual.js"' in html
    assert 'data-session-websocket-url="ws://10.1.2.3:8123/ws"' in html
    assert "0.0.0.0" not in html
    assert "fonts.googleapis.com" not in html  # a closed classroom network has no Google


async def test_a_host_header_that_is_not_a_host_is_refused(served: Served) -> None:
    _, client = served
    status, html = await page(client, 'x"><script>alert(1)</script>')
    assert status == 400
    assert "<script>alert" not in html


async def test_a_public_url_gives_the_page_its_script_websocket_and_downloads(stand_in: str) -> None:
    server = ClassroomServer(stand_in, public_url="https://class.example.org/roleplay/")
    async with TestClient(TestServer(await server._make_app())) as client:
        status, html = await page(client)
    assert status == 200
    assert 'src="https://class.example.org/roleplay/static/js/textual.js"' in html
    assert 'data-session-websocket-url="wss://class.example.org/roleplay/ws"' in html
    assert '"https://class.example.org/roleplay/download/"' in html


def test_a_public_url_must_be_an_http_address() -> None:
    assert check_public_url("https://h.example/p/") == "https://h.example/p"
    for bad in ("ftp://h.example/", "h.example", "https://h.example/?x=1", "https://h.example:99999/"):
        with pytest.raises(ServeError):
            check_public_url(bad)


def test_serve_says_what_is_wrong_with_a_public_url(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--public-url", "ftp://h.example/"]) == 1
    err = capsys.readouterr().err
    assert "--public-url must look like https://host/path" in err and "Traceback" not in err
    assert main(["serve", "--max-sessions", "0"]) == 1


async def test_served_to_this_machine_only_it_refuses_another_host_name(stand_in: str) -> None:
    server = ClassroomServer(stand_in, host="127.0.0.1")
    async with TestClient(TestServer(await server._make_app())) as client:
        assert (await page(client, "rebound.example:8000"))[0] == 403  # DNS rebinding
        assert (await page(client, "localhost:8000"))[0] == 200


async def test_static_files_are_served_but_never_listed(served: Served) -> None:
    _, client = served
    for folder in ("/static/", "/static/js/", "/static"):
        async with client.get(folder) as response:
            assert response.status in (403, 404), folder
            assert "Index of" not in await response.text()
    async with client.get("/static/js/textual.js") as response:
        assert response.status == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"


async def test_a_websocket_from_another_site_is_refused(served: Served) -> None:
    server, client = served
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws", headers={"Origin": "http://evil.example"})
    assert refused.value.status == 403
    with pytest.raises(aiohttp.WSServerHandshakeError):
        await client.ws_connect("/ws", headers={"Origin": "null"})
    assert server.sessions == 0  # no app process was started
    host = f"{client.server.host}:{client.server.port}"
    socket = await client.ws_connect("/ws", headers={"Origin": f"http://{host}"})
    await wait_until_sessions(server, 1)
    await socket.close()


async def told(path: Path, count: int) -> list[dict[str, str | None]]:
    """What the first ``count`` stand-in app processes were told, once they all have started."""
    import asyncio

    for _ in range(200):
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        if len(lines) >= count:
            return [json.loads(line) for line in lines]
        await asyncio.sleep(0.05)
    raise AssertionError(f"{count} app processes did not start: {path} has {len(lines)} lines")


async def wait_until_sessions(server: ClassroomServer, count: int) -> None:
    import asyncio

    for _ in range(200):
        if server.sessions == count:
            return
        await asyncio.sleep(0.05)
    wait_until(lambda: server.sessions == count, timeout=0.01, message=f"{count} live sessions")


async def test_past_the_cap_the_class_is_full_and_no_process_starts(served: Served) -> None:
    server, client = served
    first = await client.ws_connect("/ws")
    second = await client.ws_connect("/ws")
    await wait_until_sessions(server, 2)
    status, html = await page(client)
    assert status == 503 and "The class is full" in html
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws")
    assert refused.value.status == 503
    assert server.sessions == 2
    await first.close()
    await wait_until_sessions(server, 1)
    assert (await page(client))[0] == 200  # a place is free again
    await second.close()


async def test_each_browser_gets_a_key_in_a_cookie_and_its_app_process_gets_it(
    served: Served, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, client = served
    async with client.get("/") as response:
        cookie = response.cookies[COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/"
    key = cookie.value
    assert len(key) == 43
    async with client.get("/") as again:
        assert COOKIE not in again.cookies  # the browser keeps its key
    monkeypatch.setenv("ROLEPLAY_BROWSER_KEY", "the server's own")
    seen: list[dict[str, str | None]] = []
    for count in (1, 2):  # with the cookie, then a client without it
        socket = await client.ws_connect("/ws")
        seen = await told(tmp_path / "seen.jsonl", count)
        await socket.close()
        await wait_until_sessions(server, 0)
        client.session.cookie_jar.clear()
    assert seen == [
        {"ROLEPLAY_BROWSER": "1", "ROLEPLAY_BROWSER_KEY": key},
        {"ROLEPLAY_BROWSER": "1", "ROLEPLAY_BROWSER_KEY": None},
    ]


async def test_behind_https_the_cookie_is_secure_and_under_the_public_path(stand_in: str) -> None:
    server = ClassroomServer(stand_in, public_url="https://class.example.org/roleplay")
    async with TestClient(TestServer(await server._make_app())) as client, client.get("/") as response:
        cookie = response.cookies[COOKIE]
    assert cookie["secure"] and cookie["path"] == "/roleplay"
