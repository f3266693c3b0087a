"""The look-ahead weighs every outcome by its chance in a lean session (simulations) as in a
recorded one (the game on screen): the expert that `simulate` and the benchmarks measure is
the one a trainee plays beside (roleplay/game/lookahead.py)."""

from __future__ import annotations

import functools

import pytest
from conftest import ROOT

from roleplay.engine.actions import Play
from roleplay.engine.session import Session
from roleplay.game.coach import believed
from roleplay.game.expert import ExpertStrategy
from roleplay.game.expert_value import state_value
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


def test_each_outcome_keeps_the_state_it_led_to(mali: LoadedCase) -> None:
    session = believed(Session(mali.blueprint, 4, record=False))
    tried = try_action(session, Play("lessons_dialogue", None), progress_value)
    assert tried is not None
    states = {o: state for (o, _, _), state in zip(tried.outcomes, tried.states, strict=True)}
    candid, blame = states["candid"], states["blame_game"]
    cma, authorities = "coordination", "transitional_authorities"
    before = session.world.parties[cma].relations[authorities]
    assert candid.world.parties[cma].relations[authorities] > before > blame.world.parties[cma].relations[authorities]
    # the same state the look-ahead valued for that outcome, and the likeliest among them
    assert dict((o, v) for o, _, v in tried.outcomes)["candid"] == pytest.approx(progress_value(candid))
    assert tried.likely is blame


def test_two_moves_ahead_follows_each_likely_outcome_not_the_likeliest_alone(mali: LoadedCase) -> None:
    # A coin whose likeliest side is the worse one (the blame game, 52%) does not decide what
    # the expert thinks a dialogue leads to: each side is followed one move further.
    expert = ExpertStrategy(4)
    session = Session(mali.blueprint, 4, record=False)
    session.play("propose_rereading")  # a text on the table: what a candid exchange works on
    while session.pending:
        session.respond(session.pending[0].choices[0].choice.id)
    base = believed(session)
    value = functools.partial(state_value, pressure=0.0)
    action = Play("lessons_dialogue", None)
    tried = try_action(base, action, value)
    assert tried is not None and [o for o, _, _ in tried.outcomes] == ["candid", "blame_game"]
    two = expert._two_ahead(tried, 0.0, 0.0, ())
    after = dict(zip((o for o, _, _ in tried.outcomes), tried.states, strict=True))
    ahead = {o: expert._then(after[o], v, 0.0, 0.0, ()) for o, _, v in tried.outcomes if o}
    chances = {o: chance for o, chance, _ in tried.outcomes if o}
    assert chances["blame_game"] > chances["candid"]
    assert ahead["candid"] > ahead["blame_game"]
    assert two == pytest.approx(sum(chances[o] * ahead[o] for o in ahead))
    assert two >= tried.value
