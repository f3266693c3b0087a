"""A computer team in a class: a built-in mediator plays each input through the class store,
so headless teams fill a class for a demonstration or a load test."""

from __future__ import annotations

import time
import zlib

from roleplay.classroom.store import ClassStore
from roleplay.classroom.team import TeamSession
from roleplay.game.mediators import MEDIATORS


def team_seed(class_seed: int, team: str) -> int:
    """The class shares the session's seed; each team's mediator draws its own choices."""
    return class_seed * 1_000_003 + zlib.crc32(team.encode())


def play_headless(
    store: ClassStore, code: str, team: str, strategy: str = "random", poll: float = 0.5, *, token: str | None = None
) -> TeamSession:
    """Join class ``code`` as ``team`` (a team of that name needs its ``token``) and play."""
    return play_team(TeamSession(store, code, team, token=token), strategy, poll)


def play_team(joined: TeamSession, strategy: str = "random", poll: float = 0.5) -> TeamSession:
    """Play the joined team until the game or the class ends, waiting while the instructor has
    paused the class; every input is committed before it is played."""
    session = joined.session
    mediator = MEDIATORS[strategy](team_seed(joined.info.seed, joined.team))
    while not session.ended:
        status = joined.status
        if status == "ended":
            break
        if status == "paused":
            time.sleep(poll)
            continue
        if session.pending:
            joined.submit("choice", mediator.respond(session))
            continue
        move = mediator.choose(session)
        if move is None:
            break
        joined.submit("move", *move)
    return joined
