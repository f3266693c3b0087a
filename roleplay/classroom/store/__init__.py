"""The class store: the record of every team's inputs, behind one small interface
(``ClassStore``, in ``base``).

Two databases sit behind it: one SQLite file in WAL mode (``sqlite``), the embedded default
for a room on one machine, and a PostgreSQL server (``postgres``, psycopg 3) for a training
centre whose trainees and serve nodes are on several machines. ``open_store`` picks one from
``--store`` or ROLEPLAY_STORE: a ``postgresql://`` URL or a file's path.
"""

from __future__ import annotations

import os
from pathlib import Path

from roleplay.classroom.store.base import (
    CODE_ALPHABET,
    LOCK_TIMEOUT,
    SCHEMA_VERSION,
    Action,
    ClassInfo,
    ClassStore,
    Joined,
    StoreError,
    TeamTaken,
)
from roleplay.classroom.store.sqlite import SqliteStore, store_error

__all__ = [
    "CODE_ALPHABET",
    "LOCK_TIMEOUT",
    "SCHEMA_VERSION",
    "Action",
    "ClassInfo",
    "ClassStore",
    "Joined",
    "SqliteStore",
    "StoreError",
    "TeamTaken",
    "default_location",
    "default_path",
    "is_database_url",
    "open_store",
    "store_error",
]

URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(location: Path | str) -> bool:
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def default_path() -> Path:
    """class.sqlite in the user's data directory."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("roleplay", appauthor=False)) / "class.sqlite"


def default_location() -> Path | str:
    """ROLEPLAY_STORE (a file's path or a ``postgresql://`` URL), else class.sqlite in the user's
    data directory."""
    override = os.environ.get("ROLEPLAY_STORE")
    if override:
        return override if is_database_url(override) else Path(override)
    return default_path()


def open_store(location: Path | str | None = None, *, read_only: bool = False) -> ClassStore:
    """The store at ``location`` (default: ``default_location()``): a PostgreSQL database for a
    ``postgresql://`` URL, else a SQLite file. ``read_only`` opens an existing store that the
    database itself keeps from being written (reports and reviews). A PostgreSQL team login
    (pg_gate.py) opens the store through the team gate: it plays the teams whose token it holds."""
    where = default_location() if location is None else location
    if is_database_url(where):
        try:
            from roleplay.classroom.store.gate import open_postgres
        except ImportError as exc:  # psycopg is the [postgres] extra
            raise StoreError(
                f"a PostgreSQL class store needs psycopg ({exc}); install it with: pip install 'roleplay[postgres]'"
            ) from None
        return open_postgres(str(where), read_only=read_only)
    return SqliteStore(Path(where), read_only=read_only)
