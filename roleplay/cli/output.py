"""Printing text that comes from files and people: no control characters reach the terminal."""

from __future__ import annotations

import re

#: C0 controls but tab and newline, DEL and C1 controls (ESC sequences clear the screen, set
#: the window title, or worse, in some terminals).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` without control characters but newline and tab, for a terminal."""
    return _CONTROLS.sub("", text)


def emit(text: str) -> None:
    """Print a report or debrief as it is, less what a terminal would run as a command."""
    print(printable(text), end="")
