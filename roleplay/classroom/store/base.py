"""What every class store shares, whatever the database behind it: the interface, its records
and its error."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Protocol

from roleplay.errors import RoleplayError

SCHEMA_VERSION = 2  # 2: teams hold the hash of their secret token
#: Older versions this one opens (and, when it may write, migrates).
OLDER_VERSIONS = (1,)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud in a classroom
STATUSES = ("running", "paused", "ended")

#: How long a write waits for another process's transaction before giving up (seconds).
LOCK_TIMEOUT = 10.0


class StoreError(RoleplayError):
    """The store cannot be used (damaged, not a store, unknown class, a conflicting write)."""


@dataclass(frozen=True)
class ClassInfo:
    code: str
    name: str
    case_path: str
    case_sha256: str
    seed: int
    status: str  # running, paused or ended


class TeamTaken(StoreError):
    """A team of that name is in the class, and the joiner does not hold its token."""


@dataclass(frozen=True)
class Joined:
    """Who joined: the team's name as the store knows it (as the team that made it typed it), and
    the secret token of a team just made (None on a rejoin with the team's token)."""

    team: str
    token: str | None


@dataclass(frozen=True)
class Action:
    seq: int
    kind: str  # move, choice, inject
    ident: str
    target: str | None


class ClassStore(Protocol):
    """What the classroom needs from a store, whatever the database behind it.

    Every write is one transaction, committed before the method returns. A team's inputs are
    numbered 1, 2, 3… without gaps: ``commit`` records input ``expected_seq`` only if the store
    holds exactly ``expected_seq - 1`` inputs of that team, else it raises StoreError (stale),
    so a retried or duplicated commit is refused rather than recorded twice. Injections waiting
    for a team are recorded in the same transaction as the team's next input, each exactly once.
    Message ids only grow, in the order the messages were committed."""

    #: Where the store is, for messages and for other processes to open it: a file's path or a
    #: database URL without its password.
    location: str

    def create_class(self, name: str, case_path: str, case_sha256: str, seed: int) -> ClassInfo: ...
    def get_class(self, code: str) -> ClassInfo: ...
    def set_status(self, code: str, status: str) -> None: ...
    def join(self, code: str, team: str, token: str | None = None) -> Joined:
        """Make team ``team`` (a new token, returned once) or rejoin it with its ``token``; a
        name is the same team as another with the same ``names.team_key``. Raises TeamTaken
        if the team exists and ``token`` is not its token."""
        ...

    def admit(self, code: str, team: str) -> str:
        """A fresh token for an existing team (the old one stops working): for a team that lost
        the terminal that made it."""
        ...

    def instructor_hash(self, code: str) -> str | None:
        """The hash of the class's instructor token (None: a class made before them)."""
        ...

    def set_instructor_hash(self, code: str, hashed: str) -> None: ...
    def hold(self, code: str, team: str, holder: str, ttl: float) -> bool:
        """Mark the team as played by ``holder`` for ``ttl`` seconds (again: renewed); False if
        another holder's mark has not expired yet: one live session per team."""
        ...

    def let_go(self, code: str, team: str, holder: str | None) -> None:
        """Remove ``holder``'s mark on the team (another holder's is left); None: anyone's (the
        instructor admits a team whose window is stuck)."""
        ...

    def classes(self) -> list[tuple[ClassInfo, int]]:
        """Every class in the store, oldest first, with its number of teams."""
        ...

    def injections(self, code: str) -> list[tuple[int, str, str | None, int]]:
        """The class's injections, oldest first: (id, event, team or None, teams reached)."""
        ...

    def change_team(self, code: str, team: str, change: str, new_name: str | None = None) -> str:
        """The instructor removes a team, renames it (``new_name``) or resets its game to the
        start ("remove", "rename", "reset"; admin.py); returns the team's name afterwards."""
        ...

    def teams(self, code: str) -> list[str]: ...
    def actions(self, code: str, team: str) -> list[Action]: ...
    def commit(
        self, code: str, team: str, expected_seq: int, kind: str, ident: str, target: str | None
    ) -> list[Action]: ...
    def inject(self, code: str, event: str, team: str | None = None) -> int: ...
    def post_message(self, code: str, text: str, team: str | None = None) -> int: ...
    def messages(self, code: str, team: str, after: int = 0) -> list[tuple[int, str]]: ...
    def close(self) -> None: ...


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def check_status(status: str) -> None:
    if status not in STATUSES:
        raise StoreError(f"unknown status '{status}'")


def new_token() -> tuple[str, str]:
    """A team's secret token and the hash the store keeps of it."""
    token = secrets.token_urlsafe(24)
    while token.startswith("-"):  # `--token -x…` would read as another option on a command line
        token = secrets.token_urlsafe(24)
    return token, token_hash(token)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str | None, stored: str | None) -> bool:
    return token is not None and stored is not None and hmac.compare_digest(token_hash(token), stored)


def instructor_key(code: str) -> str:
    """The meta row holding a class's instructor token hash: a row, not a column, so stores
    made before instructor tokens need no migration and older versions still open them."""
    return f"instructor:{code.upper()}"


def live_key(code: str, team: str) -> str:
    """The meta row that says which session plays a team now, and until when."""
    return f"live:{code.upper()}\x1f{team}"


def live_value(holder: str, ttl: float) -> str:
    return f"{time.time() + ttl:.3f} {holder}"


def held_by_other(value: str | None, holder: str) -> bool:
    """Whether a live mark is another holder's and not expired (a damaged one is expired)."""
    if value is None:
        return False
    until, _, owner = value.partition(" ")
    try:
        return owner != holder and float(until) > time.time()
    except ValueError:
        return False


def team_taken(team: str, code: str) -> TeamTaken:
    return TeamTaken(
        f"team {team} already exists in class {code}: rejoin from the terminal that created it, or ask the instructor"
    )
