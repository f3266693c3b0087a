"""Cases loaded once and handed out again while their files are unchanged.

`roleplay serve` loads its case in one long-lived process and forks a process per browser
session from it (cli/session_zygote.py): each session's ``load_case`` of that case then takes
the case already loaded (shared copy-on-write with the other sessions) instead of reading,
validating and compiling it again. Only a case kept with ``keep`` is handed out, and only while
the case file and its persona folders are exactly as they were when it was loaded: an edited
file is read again, as everywhere else. Nothing else in the program keeps cases.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.loading.loader import LoadedCase

#: A file's or folder's identity and state: (inode, size, modification time in ns).
Stamp = tuple[int, int, int]

_kept: dict[Path, tuple[tuple[Stamp | None, ...], LoadedCase]] = {}


def _stamp(path: Path) -> Stamp | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


def _stamps(case_path: Path, persona_dirs: Iterable[Path]) -> tuple[Stamp | None, ...]:
    """What a load of ``case_path`` read: the case file, each persona folder (a file added or
    removed changes its time) and each persona file in it."""
    stamps = [_stamp(case_path)]
    for folder in persona_dirs:
        stamps.append(_stamp(folder))
        stamps.extend(_stamp(file) for file in sorted(folder.glob("*.toml")))
    return tuple(stamps)


def keep(loaded: LoadedCase, persona_dirs: Iterable[Path]) -> None:
    """Hand ``loaded`` out for later loads of its file while nothing it read has changed."""
    _kept[loaded.path.resolve()] = (_stamps(loaded.path, persona_dirs), loaded)


def kept(path: Path, persona_dirs: Iterable[Path]) -> LoadedCase | None:
    """The case kept for ``path`` if its files are as they were when it was loaded."""
    entry = _kept.get(path.resolve())
    if entry is None:
        return None
    stamps, loaded = entry
    if _stamps(path, persona_dirs) != stamps:
        return None
    return loaded if loaded.path == path else replace(loaded, path=path)  # as this load named it
