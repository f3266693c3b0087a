"""Session.can_play agrees with Session.play on targets: a move that needs a target is not
playable without one, nor with one it cannot take, and a move that takes none is not playable
with one (the probe's spam asked can_play and then crashed in play)."""

from __future__ import annotations

import pytest

from roleplay.engine.session import Session
from roleplay.errors import MoveError
from roleplay.loading import load_case


@pytest.fixture(scope="module")
def session() -> Session:
    return Session(load_case("scenarios/bamako-implementation-2015-2017.toml").blueprint, 1, record=False)


def test_a_targeted_move_needs_a_target_it_can_take(session: Session) -> None:
    assert session.can_play("shuttle", "coordination")
    assert not session.can_play("shuttle", None)
    assert not session.can_play("shuttle", "nobody")
    with pytest.raises(MoveError):
        session.fork().play("shuttle", None)


def test_an_untargeted_move_takes_no_target(session: Session) -> None:
    move = next(m for m, t in session.playable() if t is None)
    assert session.can_play(move, None)
    assert not session.can_play(move, "coordination")
