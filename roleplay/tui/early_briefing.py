"""The briefing on the first frame, before the case is loaded.

Loading a case (importing the formats and the engine, reading, validating and compiling it)
takes most of a second; the briefing takes minutes to read. The app keeps the briefing it
wrote for a case in the cache (roleplay.loading.cache: keyed by the case's and personas'
bytes and the code) with the seed it was written for, and shows it at once the next time
while the case loads behind it. Once the game is loaded, the briefing it writes is compared
with the one shown: the same, the shown screen stays (scrolled where the trainee left it)
and the game begins on Enter; different (it should never be), the game's own replaces it.
Until the game is loaded only the briefing's first part is drawn (its title, summary and
"Press Enter to begin"): drawing the rest would slow the loading thread down by half. A
playtest, a class or a story continued from an earlier game writes its own briefing each
time (its values differ from the case's), so none of them uses or fills the cache.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.screen import Screen

from roleplay.loading.cache import case_key, read_entry, write_entry
from roleplay.tui.screens.briefing import BriefingScreen, briefing_markdown
from roleplay.tui.screens.loading import LoadingScreen
from roleplay.tui.widgets.markdown_text import MarkdownParts

if TYPE_CHECKING:
    from roleplay.game import Game


def _kind(seed: int) -> str:
    return f"briefing-{seed}.md"


def opening_screen(path: Path, seed: int, cacheable: bool) -> Screen[None]:
    """The briefing written before for this case and seed, if any (and ``cacheable``); else
    the case's title and summary while it loads."""
    key = case_key(path) if cacheable else None
    payload = read_entry(key, _kind(seed)) if key is not None else None
    if payload is not None:
        try:
            return BriefingScreen(None, payload.decode("utf-8"))
        except UnicodeDecodeError:
            pass  # damaged: written again once the case is loaded
    return LoadingScreen(path)


def remember_briefing(game: Game, path: Path, seed: int) -> None:
    """Keep the briefing of a game just loaded from ``path`` (in the loading thread)."""
    key = case_key(path)
    if key is None or key.digest != game.loaded.digest:  # the file changed since it was loaded
        return
    text = briefing_markdown(game).encode("utf-8")
    if read_entry(key, _kind(seed)) != text:
        write_entry(key, _kind(seed), text)


def briefing_for(shown: Screen[object], game: Game) -> BriefingScreen | None:
    """The briefing to show over the game's main screen, given the screen ``shown`` while it
    loaded: that screen itself when it is the same briefing written before; None when the
    trainee already pressed Enter on that briefing; else a new briefing of the game."""
    if isinstance(shown, BriefingScreen) and shown.game is None:
        markdown = briefing_markdown(game)
        if shown.markdown != markdown:
            return BriefingScreen(game, markdown)
        if shown.begin_when_loaded:
            return None
        shown.game = game
        shown.query_one(MarkdownParts).release()
        return shown
    return BriefingScreen(game)


def uncovered(app: App[None]) -> Screen[object]:
    """The screen on top once whatever the trainee opened over a briefing written before (help,
    the palette) is closed, without answering it: the loaded game's screens take that
    briefing's place, and a screen left above them would hide them."""
    early = [s for s in app.screen_stack if isinstance(s, BriefingScreen) and s.game is None]
    while early and app.screen is not early[-1]:
        app.pop_screen()
    return app.screen
