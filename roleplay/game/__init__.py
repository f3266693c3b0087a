"""The application service the user interfaces share: start, load, resume and continue a
game, and views of its state for display."""

from roleplay.game.game import ClassLink, Game, MoveChoice, autosave_dir

__all__ = ["ClassLink", "Game", "MoveChoice", "autosave_dir"]
