"""A team's game in a class: every input is committed to the store before its outcome is
shown, so a team that loses its terminal rejoins exactly where it was."""

from __future__ import annotations

import atexit
import contextlib
import os
import secrets
import socket
import time
from pathlib import Path

from roleplay.classroom.store import ClassInfo, ClassStore, StoreError
from roleplay.engine.actions import action_of
from roleplay.engine.session import ActionRecord, Session
from roleplay.engine.transcript import perform
from roleplay.errors import MoveError
from roleplay.game import Game, PlayedElsewhere
from roleplay.loading import LoadedCase, load_case

#: A team's session counts as live this long (seconds) after its last sign of life: the app reads
#: the class's status every second and renews the team's mark every RENEW seconds, so a window
#: closed or killed frees its team within LIVE_FOR seconds.
LIVE_FOR = 20.0
RENEW = 5.0


def _holder() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


#: This process. Joining a team again from it (a test, the app joining again) is the same session.
HOLDER = _holder()


def _new_holder() -> None:
    global HOLDER
    HOLDER = _holder()


# A process forked from this one (roleplay serve's browser sessions) is another session: the
# same holder would let two browsers play one team at once.
os.register_at_fork(after_in_child=_new_holder)


#: Where a browser's team tokens are kept, under a hash of the browser's key (tokens.py).
BROWSER_TOKENS = "browser-tokens.json"


class TeamBusy(StoreError):
    """The team is being played in another window or browser right now."""


def class_case(info: ClassInfo, case_dir: Path | None = None) -> LoadedCase:
    """The class's case, refused if the file changed since the class was created."""
    path = Path(info.case_path)
    if not path.is_file() and case_dir is not None:
        path = case_dir / path.name
    loaded = load_case(path)
    if loaded.digest != info.case_sha256:
        raise StoreError(f"{path} has changed since class {info.code} was created; every team must play the same case")
    return loaded


def replay_team(store: ClassStore, info: ClassInfo, team: str, loaded: LoadedCase) -> tuple[Session, int]:
    """The team's session rebuilt from the inputs the store holds, and the last input's number.
    Only reads the store: a report or a review changes nothing in it."""
    session = Session(loaded.blueprint, info.seed, case_ref=info.case_path, case_digest=info.case_sha256)
    seq = 0
    for action in store.actions(info.code, team):
        perform(session, action_of(action.kind, action.ident, action.target))
        seq = action.seq
    return session, seq


class TeamSession:
    def __init__(
        self, store: ClassStore, code: str, team: str, case_dir: Path | None = None, *, token: str | None = None
    ) -> None:
        """Join team ``team`` of class ``code``: a new team (its new secret token in ``token``),
        or an existing one with its ``token`` (else TeamTaken)."""
        self.store = store
        self.info = store.get_class(code)
        joined = store.join(self.info.code, team, token)
        #: The team's name as the store knows it, and its secret token.
        self.team, self.token = joined.team, joined.token or token
        #: Whether this join made the team (its token is new).
        self.made = joined.token is not None
        self.loaded: LoadedCase = class_case(self.info, case_dir)
        # rejoin: replay what the store holds
        self.session, self.seq = replay_team(store, self.info, self.team, self.loaded)
        self._renew_at = 0.0  # when to renew this session's live mark (0: it holds none)

    def claim(self) -> None:
        """Be the team's one live session (TeamBusy if another window or browser plays it now);
        the mark is removed when this process ends, and expires if it is killed."""
        if not self.store.hold(self.info.code, self.team, HOLDER, LIVE_FOR):
            raise TeamBusy(
                f"Team {self.team} is being played in another window or browser right now: one at a time. "
                f"Close the other one (a closed or crashed one frees the team within {LIVE_FOR:g} seconds), "
                "or ask the instructor."
            )
        if not self._renew_at:
            atexit.register(self._let_go)
        self._renew_at = time.monotonic() + RENEW

    def _let_go(self) -> None:
        with contextlib.suppress(StoreError):  # the store is gone or locked: the mark expires by itself
            self.store.let_go(self.info.code, self.team, HOLDER)

    @property
    def code(self) -> str:
        return self.info.code

    @property
    def status(self) -> str:
        """The class's status. The app reads it every second: that is also the live session's
        sign of life, renewed every RENEW seconds."""
        if self._renew_at and time.monotonic() >= self._renew_at:
            self._renew_at = time.monotonic() + RENEW
            self.store.hold(self.info.code, self.team, HOLDER, LIVE_FOR)  # taken over meanwhile: moves say so
        return self.store.get_class(self.info.code).status

    def messages(self, after: int) -> list[tuple[int, str]]:
        return list(self.store.messages(self.info.code, self.team, after))

    def submit(self, kind: str, ident: str, target: str | None = None) -> list[ActionRecord]:
        """Commit the input (with any injections waiting for the team) and then play it."""
        if kind not in ("move", "choice"):
            raise MoveError(f"unknown input kind '{kind}'")
        status = self.status
        if status == "paused":
            raise MoveError("The instructor has paused the class: nothing was sent. Play again when it resumes.")
        if status != "running":
            raise MoveError(f"The class is {status}: it takes no more inputs.")
        # Refuse what the engine would refuse before anything reaches the store.
        if kind == "move":
            if not self.session.can_play(ident, target):
                raise MoveError(f"move '{ident}' cannot be played now")
        elif not self.session.pending or ident not in {c.choice.id for c in self.session.pending[0].choices}:
            raise MoveError(f"'{ident}' is not a response to a waiting event")
        try:
            recorded = self.store.commit(self.info.code, self.team, self.seq + 1, kind, ident, target)
        except StoreError:
            if self._behind():
                raise PlayedElsewhere(
                    f"Team {self.team} is playing in another window: this input was not sent. "
                    "Rejoin to continue from there."
                ) from None
            self._check_unchanged()
            raise  # locked, disk full, ...: the store's own words say what to do
        results = []
        for action in recorded:
            results.append(perform(self.session, action_of(action.kind, action.ident, action.target)))
            self.seq = action.seq
        return results

    def _check_unchanged(self) -> None:
        """Say so if the instructor removed, renamed or reset this team since this session's
        last input: a reset game starts again here (PlayedElsewhere: the screen rejoins)."""
        try:
            teams = self.store.teams(self.info.code)
        except StoreError:
            return
        if self.team not in teams:
            raise MoveError(
                f"The instructor has removed or renamed team {self.team}: nothing was sent. "
                "Close this window and join the class again (under the team's new name, if it has one)."
            )
        try:  # through a team login, a removed team's token reads nothing: asked after the above
            actions = self.store.actions(self.info.code, self.team)
        except StoreError:
            return
        if len(actions) < self.seq:
            raise PlayedElsewhere(
                f"The instructor has reset team {self.team}'s game: it starts again from the beginning."
            )

    def _behind(self) -> bool:
        """Whether the store holds inputs of this team that this session has not played."""
        try:
            actions = self.store.actions(self.info.code, self.team)
        except StoreError:
            return False
        return bool(actions) and actions[-1].seq > self.seq

    def rejoin(self) -> Session:
        """The team's session replayed from the store: where the other window left it."""
        self.session, self.seq = replay_team(self.store, self.info, self.team, self.loaded)
        return self.session


def join_team(store: ClassStore, code: str, team_name: str, token: str | None = None) -> TeamSession:
    """Join as this terminal: with ``token`` if given, else the one this terminal keeps for the
    team (tokens.py); a new team's token, or a given one that worked, is kept for next time."""
    from roleplay.classroom.tokens import save_token, saved_token

    info = store.get_class(code)
    held = token or saved_token(store.location, info.code, team_name)
    team = TeamSession(store, info.code, team_name, token=held)
    if team.token is not None and team.token != saved_token(store.location, info.code, team.team):
        save_token(store.location, info.code, team.team, team.token)
    return team


def join_class(store_location: Path | str | None, code: str, team_name: str, token: str | None = None) -> Game:
    """The team's game in class ``code``: every input goes to the class store first (a SQLite
    file's path or a postgresql:// URL; default: ROLEPLAY_STORE or the user's data directory)."""
    from roleplay.classroom.store import open_store

    team = join_team(open_store(store_location), code, team_name, token)
    team.claim()
    return Game(team.loaded, team.session, None, team)


def join_from_browser(
    store_location: Path | str | None,
    code: str,
    team_name: str,
    token: str | None = None,
    browser_key: str | None = None,
) -> tuple[Game, str | None]:
    """The team's game for a browser (roleplay serve), and the token of a team just made (None
    on a rejoin). The terminal's token file is never read or written: it would let any browser
    that types a team's name play as that team. With the key the serve wrapper gave this
    browser (a cookie), its tokens are kept under that key, so the same browser rejoins its
    team without typing the token; without it, the browser's user types it."""
    from roleplay.classroom.store import open_store
    from roleplay.classroom.tokens import browser_location, save_token, saved_token, tokens_path

    store = open_store(store_location)
    info = store.get_class(code)
    path = tokens_path(BROWSER_TOKENS)
    kept = browser_location(browser_key, store.location) if browser_key else None
    held = token or (saved_token(kept, info.code, team_name, path) if kept else None)
    team = TeamSession(store, info.code, team_name, token=held)
    team.claim()
    if kept is not None and team.token is not None:
        save_token(kept, info.code, team.team, team.token, path)
    made = team.token if team.made else None
    return Game(team.loaded, team.session, None, team), made
