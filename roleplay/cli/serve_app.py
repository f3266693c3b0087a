"""The web server behind `roleplay serve`: textual-serve's Server, made fit for a room.

textual-serve alone accepts a websocket from any page on the web, starts an app process for
every connection without limit, lists its static folder, and writes ``http://HOST:PORT`` into
the page, so a page served on 0.0.0.0 or behind a reverse proxy points its script and its
websocket at an address the browser cannot reach. This subclass:

- builds the page's URLs from ``--public-url`` (a reverse proxy), else from the request's Host
  header (so another laptop in the room reaches the address it typed);
- refuses a websocket whose Origin is another site's (403): a page elsewhere cannot drive a
  trainee's session or start processes here;
- caps the live sessions (one app process each): past the cap the page says the class is full
  (503) and no process starts;
- serves /static/ without directory listings;
- renders the page with escaping on, without the web fonts (a closed classroom network has no
  Google), and sends downloads to the public URL's path;
- gives each browser a random key in an HttpOnly cookie and hands it to the browser's app
  process (ROLEPLAY_BROWSER_KEY), so the app keeps the browser's team tokens for it: the same
  browser rejoins its team without typing the token (tui/browser.py);
- given the `roleplay play` arguments, forks each session's app process from a session zygote
  that has imported the app and loaded the case once (session_zygote.py), instead of starting a
  new Python process per session; without the zygote, a session is textual-serve's subprocess;
- closes a session's websocket when its app process ends, however it ended (a killed app left
  the page frozen and its place taken).
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from asyncio.subprocess import Process
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from roleplay.cli.forked_sessions import SessionZygote
from roleplay.cli.options import DEFAULT_MAX_SESSIONS

log = logging.getLogger("textual-serve")

COOKIE = "roleplay_browser"
KEY_ENVIRONMENT = "ROLEPLAY_BROWSER_KEY"
KEY_FORMAT = re.compile(r"^[A-Za-z0-9_-]{43}$")  # secrets.token_urlsafe(32)
#: How long a browser keeps its key: a class day.
KEY_SECONDS = 12 * 3600
#: How long an app process has to quit when its session ends.
QUIT_SECONDS = 5.0
PAGE = "app_index.html"

#: A Host header as browsers send it: a name or an IPv4 address, or [IPv6], and a port.
HOST_HEADER = re.compile(r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$")
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")

FULL_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The class is full</title>
<meta http-equiv="refresh" content="30"></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 4em auto; line-height: 1.5">
<h1>The class is full</h1>
<p>Every one of the {cap} places on this server is in use. Ask the instructor, or try again in a
minute: this page reloads itself every 30 seconds.</p>
</body></html>
"""

# The page's downloads (a save, an exported debrief) open ``location.origin + "/download/KEY"``,
# which misses the path of a public URL such as https://host/roleplay: send them to it.
DOWNLOAD_SCRIPT = """<script>
(function () {
  const base = {{ download_base|tojson }};
  const open = window.open.bind(window);
  window.open = function (url, target, features) {
    const prefix = window.location.origin + "/download/";
    if (typeof url === "string" && url.startsWith(prefix)) { url = base + url.slice(prefix.length); }
    return open(url, target, features);
  };
})();
</script>
</head>"""


class ServeError(ValueError):
    """A --public-url that cannot be the address of this server."""


def check_public_url(url: str) -> str:
    """``url`` without a trailing slash, if it is http(s)://host[:port][/path]; else ServeError."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ServeError(f"--public-url must look like https://host/path, not {url!r}")
    try:
        parts.port  # noqa: B018 (a port out of range raises here)
    except ValueError:
        raise ServeError(f"--public-url has a port that is not a number from 1 to 65535: {url!r}") from None
    return url.rstrip("/")


def page_template() -> str:
    """textual-serve's page, without the web fonts and with the download fix."""
    import textual_serve

    text = (Path(textual_serve.__file__).parent / "templates" / PAGE).read_text(encoding="utf-8")
    text = re.sub(r"<link[^>]*fonts\.googleapis\.com[^>]*>", "", text, flags=re.DOTALL)
    return text.replace("</head>", DOWNLOAD_SCRIPT, 1)


def netloc(url: str) -> str:
    return urlsplit(url).netloc.lower()


class ClassroomServer(Server):
    """textual-serve's Server with an Origin check, a session cap and the page's URLs right."""

    def __init__(
        self,
        command: str,
        *,
        host: str = "127.0.0.1",
        port: int = 8000,
        public_url: str | None = None,
        max_sessions: int = DEFAULT_MAX_SESSIONS,
        play: list[str] | None = None,
    ) -> None:
        """``command``: the shell command of a session's app process; ``play``: its `roleplay
        play` arguments, to fork it from a session zygote instead (None: no zygote)."""
        fixed = check_public_url(public_url) if public_url else None
        super().__init__(command, host=host, port=port, title="roleplay", public_url=fixed)
        #: The address browsers use, when the instructor gave it; else each request's Host.
        self.fixed_url = fixed
        self.max_sessions = max_sessions
        #: Live websocket sessions, each with its app process.
        self.sessions = 0
        self.play = play
        #: Forks the sessions' app processes, once started (on_startup).
        self.zygote: SessionZygote | None = None

    async def _make_app(self) -> web.Application:
        app = web.Application()
        loader = jinja2.DictLoader({PAGE: page_template()})
        aiohttp_jinja2.setup(app, loader=loader, autoescape=True)  # a Host header is never markup
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_response_prepare.append(_safety_headers)
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    # -- where the browser finds this server ------------------------------------------------

    def base_url(self, request: web.Request) -> str:
        """The URL the page's script, websocket and downloads use: the public URL, or the
        scheme and Host of this request (HTTPBadRequest if the Host header is not a host)."""
        if self.fixed_url is not None:
            return self.fixed_url
        host = request.headers.get("Host", "")
        if not HOST_HEADER.match(host):
            raise web.HTTPBadRequest(text="The request has no usable Host header.")
        if self.host in LOOPBACK and _hostname(host) not in LOOPBACK:
            # Served to this machine only: a page that names another host reached us through a
            # DNS name pointed at 127.0.0.1 (DNS rebinding), not through a browser of this room.
            raise web.HTTPForbidden(text="This server answers to this machine's own addresses only.")
        return f"{request.scheme}://{host}"

    def origin_allowed(self, request: web.Request) -> bool:
        """Whether the websocket comes from this server's own page. Browsers always send Origin
        with a websocket; a client without one is not a browser page of another site."""
        origin = request.headers.get("Origin")
        if origin is None:
            return True
        try:
            expected = netloc(self.base_url(request))
        except web.HTTPException:
            return False
        return origin != "null" and netloc(origin) == expected

    @property
    def full(self) -> bool:
        return self.sessions >= self.max_sessions

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.full:
            return _full_page(self.max_sessions)
        base = self.base_url(request)
        socket = ("wss" if base.startswith("https") else "ws") + base[base.index(":") :]
        context: dict[str, Any] = {
            "font_size": _int(request.query.get("fontsize", "16"), 16, 8, 48),
            "app_websocket_url": f"{socket}/ws",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
            "download_base": f"{base}/download/",
        }
        response = aiohttp_jinja2.render_template(PAGE, request, context)
        response.headers["Cache-Control"] = "no-store"  # the URLs in it depend on the request
        if browser_key(request) is None:
            response.set_cookie(
                COOKIE,
                secrets.token_urlsafe(32),
                max_age=KEY_SECONDS,
                path=urlsplit(base).path or "/",
                httponly=True,  # no script reads it
                samesite="Strict",  # no other site's page sends it
                secure=base.startswith("https"),
            )
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self.origin_allowed(request):
            raise web.HTTPForbidden(text="This session must be opened from the class's own page.")
        if self.full:
            raise web.HTTPServiceUnavailable(text=f"The class is full ({self.max_sessions} sessions).")
        self.sessions += 1  # no await since the check: two connections cannot both take the last place
        try:
            return await self._session(request)
        finally:
            self.sessions -= 1

    async def _session(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's handle_websocket, but the app process gets the browser's key."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: AppService | None = None
        try:
            await websocket.prepare(request)
            service = BrowserAppService(
                self.command,
                browser_key(request),
                self.zygote,
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            try:
                await self._process_messages(websocket, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # as textual-serve: one session's failure is logged, not the server's
            log.exception(error)
        finally:
            if service is not None:
                await service.stop()
        return websocket

    async def on_startup(self, app: web.Application) -> None:
        """Start the session zygote (before the server listens: the first browsers get forked
        sessions), then say where the server is."""
        if self.play is not None:
            self.zygote = SessionZygote(self.play, BrowserAppService.shared_environment(self))
            await self.zygote.start()
        where = self.fixed_url or f"http://{self.host}:{self.port} (pages name the address each browser used)"
        places = f"{self.max_sessions} session" + ("s" if self.max_sessions != 1 else "")
        print(f"roleplay serve: {where}; at most {places} at once; ctrl+c stops", flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        if self.zygote is not None:
            await self.zygote.close()


class BrowserAppService(AppService):
    """One browser's app process, told it runs in a browser and given the browser's key; forked
    by the zygote when there is one and it can, else a subprocess as textual-serve starts it."""

    def __init__(self, command: str, key: str | None, zygote: SessionZygote | None = None, **options: Any) -> None:
        super().__init__(command, **options)
        self.key = key
        self.zygote = zygote

    @classmethod
    def shared_environment(cls, server: Server) -> dict[str, str]:
        """The environment every session's process shares (no browser key, the default size):
        the zygote's, built by the same code as each session's."""
        service = cls(
            server.command,
            None,
            write_bytes=_nowhere,
            write_str=_nowhere,
            close=_nowhere,
            download_manager=server.download_manager,
            debug=server.debug,
        )
        return service._build_environment()

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        if self.zygote is not None:
            process = await self.zygote.spawn(self._build_environment(width=width, height=height))
            if process is not None:
                self._process = process
                self._stdin = process.stdin
                return process
        return await super()._open_app_process(width, height)

    async def run(self) -> None:
        """textual-serve's reading of the app's output; when it ends (the app ended, or was
        killed), the browser's websocket closes: the page says the session ended, the place is free."""
        await super().run()
        await self.remote_close()

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment["ROLEPLAY_BROWSER"] = "1"
        environment.pop(KEY_ENVIRONMENT, None)  # never the server's own
        if self.key is not None:
            environment[KEY_ENVIRONMENT] = self.key
        return environment

    async def stop(self) -> None:
        """Stop the app, and wait for its process: none outlives its session (a place under the
        cap is free only once the process is gone); one that ignores quit is killed."""
        await super().stop()
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), QUIT_SECONDS)
        except TimeoutError:
            process.kill()
            await process.wait()


async def _nowhere(*_: object) -> None:
    """No browser: the service that only builds the shared environment never writes."""


def browser_key(request: web.Request) -> str | None:
    key = request.cookies.get(COOKIE)
    return key if key is not None and KEY_FORMAT.match(key) else None


def _full_page(cap: int) -> web.Response:
    return web.Response(
        status=503, text=FULL_PAGE.format(cap=cap), content_type="text/html", headers={"Retry-After": "30"}
    )


async def _safety_headers(request: web.Request, response: web.StreamResponse) -> None:
    # No framing by another site (a hidden session under a fake page), no guessing of types.
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")


def _hostname(host: str) -> str:
    return host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]", 1)[0] + "]"


def _int(text: str, default: int, low: int, high: int) -> int:
    try:
        return min(max(int(text), low), high)
    except ValueError:
        return default
