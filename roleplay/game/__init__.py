"""The application service the user interfaces share: start, load, resume and continue a
game, and views of its state for display (roleplay.game.views, loaded with the first game)."""

from roleplay.game.game import (
    ClassLink,
    Crisis,
    Game,
    PlayedElsewhere,
    ResponseChoice,
    StatusLine,
    autosave_dir,
    resume_session,
    start_session,
)
from roleplay.game.move_list import MoveChoice, MoveOption

__all__ = [
    "ClassLink",
    "Crisis",
    "Game",
    "MoveChoice",
    "MoveOption",
    "PlayedElsewhere",
    "ResponseChoice",
    "StatusLine",
    "autosave_dir",
    "resume_session",
    "start_session",
]
