"""The garbage collector while a case loads, and the app's memory once its game is on screen."""

from __future__ import annotations

import gc

#: Seconds from a game on screen to its collection and freeze: not in the first key presses
#: (Enter on the briefing comes at once; a full collection takes ~45 ms).
FREEZE_AFTER = 1.0
#: True in a process forked from `roleplay serve`'s session zygote (set there before it forks):
#: what the zygote froze is shared, page for page, with every other session, and unfreezing it
#: for a full pass would write to every one of those pages (each session's own copy: 44 MiB of
#: PSS a session instead of 34).
SHARED_WITH_SESSIONS = False


def pause_collector() -> None:
    """While a case loads (imports, unpickling, compiling: hundreds of thousands of objects,
    few of them garbage), the collector's passes cost ~100 ms of CPU and find next to nothing."""
    gc.disable()


def resume_collector() -> None:
    """Once the case is loaded, before its screens are built (built with the collector paused,
    they left ~2 MiB more in use at the move list). What is loaded is frozen first, so that no
    full pass over it falls on the first key presses (``freeze_loaded`` collects it later)."""
    gc.freeze()
    gc.enable()


def freeze_loaded() -> None:
    """A loaded case is about 125,000 objects that live as long as its game: frozen, the
    garbage collector's full passes skip them (one took ~45 ms, in the middle of a key press).
    First one collection takes the cycles made while it loaded, and those of a game it replaced."""
    gc.enable()
    if not SHARED_WITH_SESSIONS:  # a forked session collects only what it made itself
        gc.unfreeze()
    gc.collect()
    gc.freeze()
    _give_back_to_system()


def _give_back_to_system() -> None:
    """The C heap keeps what loading freed (TOML text, validation, the briefing drawn part by
    part) in its free lists; glibc's ``malloc_trim`` hands the free pages back to the system."""
    import ctypes

    try:  # the running program's own symbols: no library search (find_library runs ldconfig)
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to trim
        return
