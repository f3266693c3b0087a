"""Files written so that a reader sees the old file or the new one, never half of either."""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

from roleplay.errors import RoleplayError

#: A temporary file of the same target older than this was left by a writer that died (kill
#: -9, power cut) and is removed by the next write; a live writer's is seconds old.
STALE_SECONDS = 60.0


class WriteError(RoleplayError, OSError):
    """A file that could not be written: ``cannot write PATH: reason``; the old file, if any,
    is untouched. An OSError too, so code that caught the OSError still catches it."""


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file, fsync and rename: a reader sees the old file or the new one.

    The file keeps the mode of the file it replaces (a new file gets the umask's default,
    not the temporary file's 0600); temporary files of the same target left by a writer
    that was killed are removed. An OSError becomes a WriteError naming the file."""
    path = Path(path)
    try:
        _write(path, text)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, (FileExistsError, NotADirectoryError)):
            folder = next((p for p in path.parents if p.exists()), None)
            if folder is not None and not folder.is_dir():
                reason = f"{folder} is a file, not a folder"
        raise WriteError(f"cannot write {path}: {reason}") from None


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(path)
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _remove_stale(path: Path) -> None:
    """Remove the temporary files of ``path`` that a killed writer left behind."""
    now = time.time()
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        try:
            if now - leftover.lstat().st_mtime > STALE_SECONDS:
                leftover.unlink()
        except OSError:
            pass  # another writer's, or already gone


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
