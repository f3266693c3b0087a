"""What every class store shares, whatever the database behind it: the interface, its records
and its error."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from roleplay.errors import RoleplayError

SCHEMA_VERSION = 1
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
    def join(self, code: str, team: str) -> None: ...
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


def check_team(team: str) -> None:
    if not team.strip():
        raise StoreError("a team needs a name")
