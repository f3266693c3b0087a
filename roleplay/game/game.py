"""A game as the user interfaces see it: one engine session, its case and its autosave.

Everything here is bookkeeping around the engine; the rules live in roleplay.engine.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from roleplay.errors import RoleplayError, UsageError
from roleplay.game.move_list import MoveChoice, list_moves

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint
    from roleplay.engine.session import ActionRecord, Session
    from roleplay.engine.summary import Summary
    from roleplay.game.coach import Advice
    from roleplay.game.glossary import Section
    from roleplay.game.views import IssueRow, PartyRow, StartingParty
    from roleplay.loading import LoadedCase
    from roleplay.model.case import Case
    from roleplay.model.transcript import ChangeRecord, EventMode, Line, Prior, Record, Records, TurnRecord


def autosave_dir() -> Path:
    """Where games are saved after every turn (ROLEPLAY_DATA_DIR overrides the user data dir)."""
    override = os.environ.get("ROLEPLAY_DATA_DIR")
    if override:
        return Path(override) / "autosave"
    from platformdirs import user_data_dir

    return Path(user_data_dir("roleplay", appauthor=False)) / "autosave"


@dataclass(frozen=True)
class ResponseChoice:
    id: str
    label: str
    #: What the real mediators did (the history strategy and the tests answer with it).
    historical: bool


@dataclass(frozen=True)
class Crisis:
    """An event waiting for the mediator's response."""

    id: str
    title: str
    narrative: str
    sources: str
    choices: tuple[ResponseChoice, ...]


@dataclass(frozen=True)
class StatusLine:
    phase: str
    date: str
    turn: int
    capital: float
    end: str
    #: The case's turn limit: the talks end after this many moves.
    max_turns: int


def start_session(
    case_path: Path,
    seed: int,
    prior: Summary | Prior | None = None,
    *,
    case_ref: str | None = None,
    events: EventMode = "all",
    cached: bool = False,
) -> tuple[LoadedCase, Session]:
    """Load a case and start a session of it: the one way every front end starts a game.
    ``prior``: the summary of a finished game of the case this one carries over from;
    ``case_ref``: how the transcript names the case file (the path given, by default);
    ``events``: "historical" for a replay of history without random or invented events;
    ``cached``: read through the case cache (roleplay.loading.case_cache)."""
    from roleplay.engine.session import Session

    loaded = _load(case_path, cached)
    ref = str(case_path) if case_ref is None else case_ref
    session = Session(loaded.blueprint, seed, case_ref=ref, case_digest=loaded.digest, prior=prior, events=events)
    return loaded, session


def resume_session(case_path: Path, save_path: Path, cached: bool = False) -> tuple[LoadedCase, Session]:
    """Load a case and rebuild the session saved at ``save_path`` (SaveError if it differs)."""
    from roleplay.storage.saves import resume

    loaded = _load(case_path, cached)
    return loaded, resume(save_path, loaded.blueprint, loaded.digest)


def _load(case_path: Path, cached: bool) -> LoadedCase:
    from roleplay.loading.case_cache import load_case, load_case_cached

    return (load_case_cached if cached else load_case)(case_path)


class PlayedElsewhere(RoleplayError):
    """In a class: another window of the same team played first, so this window's state is
    behind the store's. Rejoining (``Game.rejoin``) replays the team's inputs from the store."""


class ClassLink(Protocol):
    """A game's tie to its class (roleplay.classroom): each input goes to the class store
    first, and the instructor's status and messages come from it."""

    @property
    def code(self) -> str: ...

    @property
    def team(self) -> str:
        """The team's name, as the class store knows it."""
        ...

    @property
    def status(self) -> str: ...

    def submit(self, kind: str, ident: str, target: str | None = None) -> Sequence[ActionRecord]:
        """Commit an input (with any injection waiting for the team), then play it."""
        ...

    def messages(self, after: int) -> list[tuple[int, str]]:
        """The instructor's messages to this team with an id above ``after``, oldest first."""
        ...

    def rejoin(self) -> Session:
        """The team's session rebuilt from the inputs the store holds (after PlayedElsewhere)."""
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
        #: What the user should be told after an input (an autosave that failed, then works
        #: again); the user interface takes them with ``take_notices``.
        self._notices: list[str] = []
        self._autosave_failing = False

    @classmethod
    def new(
        cls,
        case_path: Path,
        seed: int,
        autosave: Path | None = None,
        prior: Summary | Prior | None = None,
        cached: bool = False,
    ) -> Game:
        """``prior``: the summary of a finished game of the case this one carries over from."""
        loaded, session = start_session(case_path, seed, prior, cached=cached)
        return cls(loaded, session, autosave)

    @classmethod
    def resumed(cls, case_path: Path, save_path: Path, autosave: Path | None = None, cached: bool = False) -> Game:
        loaded, session = resume_session(case_path, save_path, cached)
        return cls(loaded, session, autosave)

    # -- what the user interfaces show ----------------------------------------------------------

    @property
    def blueprint(self) -> Blueprint:
        return self.loaded.blueprint

    @property
    def case(self) -> Case:
        return self.loaded.case

    @property
    def case_path(self) -> Path:
        return Path(self.session.case_ref)

    @property
    def seed(self) -> int:
        return self.session.seed

    @property
    def turn(self) -> int:
        return self.session.world.turn

    @property
    def ended(self) -> bool:
        return self.session.ended

    @property
    def in_progress(self) -> bool:
        """Begun and not over: quitting it asks first."""
        return not self.ended and self.turn > 0

    @property
    def ending_title(self) -> str:
        ending = self.session.ending
        return ending.title if ending else ""

    @property
    def records(self) -> Records:
        return self.session.records

    @property
    def capital(self) -> float:
        return self.session.world.capital

    @property
    def carried_over(self) -> bool:
        """Started from how a game of an earlier case ended."""
        return self.session.prior is not None

    def summary(self) -> Summary:
        return self.session.summary()

    def name(self, party: str | None) -> str:
        from roleplay.game.views import party_name

        return party_name(self.blueprint, party)

    def move_name(self, move: str) -> str:
        return self.blueprint.moves[move].move.name

    def move_teaching(self, move: str) -> str:
        return self.blueprint.moves[move].move.teaching

    def move_needs_target(self, move: str) -> bool:
        return self.blueprint.moves[move].needs_target

    def outcome_label(self, move: str, outcome: str) -> str:
        """How an outcome of a move reads ('the Coordination walks out'), not its id."""
        compiled = self.blueprint.moves[move]
        return next((o.outcome.label for o in compiled.outcomes if o.outcome.id == outcome), "another outcome")

    def story_text(self, line: Line, phase: str | None = None) -> str:
        """A story line as the trainee reads it (the engine's own lines in the case's words)."""
        from roleplay.game.change_words import story_text

        return story_text(self.blueprint, line, phase)

    def event_title(self, event: str) -> str:
        return self.blueprint.events[event].event.title

    def response_label(self, event: str, choice: str) -> str:
        compiled = self.blueprint.events[event]
        return next(c.choice.label for c in compiled.choices if c.choice.id == choice)

    def describe_change(self, change: ChangeRecord) -> str:
        """What a turn changed, in words."""
        from roleplay.game.change_words import describe_change

        return describe_change(self.blueprint, change)

    def vetoes(self, record: Record) -> list[str]:
        """Who vetoed a draft revision in this record, and why, in words."""
        from roleplay.game.change_words import vetoes

        return vetoes(self.blueprint, record)

    def why(self, change: ChangeRecord) -> list[str]:
        """Why a value changed: its recorded causes in words."""
        from roleplay.game.views import cause_lines

        return cause_lines(change)

    def crisis(self) -> Crisis | None:
        """The first event waiting for a response, if any: nothing else is played before it."""
        if not self.session.pending:
            return None
        compiled = self.session.pending[0]
        event = compiled.event
        return Crisis(
            event.id,
            event.title,
            event.narrative,
            ", ".join(dict.fromkeys(c.label() for c in event.cite)),  # two quotes of one section: named once
            tuple(ResponseChoice(c.choice.id, c.choice.label, c.choice.historical) for c in compiled.choices),
        )

    def status(self) -> StatusLine:
        world, blueprint = self.session.world, self.blueprint
        path = [blueprint.phases[p].name for p in world.phase_path if p in blueprint.phases]
        phase = " › ".join(path) or self.ending_title or world.phase
        clock = blueprint.case.clock
        return StatusLine(phase, world.date, world.turn, world.capital, clock.end, clock.max_turns)

    def starting_parties(self) -> list[StartingParty]:
        from roleplay.game.views import starting_parties

        return starting_parties(self.blueprint)

    def party_rows(self) -> list[PartyRow]:
        from roleplay.game.views import party_rows

        return party_rows(self.blueprint, self.session.state)

    def issue_rows(self) -> list[IssueRow]:
        from roleplay.game.views import issue_rows

        return issue_rows(self.blueprint, self.session.state)

    def glossary(self) -> list[Section]:
        """The words a trainee meets, with their sources: the model's, then the case's as far
        as the game has gone (roleplay/game/glossary.py)."""
        from roleplay.game.glossary import glossary

        return glossary(self.blueprint, self.session.state)

    def moves(self) -> list[MoveChoice]:
        """Every move, with each of its targets, whether it can be played now and, if not,
        why in the case's words (roleplay/game/why_not.py)."""
        return list_moves(self.blueprint, self.session.state)

    def play(self, move: str, target: str | None) -> Sequence[ActionRecord]:
        """The records the move produced (in a class, a waiting injection of the instructor's first)."""
        if self.team is not None:  # committed to the class store before the outcome is shown
            return self.team.submit("move", move, target)
        record = self.session.play(move, target)
        self._autosave()
        return [record]

    def respond(self, choice: str) -> Sequence[ActionRecord]:
        if self.team is not None:
            return self.team.submit("choice", choice)
        record = self.session.respond(choice)
        self._autosave()
        return [record]

    def coach(self) -> tuple[Advice | None, Sequence[ActionRecord]]:
        """Solo practice: what the coach suggests now and why (roleplay/game/coach.py), recorded
        in the transcript so the debrief shows each use. Off in a class."""
        if self.team is not None:
            raise UsageError("The coach is off in a class: every team plays on its own judgement.")
        from roleplay.game.coach import advise

        advice = advise(self.session)
        if advice is None:
            record = self.session.coached(None, None, None)
        else:
            record = self.session.coached(advice.move, advice.target, advice.choice)
        self._autosave()
        return advice, [record]

    def set_value(self, name: str, value: float | bool | str) -> Sequence[ActionRecord]:
        """A playtest: set a value (or the phase) by hand, recorded like a move (not in a class)."""
        if self.team is not None:
            raise UsageError("values cannot be set by hand in a class: every team plays the same game")
        record = self.session.set(name, value)
        self._autosave()
        return [record]

    def values(self) -> list[tuple[str, str]]:
        """Every value a playtest can set, with what it is now, as the debug panel lists them."""
        from roleplay.engine.settings import current, settable

        world = self.session.world
        return [(name, _shown(current(world, name))) for name in settable(world)]

    def undo(self) -> TurnRecord:
        """Take back the last move, and the crisis responses that followed it; returns the
        move taken back. Solo practice only: in a class every input is committed to the
        class store, and a class plays for real (RoleplayError says so)."""
        if self.team is not None:
            raise RoleplayError(
                "Undo is off in a class: the class plays for real, so every move stands, as at a real table."
            )
        from roleplay.game.undo import before_last_move

        self.session, undone = before_last_move(self.session)
        self._autosave()
        return undone

    def rejoin(self) -> None:
        """In a class: take the team's state from the store again (another window played)."""
        if self.team is not None:
            self.session = self.team.rejoin()

    def take_notices(self) -> list[str]:
        """What happened that the user should know (and has not been told yet)."""
        notices, self._notices = self._notices, []
        return notices

    def save_to(self, path: Path) -> None:
        from roleplay.storage.saves import save

        save(self.session, path)

    def _autosave(self) -> None:
        """Save after each input. A failure (a full disk, a folder gone) never loses the input
        just played: the game goes on in memory, the last good autosave stays as it was, and
        the user is told once, then again when saving works again."""
        if self.autosave is None:
            return
        try:
            self.save_to(self.autosave)
        except (OSError, RoleplayError) as exc:  # WriteError names the file and the reason
            if not self._autosave_failing:
                self._notices.append(
                    f"The game could not be saved automatically ({exc}). Your move was played and nothing "
                    "was lost: play on, and free some space or save the game to another place."
                )
            self._autosave_failing = True
            return
        if self._autosave_failing:
            self._autosave_failing = False
            self._notices.append(f"The game is saved automatically again, to {self.autosave}.")


def _shown(value: float | bool | str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else f"{value:.2f}"
    return str(value)
