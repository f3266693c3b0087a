"""The look-ahead weighs every outcome by its chance in a lean session (simulations) as in a
recorded one (the game on screen): the expert that `simulate` and the benchmarks measure is
the one a trainee plays beside (roleplay/game/lookahead.py)."""

from __future__ import annotations

import pytest
from conftest import ROOT

from roleplay.engine.actions import Play
from roleplay.engine.session import Session
from roleplay.game.coach import believed
from roleplay.game.lookahead import progress_value, try_action
from roleplay.loading import LoadedCase, load_case

MALI = ROOT / "scenarios" / "mali-2020-2023.toml"


@pytest.fixture(scope="module")
def mali() -> LoadedCase:
    return load_case(MALI)


def test_a_lean_session_weighs_every_outcome_by_its_chance(mali: LoadedCase) -> None:
    # 'lessons_dialogue' has two outcomes (a candid exchange, a blame game): the look-ahead on a
    # lean session tries both, with the chances a recorded session shows, not the one its own
    # dice drew with a chance of 1.
    found = {}
    for record in (True, False):
        session = believed(Session(mali.blueprint, 4, record=record))
        tried = try_action(session, Play("lessons_dialogue", None), progress_value)
        assert tried is not None
        found[record] = tried.outcomes
    assert [o for o, _, _ in found[False]] == ["candid", "blame_game"]
    assert found[False] == found[True]
    assert sum(chance for _, chance, _ in found[False]) == pytest.approx(1.0, abs=0.01)


def test_the_lean_look_ahead_leaves_its_forks_lean(mali: LoadedCase) -> None:
    session = Session(mali.blueprint, 4, record=False)
    tried = try_action(session, Play("statement_of_concern", None), progress_value)
    assert tried is not None and not tried.likely.recorder.keeps
