"""Text typed by people or read from files, as a screen shows it: Rich and Textual pass
control characters to the terminal as they are (an ESC starts a sequence that clears the
screen or retitles the window), and a bidi override or a line separator in a name reorders or
breaks the line around it."""

from __future__ import annotations

import re

#: C0 and C1 controls, DEL, the Unicode line and paragraph separators, bidi embeddings,
#: overrides and isolates, lone surrogates.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def shown(text: str) -> str:
    """``text`` on one line, each character a terminal would act on a space. A store checks the
    names it takes (store/names.py), but one made before that check keeps what was typed."""
    return _UNSAFE.sub(" ", text)
