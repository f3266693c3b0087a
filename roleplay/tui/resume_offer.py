"""When a case opens and an unfinished game of it was saved automatically: offer to resume it,
or say why it cannot be resumed and keep it aside before a new game's autosave replaces it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App

from roleplay.errors import RoleplayError
from roleplay.game import Game
from roleplay.tui.autosave import autosave_state, keep_aside

#: Puts a game on screen: ``begin(game, briefing)``.
Begin = Callable[[Game, bool], None]


def offer_resume(app: App[None], path: Path, game: Game, autosave: Path, begin: Begin) -> None:
    """``game`` is the new game of the case at ``path``; ``autosave`` the file its game saves to."""
    from roleplay.tui.screens.confirm import ConfirmDialog

    state = autosave_state(autosave, game.loaded.digest)
    if state == "resumable":
        question = "An unfinished game of this case was saved automatically. Resume it?"

        def answer(resume: bool | None) -> None:
            if not resume:
                begin(game, True)
                return
            try:
                resumed = Game.resumed(path, autosave, autosave)
            except RoleplayError as exc:  # e.g. the engine changed: it does not reproduce
                cannot_resume(app, game, autosave, str(exc), begin)
                return
            begin(resumed, False)

        app.push_screen(ConfirmDialog(question, "Resume", "New game"), answer)
    elif state:
        cannot_resume(app, game, autosave, state, begin)
    else:
        begin(game, True)


def cannot_resume(app: App[None], game: Game, autosave: Path, reason: str, begin: Begin) -> None:
    """The autosave of this case cannot be resumed (the case file changed, the save is
    damaged): say why and offer a new game, which first moves the old save aside so the
    new game's autosave never overwrites it."""
    from roleplay.tui.screens.confirm import ConfirmDialog

    question = (
        f"An unfinished game of this case was saved automatically, but it cannot be resumed: {reason}. "
        "Start a new game? The old save is kept beside it."
    )

    def answer(new: bool | None) -> None:
        if not new:
            app.exit(message=f"Nothing was changed; the automatic save is still {autosave}.")
            return
        try:
            kept = keep_aside(autosave)
        except OSError as exc:
            game.autosave = None  # never overwrite a save that could not be moved
            begin(game, True)
            app.notify(
                f"The old save could not be moved aside ({exc.strerror or exc}), so this game is not "
                "saved automatically: save it with ctrl+s.",
                severity="warning",
                timeout=15,
                markup=False,
            )
            return
        begin(game, True)
        app.notify(f"The old save was kept as {kept}.", title="New game", timeout=10, markup=False)

    app.push_screen(ConfirmDialog(question, "New game", "Quit"), answer)
