"""The app in a browser (roleplay serve): it runs on the server, under the server's account, so a
path typed in it is a path on the server. There, a save and an exported debrief go to the
browser as downloads, nothing is loaded from a path, nothing is saved automatically (every
browser would share one autosave), and a team's token is the browser's: kept under the
browser's key (a cookie of roleplay serve), else typed by its user; the terminal's token file
is neither read nor written (it would let any browser rejoin any team)."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleplay.tui.shown import shown

if TYPE_CHECKING:
    from textual.app import App

    from roleplay.debrief import Debrief
    from roleplay.game import Game
    from roleplay.tui.export import Format

#: Where a team's game is: the store, the class's code, the team's name and its token if known.
Where = tuple[Path | str | None, str, str, str | None]

#: Set to 1 to have a terminal app behave as in a browser (the tests; a kiosk).
ENVIRONMENT = "ROLEPLAY_BROWSER"
#: The browser's key, from roleplay serve's cookie: the app keeps the browser's tokens under it.
KEY_ENVIRONMENT = "ROLEPLAY_BROWSER_KEY"
MIME = {"md": "text/markdown", "html": "text/html", "jsonl": "application/x-ndjson", "txt": "text/plain"}
NO_LOAD = "Loading a game is off in a browser: the files it could open are the server's, not yours."


def in_browser(app: App[Any]) -> bool:
    """Whether the app's screen is a browser's (textual-serve's web driver)."""
    return app.is_web or os.environ.get(ENVIRONMENT) == "1"


def deliver(app: App[Any], name: str, text: str) -> str:
    """Send ``text`` to the browser as a download named ``name``; the sentence that says so."""
    kind = MIME.get(name.rsplit(".", 1)[-1], "text/plain")
    app.deliver_text(io.StringIO(text), save_filename=name, mime_type=kind, encoding="utf-8")
    return f"Your browser downloads {name}."


def save_game(app: App[Any], game: Game) -> None:
    """The game's save, downloaded; in a class its name has the class's code, not the seed."""
    from roleplay.storage.transcripts import transcript_text

    link = game.team
    name = f"{game.case.id}-class-{link.code}.jsonl" if link else f"{game.case.id}-seed{game.seed}.jsonl"
    app.notify(deliver(app, name, transcript_text(game.records)), title="Saved", markup=False)


def refuse_load(app: App[Any]) -> bool:
    """In a browser, say that loading is off; whether it is."""
    if in_browser(app):
        app.notify(NO_LOAD, title="Load", markup=False)
    return in_browser(app)


def export_debrief(app: App[Any], debrief: Debrief, fmt: Format, secret: str | None) -> None:
    from roleplay.tui.export import debrief_file

    app.notify(deliver(app, *debrief_file(debrief, fmt, secret)), title="Exported", markup=False)


def export_game(app: App[Any], game: Game, fmt: Format) -> None:
    from roleplay.debrief import build_debrief
    from roleplay.tui.export import secret_seed

    export_debrief(app, build_debrief(game.blueprint, game.records), fmt, secret_seed(game))


def join_class(
    app: App[Any],
    where: Where,
    begin: Callable[[Game], None],
    fail: Callable[[str], None],
    with_token: Callable[[str | None], None],
) -> None:
    """Join a class in the app's loading thread, then ``begin`` the game (or ``fail`` with the
    reason) in the app's own thread. A terminal keeps its teams' tokens (classroom/tokens.py); in
    a browser a new team's token is shown once, and rejoining an existing team asks for it
    (``with_token`` gets the answer)."""
    from roleplay.classroom.store import TeamTaken
    from roleplay.classroom.team import TeamBusy, join_from_browser
    from roleplay.classroom.team import join_class as join_terminal
    from roleplay.errors import RoleplayError

    browser = in_browser(app)
    try:
        key = os.environ.get(KEY_ENVIRONMENT) or None  # given by roleplay serve from a cookie
        game, made = join_from_browser(*where, key) if browser else (join_terminal(*where), None)
    except TeamTaken as exc:
        if browser:
            app.call_from_thread(ask_token, app, where, with_token)
        else:
            app.call_from_thread(fail, str(exc))
        return
    except TeamBusy as exc:
        if browser:  # the page would only say "Session ended": say why, and offer to try again
            app.call_from_thread(offer_retry, app, str(exc), lambda: with_token(where[3]))
        else:
            app.call_from_thread(fail, str(exc))
        return
    except RoleplayError as exc:
        app.call_from_thread(fail, str(exc))
        return
    app.call_from_thread(begin, game)
    if made is not None and game.team is not None:
        app.call_from_thread(show_token, app, game.team.code, game.team.team, made)


def fail(app: App[Any], message: str) -> None:
    """Why the app cannot go on, shown in the browser, then the end of the session."""
    from roleplay.tui.screens.notice import NoticeDialog

    app.push_screen(NoticeDialog(message), lambda _: app.exit(return_code=1, message=message))


def offer_retry(app: App[Any], reason: str, retry: Callable[[], None]) -> None:
    from roleplay.tui.screens.confirm import ConfirmDialog

    def answered(again: bool | None) -> None:
        if again:
            retry()
        else:
            app.exit(return_code=1, message=reason)

    app.push_screen(ConfirmDialog(reason, "Try again", "Leave"), answered)


def ask_token(app: App[Any], where: Where, answered: Callable[[str | None], None]) -> None:
    from roleplay.tui.screens.prompt import PromptDialog

    _, code, team, token = where
    app.push_screen(PromptDialog(token_question(code, team, token is not None)), answered)


def show_token(app: App[Any], code: str, team: str, token: str) -> None:
    """A browser made a team: its token, shown once, and downloaded if the trainee wants."""
    from roleplay.tui.screens.confirm import ConfirmDialog

    def answered(download: bool | None) -> None:
        if download:
            app.notify(deliver(app, *token_file(code, team, token)), markup=False)

    app.push_screen(ConfirmDialog(token_words(code, team, token), "Download it", "Close"), answered)


def token_words(code: str, team: str, token: str) -> str:
    """What a browser team is told once, when its team is made."""
    return (
        f"Team {team} joined class {code}. Its token is:\n\n{token}\n\n"
        "Keep it: rejoining this team (after closing this tab, or from another computer) asks for it, "
        "and nobody can show it again. Download it as a file?"
    )


def token_file(code: str, team: str, token: str) -> tuple[str, str]:
    """A small text file with the team's token, for the browser to keep."""
    text = f"Class {code}, team {team}\ntoken: {token}\n"
    return f"token-{code}.txt", text


def token_question(code: str, team: str, wrong: bool) -> str:
    """Asked of a browser that typed the name of a team that exists: the name as typed, which
    the store has not cleaned, shown without what a terminal (xterm.js too) would act on."""
    again = "That is not its token. " if wrong else ""
    return (
        f"{again}Team {shown(team)} is already in class {code}. Its token, to rejoin? "
        "(Lost it? The instructor can give the team a new one.)"
    )
