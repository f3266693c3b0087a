"""A game as the user interfaces see it: one engine session, its case and its autosave.

Everything here is bookkeeping around the engine; the rules live in roleplay.engine.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from roleplay.engine.session import MoveOption, Session
    from roleplay.loading import LoadedCase


def autosave_dir() -> Path:
    """Where games are saved after every turn (ROLEPLAY_DATA_DIR overrides the user data dir)."""
    override = os.environ.get("ROLEPLAY_DATA_DIR")
    if override:
        return Path(override) / "autosave"
    from platformdirs import user_data_dir

    return Path(user_data_dir("roleplay", appauthor=False)) / "autosave"


@dataclass
class MoveChoice:
    """A move as the app lists it: available if any of its targets is."""

    id: str
    name: str
    summary: str
    days: int
    capital: float
    needs_target: bool
    options: list[MoveOption] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return any(o.available for o in self.options)

    @property
    def reasons(self) -> list[str]:
        seen: list[str] = []
        for option in self.options:
            for reason in option.reasons:
                if reason not in seen:
                    seen.append(reason)
        return seen


class ClassLink(Protocol):
    """A game's tie to its class (roleplay.classroom): each input goes to the class store
    first, and the instructor's status and messages come from it."""

    @property
    def code(self) -> str: ...

    @property
    def status(self) -> str: ...

    def submit(self, kind: str, ident: str, target: str | None = None) -> Sequence[Mapping[str, Any]]:
        """Commit an input (with any injection waiting for the team), then play it."""
        ...

    def messages(self, after: int) -> list[tuple[int, str]]:
        """The instructor's messages to this team with an id above ``after``, oldest first."""
        ...


class Game:
    def __init__(
        self, loaded: LoadedCase, session: Session, autosave: Path | None, team: ClassLink | None = None
    ) -> None:
        self.loaded = loaded
        self.session = session
        self.autosave = autosave
        #: In a class: the TeamSession that commits each input to the class store first.
        self.team = team

    @classmethod
    def new(
        cls, case_path: Path, seed: int, autosave: Path | None = None, prior: Mapping[str, Any] | None = None
    ) -> Game:
        """``prior``: the summary of a finished game of the case this one carries over from."""
        from roleplay.engine.session import Session
        from roleplay.loading import load_case

        loaded = load_case(case_path)
        session = Session(loaded.blueprint, seed, case_ref=str(case_path), case_digest=loaded.digest, prior=prior)
        return cls(loaded, session, autosave)

    @classmethod
    def resumed(cls, case_path: Path, save_path: Path, autosave: Path | None = None) -> Game:
        from roleplay.loading import load_case
        from roleplay.storage.saves import resume

        loaded = load_case(case_path)
        session = resume(save_path, loaded.blueprint, loaded.digest)
        return cls(loaded, session, autosave)

    @property
    def blueprint(self) -> Any:
        return self.loaded.blueprint

    def name(self, party: str | None) -> str:
        if party is None:
            return "everyone"
        persona = self.blueprint.personas.get(party)
        return persona.short_name if persona else party

    def moves(self) -> list[MoveChoice]:
        choices: dict[str, MoveChoice] = {}
        for option in self.session.available_moves():
            compiled = self.blueprint.moves[option.move]
            choice = choices.get(option.move)
            if choice is None:
                choice = choices[option.move] = MoveChoice(
                    option.move,
                    option.name,
                    option.summary,
                    option.days,
                    option.capital,
                    compiled.move.target == "one",
                )
            choice.options.append(option)
        return list(choices.values())

    def play(self, move: str, target: str | None) -> Sequence[Mapping[str, Any]]:
        """The records the move produced: in a class, an instructor's injection waiting for
        the team comes first."""
        if self.team is not None:  # committed to the class store before the outcome is shown
            return self.team.submit("move", move, target)
        record = self.session.play(move, target)
        self._autosave()
        return [record]

    def respond(self, choice: str) -> Sequence[Mapping[str, Any]]:
        if self.team is not None:
            return self.team.submit("choice", choice)
        record = self.session.respond(choice)
        self._autosave()
        return [record]

    def save_to(self, path: Path) -> None:
        from roleplay.storage.saves import save

        save(self.session, path)

    def _autosave(self) -> None:
        if self.autosave is not None:
            self.save_to(self.autosave)
