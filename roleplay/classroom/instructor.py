"""The instructor's token: made with the class and printed once, kept by the instructor's
terminal (instructor-tokens.json in the user's data directory, mode 0600, like the teams'
tokens), and needed by the dashboard and the class commands (watch, token, report). So a
trainee who can run roleplay against the class's store cannot open the dashboard, pause or end
the class, inject, message, read the report or take another team's place with a new token.

It guards the commands, not the database: whoever can write the store's file, or holds the
instructor's PostgreSQL password, can change rows directly; a team login cannot (pg_gate.py,
docs/instructor.md)."""

from __future__ import annotations

import os

from roleplay.classroom.store import ClassStore, StoreError
from roleplay.classroom.store.base import new_token, token_matches
from roleplay.classroom.tokens import save_token, saved_token, tokens_path

FILE_NAME = "instructor-tokens.json"
ENVIRONMENT = "ROLEPLAY_INSTRUCTOR_TOKEN"
ROLE = "instructor"  # the one "team" of that file


class NotInstructor(StoreError):
    """The class has an instructor token, and it was not given."""


def make_instructor_token(store: ClassStore, code: str) -> str:
    """A new instructor token for the class (an earlier one stops working), kept by this terminal."""
    token, hashed = new_token()
    store.set_instructor_hash(code, hashed)
    save_token(store.location, code, ROLE, token, tokens_path(FILE_NAME))
    return token


def check_instructor(store: ClassStore, code: str, given: str | None = None) -> None:
    """Refuse (NotInstructor) unless the instructor's token is given, in ROLEPLAY_INSTRUCTOR_TOKEN
    or kept by this terminal. A class made before instructor tokens has none and is open."""
    hashed = store.instructor_hash(code)
    if hashed is None:
        return
    kept = saved_token(store.location, code, ROLE, tokens_path(FILE_NAME))
    if any(token_matches(token, hashed) for token in (given, os.environ.get(ENVIRONMENT), kept)):
        return
    wrong = "that is not the instructor token of " if given else "only the instructor can do this in "
    raise NotInstructor(
        f"{wrong}class {code}: give the token `roleplay class new` printed (--token TOKEN, or {ENVIRONMENT})"
    )
