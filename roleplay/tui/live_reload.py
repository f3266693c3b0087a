"""`roleplay play CASE --watch`: the app reloads the case when one of its files is saved and
replays the game to the point reached; a case that no longer loads is shown as its errors
while the last good game stays on screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App

from roleplay.errors import RoleplayError
from roleplay.game import Game
from roleplay.game.reload import FileStamp, Reloaded, reload_game, stamps, watched_files

#: How often the case's files are looked at, in seconds: a save shows within about a quarter
#: of a second plus the reload (about 0.1 s for the Algiers case).
POLL_SECONDS = 0.25
#: The errors shown in the app; the rest are counted (roleplay validate lists them all).
SHOWN_ERRORS = 12


class CaseReloader:
    """Polled by a timer the app owns. ``current`` gives the game on screen; ``show`` puts a
    reloaded game on screen."""

    def __init__(self, app: App[None], current: Callable[[], Game | None], show: Callable[[Game], None]) -> None:
        self.app, self.current, self.show = app, current, show
        # The files as the game on screen was loaded, taken now: taken at the first poll, a save
        # made before it (an author quick to edit) became the baseline and was never reloaded.
        game = current()
        self._seen: dict[Path, FileStamp | None] | None = (
            stamps(watched_files(game.case_path)) if game is not None else None
        )
        self._busy = False

    def poll(self) -> None:
        game = self.current()
        if game is None or self._busy:
            return
        now = stamps(watched_files(game.case_path))
        if self._seen is None:  # the files as the game was loaded
            self._seen = now
            return
        if now == self._seen:
            return
        self._seen = now
        self._busy = True
        self.app.run_worker(lambda: self._reload(game), thread=True, group="reload")

    def _reload(self, game: Game) -> None:
        """In a worker thread: load and replay, then report on the app's thread."""
        try:
            result = reload_game(game)
        except RoleplayError as exc:
            self.app.call_from_thread(self._broken, str(exc))
        else:
            self.app.call_from_thread(self._reloaded, result)
        finally:
            self._busy = False

    def _reloaded(self, result: Reloaded) -> None:
        self.show(result.game)
        if result.stopped is None:
            self.app.notify(
                f"Replayed {result.replayed} of {result.inputs} inputs.", title="Case reloaded", markup=False
            )
        else:
            self.app.notify(
                f"Replayed {result.replayed} of {result.inputs} inputs: {result.stopped}.",
                title="Case reloaded",
                severity="warning",
                timeout=15,
                markup=False,
            )

    def _broken(self, errors: str) -> None:
        lines = errors.splitlines()
        shown = "\n".join(lines[:SHOWN_ERRORS])
        if len(lines) > SHOWN_ERRORS:
            shown += f"\n… and {len(lines) - SHOWN_ERRORS} more lines (roleplay validate lists them all)"
        self.app.notify(
            shown,
            title="The edited case does not load: the game goes on with the last good version",
            severity="error",
            timeout=30,
            markup=False,
        )
