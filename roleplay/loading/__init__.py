"""Reading case and persona files into validated models, with errors that name file and line.

The loader (and so pydantic) is imported on first use of one of its names, not with the
package: the app's first frame reads ``roleplay.loading.peek`` and must not pay for pydantic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.loading.loaded import LoadedCase
    from roleplay.loading.loader import load_case, load_persona

__all__ = ["LoadedCase", "load_case", "load_persona"]


def __getattr__(name: str) -> object:
    if name == "LoadedCase":  # without the loader: a case read from the cache does not need it
        from roleplay.loading.loaded import LoadedCase

        return LoadedCase
    if name in __all__:
        from roleplay.loading import loader

        return getattr(loader, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
