"""The debrief: what the trainee did, set against what really happened, with the rubric.

The builder (and what it imports: the coach, the look-ahead, undo) loads on first use of
one of its names, not with the package: the app escapes case text with
``roleplay.debrief.markdown.plain`` on every briefing, and its main screen never needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.debrief.build import Debrief, build_debrief

__all__ = ["Debrief", "build_debrief"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from roleplay.debrief import build

        return getattr(build, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
