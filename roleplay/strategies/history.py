"""Replays what the real mediation team did, from the case's [history], and says where the
game could not follow it."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from roleplay.engine.session import Session
from roleplay.errors import RoleplayError
from roleplay.model.transcript import EventMode
from roleplay.strategies.base import Move


@dataclass(frozen=True)
class Divergence:
    """Where the replay departs from the case's history: a step it could not play, or a step
    played on other days than the date the step gives."""

    step: int  #: 1-based, as the case's [[history.steps]] are numbered
    move: str
    target: str | None
    kind: str  #: "not_playable", "date", "outcome" (the recorded outcome could not happen) or "after_end"
    text: str  #: the divergence in words

    def as_dict(self) -> dict[str, object]:
        return {"step": self.step, "move": self.move, "target": self.target, "kind": self.kind, "text": self.text}


def date_span(text: str) -> tuple[dt.date, dt.date] | None:
    """The days a history step's date covers: '2014-07-24' one day, '2014-09' the month,
    '2015-06-05/19' the range; None for a date in another form (not checked)."""
    try:
        if "/" in text:
            first, _, last_day = text.partition("/")
            start = dt.date.fromisoformat(first)
            return start, start.replace(day=int(last_day))
        if len(text) == 7:
            year, month = int(text[:4]), int(text[5:])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        day = dt.date.fromisoformat(text)
        return day, day
    except ValueError:
        return None


class HistoryStrategy:
    """Plays the historical steps in order and answers events as history did.

    It asks for a session without random or counterfactual events (``events``), so the
    replay shows only what happened. A step that cannot be played (a party walked out, say)
    is not played, and every departure from the history is kept in ``divergences`` in words:
    the steps left out with the reason, and the steps whose move spans other days than the
    step's date. After the last step the strategy stops.
    """

    name = "history"
    #: A faithful replay: what the session must be started with (see Session's ``events``).
    events: EventMode = "historical"

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.position = 0
        self.divergences: list[Divergence] = []
        #: The outcome the sources record for the move just chosen, which autoplay plays
        #: instead of drawing one (None: drawn).
        self.pinned: str | None = None

    def choose(self, session: Session) -> Move | None:
        history = session.blueprint.case.history
        if history is None:
            return None
        playable = set(session.playable())
        while self.position < len(history.steps):
            step = history.steps[self.position]
            self.position += 1
            if (step.move, step.target) in playable:
                self._check_date(session, step.move, step.target, step.date)
                self.pinned = self._recorded(session, step.move, step.target, step.outcome)
                return step.move, step.target
            self._not_playable(session, step.move, step.target)
        return None

    def report(self, session: Session) -> list[Divergence]:
        """Every divergence, with the steps the game ended before (once it is over)."""
        history = session.blueprint.case.history
        steps = history.steps if history is not None else []
        if session.ending is None:
            return list(self.divergences)
        ended = [
            Divergence(
                number,
                step.move,
                step.target,
                "after_end",
                f"step {number} ({_name(session, step.move, step.target)}) was not played: the game "
                f"ended on {session.world.date} ({session.ending.title})",
            )
            for number, step in enumerate(steps[self.position :], start=self.position + 1)
        ]
        return self.divergences + ended

    def respond(self, session: Session) -> str:
        event = session.pending[0]
        historical = [c for c in event.choices if c.choice.historical]
        return (historical or list(event.choices))[0].choice.id

    def _not_playable(self, session: Session, move: str, target: str | None) -> None:
        reasons = next(
            (o.reasons for o in session.available_moves() if o.move == move and o.target == target),
            ("unknown move or target",),
        )
        name = _name(session, move, target)
        self.divergences.append(
            Divergence(
                self.position,
                move,
                target,
                "not_playable",
                f"step {self.position} ({name}) could not be played on {session.world.date}: {'; '.join(reasons)}",
            )
        )

    def _recorded(self, session: Session, move: str, target: str | None, outcome: str | None) -> str | None:
        """The step's recorded outcome if it can happen now (tried on a fork), else None and a
        divergence: the outcome is drawn."""
        if outcome is None:
            return None
        try:
            session.fork().play(move, target, outcome=outcome)
        except RoleplayError as error:
            name = _name(session, move, target)
            text = f"step {self.position} ({name}): the recorded outcome could not happen ({error}); it was drawn"
            self.divergences.append(Divergence(self.position, move, target, "outcome", text))
            return None
        return outcome

    def _check_date(self, session: Session, move: str, target: str | None, date: str | None) -> None:
        """The move takes its days from today: does the step's date fall within them?"""
        span = date_span(date) if date else None
        if span is None:
            return
        today = dt.date.fromisoformat(session.world.date)
        done = today + dt.timedelta(days=session.blueprint.moves[move].move.cost.days)
        if today <= span[1] and span[0] <= done:
            return
        name = _name(session, move, target)
        self.divergences.append(
            Divergence(
                self.position,
                move,
                target,
                "date",
                f"step {self.position} ({name}) is dated {date} but is played from {today} to {done}",
            )
        )


def _name(session: Session, move: str, target: str | None) -> str:
    compiled = session.blueprint.moves.get(move)
    name = compiled.move.name if compiled else move
    return f"{name} -> {target}" if target else name
