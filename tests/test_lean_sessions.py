"""Lean sessions (for simulations) play exactly like recorded ones, without the transcript."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from roleplay.engine.session import Session
from roleplay.loading import LoadedCase
from roleplay.strategies import RandomStrategy, autoplay


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_lean_and_recorded_sessions_reach_the_same_state(algiers: LoadedCase, seed: int) -> None:
    full = autoplay(Session(algiers.blueprint, seed), RandomStrategy(seed))
    lean = autoplay(Session(algiers.blueprint, seed, record=False), RandomStrategy(seed))
    assert lean.world.snapshot() == full.world.snapshot()
    assert lean.rng.getstate() == full.rng.getstate()
    assert lean.ending == full.ending
    assert lean.phases_seen == full.phases_seen
    assert len(lean.records) == 1 and len(full.records) > 1


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31))
def test_the_phase_filter_never_drops_a_playable_move(seed: int) -> None:
    """options_in(phase) is a superset of what is playable, at every step of a random game."""
    from pathlib import Path

    from roleplay.loading import load_case

    case = load_case(Path(__file__).resolve().parent.parent / "scenarios" / "algiers-2014-2015.toml")
    session = Session(case.blueprint, seed, record=False)
    strategy = RandomStrategy(seed)
    while not session.ended:
        if session.pending:
            session.respond(strategy.respond(session))
            continue
        allowed = set(case.blueprint.options_in(session.world.phase))
        playable = session.playable()
        assert set(playable) <= allowed
        session.play(*strategy.rng.choice(playable))
