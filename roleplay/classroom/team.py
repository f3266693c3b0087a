"""A team's game in a class: every input is committed to the store before its outcome is
shown, so a team that loses its terminal rejoins exactly where it was."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from roleplay.classroom.store import ClassStore, StoreError
from roleplay.engine.transcript import perform
from roleplay.errors import MoveError
from roleplay.game import Game, start_session
from roleplay.loading import LoadedCase


class TeamSession:
    def __init__(self, store: ClassStore, code: str, team: str, case_dir: Path | None = None) -> None:
        self.store, self.team = store, team
        self.info = store.get_class(code)
        store.join(self.info.code, team)
        path = Path(self.info.case_path)
        if not path.is_file() and case_dir is not None:
            path = case_dir / path.name
        # Named as the store names it: every team's transcript names the same case file.
        self.loaded: LoadedCase
        self.loaded, self.session = start_session(path, self.info.seed, case_ref=self.info.case_path)
        if self.loaded.digest != self.info.case_sha256:
            raise StoreError(
                f"{path} has changed since class {self.info.code} was created; every team must play the same case"
            )
        self.seq = 0
        for action in store.actions(self.info.code, team):  # rejoin: replay what the store holds
            perform(self.session, action.kind, action.ident, action.target)
            self.seq = action.seq

    @property
    def code(self) -> str:
        return self.info.code

    @property
    def status(self) -> str:
        return self.store.get_class(self.info.code).status

    def messages(self, after: int) -> list[tuple[int, str]]:
        return list(self.store.messages(self.info.code, self.team, after))

    def submit(self, kind: str, ident: str, target: str | None = None) -> list[dict[str, Any]]:
        """Commit the input (with any injections waiting for the team) and then play it."""
        if kind not in ("move", "choice"):
            raise MoveError(f"unknown input kind '{kind}'")
        status = self.status
        if status != "running":
            raise MoveError(f"the class is {status}")
        # Refuse what the engine would refuse before anything reaches the store.
        if kind == "move":
            if not self.session.can_play(ident, target):
                raise MoveError(f"move '{ident}' cannot be played now")
        elif not self.session.pending or ident not in {c.choice.id for c in self.session.pending[0].choices}:
            raise MoveError(f"'{ident}' is not a response to a waiting event")
        recorded = self.store.commit(self.info.code, self.team, self.seq + 1, kind, ident, target)
        results = []
        for action in recorded:
            results.append(perform(self.session, action.kind, action.ident, action.target))
            self.seq = action.seq
        return results


def join_class(store_path: Path | None, code: str, team_name: str) -> Game:
    """The team's game in class ``code``: every input goes to the class store first."""
    from roleplay.classroom.store import SqliteStore, default_path

    team = TeamSession(SqliteStore(store_path or default_path()), code, team_name)
    return Game(team.loaded, team.session, None, team)
