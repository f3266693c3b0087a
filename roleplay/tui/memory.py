"""The app's memory once a game is loaded."""

from __future__ import annotations

import gc


def freeze_loaded(collect: bool) -> None:
    """A loaded case is about 125,000 objects that live as long as its game: frozen, the
    garbage collector's full passes skip them (one took ~45 ms, in the middle of a key press).
    A game that replaces another first lets the collector take the old game's cycles."""
    gc.unfreeze()
    if collect:
        gc.collect()
    gc.freeze()
