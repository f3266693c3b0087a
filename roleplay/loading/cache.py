"""A cache of what a case's files and this code make together, kept between runs.

Opening a case in the app reads about 40 TOML files, validates them and compiles the case;
most runs open a case that has not changed since the last one. An entry here is keyed by
everything that could change what it holds: the bytes of the case file, the name and bytes
of every file in its persona folders (the loader reads them all), and the bytes of every
module of the roleplay package (an edit, a new version or a checkout changes the key). What
is stored under a key is the caller's: the validated case (``case_cache``), the briefing
the app wrote for it (``roleplay.tui.early_briefing``).

This module imports neither pydantic nor the engine: the app computes a key before its
first frame. The cache is best effort: an entry that cannot be read, was cut short or is
damaged (each carries the SHA-256 of its payload) is a miss and is written again; a folder
that cannot be written means no cache, never an error. Entries are written to a temporary
file and renamed, so a reader sees an old entry or a whole new one. The folder is
``$XDG_CACHE_HOME/roleplay`` (else ``~/.cache/roleplay``), made private to the user; one
that others could write to is not used. ``ROLEPLAY_NO_CACHE=1`` turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from roleplay.loading.files import MAX_FILE_BYTES, Unreadable, read_capped

#: The first bytes of every entry; a new layout changes the number.
MAGIC = b"roleplay-cache 1\n"
#: Entries kept: older ones (by modification time) are deleted when a new one is written.
MAX_ENTRIES = 64
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_dir() -> Path | None:
    """The cache's folder, or None when the cache is off (ROLEPLAY_NO_CACHE set and not "0")."""
    if os.environ.get("ROLEPLAY_NO_CACHE", "0") not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"  # the XDG rule: relative is ignored
    return root / "roleplay"


def persona_dirs_for(case_path: Path) -> list[Path]:
    """Where a case's personas live: personas/ beside the case, then beside its folder."""
    here = case_path.resolve().parent
    return [d for d in (here / "personas", here.parent / "personas") if d.is_dir()]


@cache
def code_fingerprint() -> bytes:
    """The SHA-256 of every module of the package (names and bytes) and of the Python version."""
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(_PACKAGE)).encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.digest()


@dataclass(frozen=True)
class CaseKey:
    """A case's files and this code, hashed: ``digest`` is the case file's own SHA-256 (the
    one saves record), ``hex`` the key of its entries."""

    digest: str
    hex: str


def case_key(case_path: Path, persona_dirs: Iterable[Path] | None = None) -> CaseKey | None:
    """The key of the case at ``case_path`` as it is now, or None if a file cannot be read
    (the loader then says why)."""
    dirs = list(persona_dirs) if persona_dirs is not None else persona_dirs_for(case_path)
    try:
        raw = read_capped(case_path, MAX_FILE_BYTES)
        key = hashlib.sha256(code_fingerprint())
        key.update(len(raw).to_bytes(8, "big") + raw)
        for folder in dirs:
            key.update(b"\1" + str(folder.resolve()).encode() + b"\0")
            for path in sorted(folder.glob("*.toml")):  # the files load_personas reads
                data = read_capped(path, MAX_FILE_BYTES)
                key.update(b"\2" + path.name.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    except (Unreadable, OSError):
        return None
    return CaseKey(hashlib.sha256(raw).hexdigest(), key.hexdigest())


def _private_folder() -> Path | None:
    """The cache folder, made if need be; None if the cache is off or the folder is not the
    user's alone (an entry is trusted as what this code wrote)."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        return None
    return folder


def read_entry(key: CaseKey, kind: str) -> bytes | None:
    """The payload stored under ``key`` for ``kind``, or None: absent, unreadable or damaged."""
    folder = _private_folder()
    if folder is None:
        return None
    try:
        data = read_capped(folder / f"{key.hex}.{kind}", 64 * MAX_FILE_BYTES)
    except (Unreadable, OSError):
        return None
    head = len(MAGIC) + 32
    if not data.startswith(MAGIC) or len(data) < head:
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(MAGIC) : head]:
        return None
    return payload


def write_entry(key: CaseKey, kind: str, payload: bytes) -> None:
    """Store ``payload`` under ``key`` for ``kind``, whole or not at all; errors are ignored
    (a full disk, a read-only home: the next run reads the files again)."""
    folder = _private_folder()
    if folder is None:
        return
    target = folder / f"{key.hex}.{kind}"
    temporary = folder / f".{key.hex}.{kind}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as file:
            file.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, target)
    except OSError:
        temporary.unlink(missing_ok=True)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Delete the oldest entries beyond MAX_ENTRIES (each edit of a case makes a new key)."""
    try:
        entries = [(path.stat().st_mtime, path) for path in folder.iterdir() if not path.name.startswith(".")]
    except OSError:
        return
    entries.sort()
    for _, path in entries[: max(0, len(entries) - MAX_ENTRIES)]:
        path.unlink(missing_ok=True)


__all__ = ["CaseKey", "cache_dir", "case_key", "code_fingerprint", "persona_dirs_for", "read_entry", "write_entry"]
