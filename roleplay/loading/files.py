"""Reading a file whole, safely: regular files only, and never more than a cap.

A path named ``*.toml`` or ``*.jsonl`` may be a FIFO (opening it for reading waits for a
writer: forever), a link to /dev/zero (endless), or simply huge. The file is opened without
blocking, checked with fstat on the open descriptor (no race with a rename), and read no
further than the cap.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: The largest case or persona file read (the shipped Algiers case is about 0.3 MB).
MAX_FILE_BYTES = 4 * 1024 * 1024


class Unreadable(Exception):
    """A file that is not read: the message says why, in words for its author."""


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at ``path``; Unreadable if it is no regular file, is
    larger than ``limit`` bytes, or cannot be opened."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise Unreadable(f"cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise Unreadable("cannot read: a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable("cannot read: not a regular file (a device, pipe or socket): not read")
        if info.st_size > limit:
            raise Unreadable(f"{info.st_size:,} bytes, over the limit of {limit:,}: not read")
        chunks = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while being read
                raise Unreadable(f"over the limit of {limit:,} bytes: not read")
        return b"".join(chunks)
    except OSError as exc:
        raise Unreadable(f"cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def shown_path(path: Path | str) -> str:
    """A file as problems name it: relative to the current directory when it lies under it,
    else as given; the same file reads the same however it was reached (a persona found
    beside a case is found by an absolute path)."""
    try:
        return str(Path(os.path.abspath(path)).relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)
