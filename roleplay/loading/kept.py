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
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
#: A file's or folder's identity and state: (inode, size, modification time in ns).
Stamp = tuple[int, int, int]
Stamps = tuple[Stamp | None, ...]

_kept: dict[Path, tuple[Stamps, object]] = {}


def _stamp(path: Path) -> Stamp | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns


def stamps_of(case_path: Path, persona_dirs: Iterable[Path]) -> Stamps:
    """The state of what a load of ``case_path`` reads: the case file, each persona folder (a
    file added or removed changes its time) and each persona file in it. Taken before the load,
    it cannot miss an edit made while the case was being loaded."""
    stamps = [_stamp(case_path)]
    for folder in persona_dirs:
        stamps.append(_stamp(folder))
        stamps.extend(_stamp(file) for file in sorted(folder.glob("*.toml")))
    return tuple(stamps)


def keep(case_path: Path, loaded: object, stamps: Stamps) -> None:
    """Hand ``loaded`` out for later loads of ``case_path`` while what it read is as ``stamps``
    (``stamps_of`` before the load) says."""
    _kept[case_path.resolve()] = (stamps, loaded)


def kept(case_path: Path, persona_dirs: Iterable[Path], kind: type[T]) -> T | None:
    """The ``kind`` kept for ``case_path`` if its files are as they were when it was loaded."""
    entry = _kept.get(case_path.resolve())
    if entry is None:
        return None
    stamps, loaded = entry
    if not isinstance(loaded, kind) or stamps_of(case_path, persona_dirs) != stamps:
        return None
    return loaded
