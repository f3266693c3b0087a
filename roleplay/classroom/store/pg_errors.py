"""PostgreSQL errors in words that say what happened to the data and what to do, and the
store's URL as it can be shown (never its password)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast
from urllib.parse import parse_qsl, urlencode, urlsplit

import psycopg
from psycopg import errors as pg_errors

from roleplay.classroom.store.base import LOCK_TIMEOUT, StoreError
from roleplay.classroom.store.names import NOT_TEXT

#: How many times a transaction the server refused as conflicting (serialization failure,
#: deadlock) is tried again before the store gives up and says so.
RETRIES = 5


def describe(url: str) -> str:
    """The URL as it can be shown and given to other processes: everything but the password
    (which belongs in ~/.pgpass or PGPASSWORD, never on a command line or a screen)."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "postgresql://(a URL that cannot be read)"
    if ":" in host:  # an IPv6 address
        host = f"[{host}]"
    user = f"{parts.username}@" if parts.username else ""  # as written: still percent-encoded
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "password"])
    return f"{parts.scheme}://{user}{host}{port}{parts.path}" + (f"?{query}" if query else "")


def store_error(where: str, exc: psycopg.Error, timeout: float = LOCK_TIMEOUT) -> StoreError:
    """A database error in words that say what happened to the data and what to do."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    state = exc.sqlstate or ""
    lowered = text.lower()
    if isinstance(exc, pg_errors.DiskFull) or state == "53100":
        return StoreError(
            f"{where}: the database server's disk is full: nothing was lost (the last change was not "
            "recorded); ask its administrator to free some space, then try again"
        )
    if isinstance(exc, pg_errors.SerializationFailure | pg_errors.DeadlockDetected):
        return StoreError(
            f"{where}: the database server kept refusing the change as conflicting with other writes "
            f"({RETRIES} tries); nothing was recorded: try again"
        )
    if isinstance(exc, pg_errors.LockNotAvailable) or state == "55P03":
        return StoreError(
            f"{where}: the class store has been locked by another process for over {timeout:g} s; "
            "nothing was lost: try again, and close any roleplay that is stuck"
        )
    if isinstance(exc, pg_errors.ReadOnlySqlTransaction):
        return StoreError(f"{where}: the class store cannot be written (opened read-only); nothing was changed")
    if isinstance(exc, pg_errors.InsufficientPrivilege):
        return StoreError(
            f"{where}: the database role may not do this ({text}); nothing was changed: ask the "
            "administrator to grant it the rights of docs/instructor.md"
        )
    if (
        "password authentication failed" in lowered
        or "no pg_hba.conf entry" in lowered
        or ("role" in lowered and "does not exist" in lowered)
    ):
        return StoreError(
            f"{where}: the database server refused the login ({text}); check the user name and "
            "password in the URL (or ~/.pgpass) with the administrator"
        )
    if "database" in lowered and "does not exist" in lowered:
        return StoreError(f"{where}: no such database on the server ({text}); create it first (docs/instructor.md)")
    if "nul (0x00)" in lowered:
        return StoreError(
            f"{where}: a name or text with a NUL character cannot be stored in PostgreSQL; nothing was "
            "recorded: remove that character and try again"
        )
    if isinstance(exc, pg_errors.UndefinedTable | pg_errors.UndefinedColumn):
        return StoreError(f"{where}: not a class store of this version ({text}); it was left as it is")
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return StoreError(
            f"{where}: cannot reach the database server ({text}); nothing acknowledged was lost: "
            "check that the server is running and reachable from this machine, then try again"
        )
    return StoreError(f"{where}: the class store failed ({text}); it was left as it is")


class Located(Protocol):
    location: str
    timeout: float


F = TypeVar("F", bound=Callable[..., Any])


def wrapped(method: F) -> F:
    """Every database error of a store method as a StoreError that says what to do."""

    @functools.wraps(method)
    def run(self: Located, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except UnicodeEncodeError:  # a code or text with a lone surrogate, from a command line
            raise StoreError(f"a class code, team name or message {NOT_TEXT}") from None
        except psycopg.Error as exc:
            raise store_error(self.location, exc, self.timeout) from None

    return cast(F, run)
