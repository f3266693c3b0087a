"""The app's memory once a game is loaded, and the garbage collector while it loads."""

from __future__ import annotations

import gc

#: Seconds from a game on screen to its collection and freeze: not in the first key presses
#: (Enter on the briefing comes at once; a full collection takes ~45 ms).
FREEZE_AFTER = 1.0


def pause_collector() -> None:
    """While a case loads (imports, unpickling, compiling: hundreds of thousands of objects,
    few of them garbage), the collector's passes cost ~100 ms of CPU and find next to nothing;
    ``freeze_loaded`` starts it again once the game is on screen."""
    gc.disable()


def freeze_loaded(collect: bool) -> None:
    """A loaded case is about 125,000 objects that live as long as its game: frozen, the
    garbage collector's full passes skip them (one took ~45 ms, in the middle of a key press).
    A game that replaces another first lets the collector take the old game's cycles, and so
    does a game loaded with the collector paused (the cycles made while loading)."""
    paused = not gc.isenabled()
    gc.enable()
    gc.unfreeze()
    if collect or paused:
        gc.collect()
    gc.freeze()
