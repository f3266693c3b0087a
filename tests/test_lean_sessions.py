"""Lean sessions (for simulations) play exactly like recorded ones, without the transcript."""

from __future__ import annotations

from conftest import FULL_ALGIERS_PATH
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
    from roleplay.loading import load_case

    case = load_case(FULL_ALGIERS_PATH)
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


def test_cached_party_lists_and_counts_follow_every_standing_change() -> None:
    """present(), involved() and count(standing) are cached until a standing changes: at every
    step of random games (most of which change standings) they equal a fresh count."""
    from roleplay.loading import load_case

    case = load_case(FULL_ALGIERS_PATH)
    changed = sum(_standings_checked(Session(case.blueprint, seed, record=False), seed) for seed in range(10))
    assert changed >= 5  # the check ran across standing changes, not only on quiet games


def _standings_checked(session: Session, seed: int) -> int:
    """Play a random game, checking the cached lists and counts at each step; the number of
    steps that changed a standing."""
    from roleplay.engine.world import PRESENT, STANDINGS

    strategy = RandomStrategy(seed)
    changes = 0
    before = None
    while not session.ended:
        world = session.world
        parties = list(world.parties.values())
        standings = [p.standing for p in parties]
        changes += before is not None and standings != before
        before = standings
        assert world.present() == tuple(p for p in parties if p.standing in PRESENT)
        assert world.involved() == tuple(p for p in parties if p.standing != "outside")
        for standing in STANDINGS:
            assert world.count(standing) == standings.count(standing), standing
        if session.pending:
            session.respond(strategy.respond(session))
            continue
        move = strategy.choose(session)
        assert move is not None
        session.play(*move)
    return changes


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31), steps=st.integers(min_value=0, max_value=30))
def test_a_lean_fork_plays_on_like_its_original_and_leaves_it_alone(algiers: LoadedCase, seed: int, steps: int) -> None:
    """Look-ahead strategies fork lean sessions thousands of times: a fork continues exactly as
    the original would, and playing it changes nothing in the original."""
    session = Session(algiers.blueprint, seed, record=False)
    strategy = RandomStrategy(seed)
    for _ in range(steps):
        if session.ended:
            break
        if session.pending:
            session.respond(strategy.respond(session))
        else:
            move = strategy.choose(session)
            assert move is not None
            session.play(*move)
    before = (session.world.snapshot(), session.rng.getstate(), session.phase, len(session.pending))
    fork = session.fork()
    autoplay(fork, RandomStrategy(seed + 1))
    assert (session.world.snapshot(), session.rng.getstate(), session.phase, len(session.pending)) == before
    autoplay(session, RandomStrategy(seed + 1))
    assert fork.world.snapshot() == session.world.snapshot()
    assert fork.ending == session.ending and fork.phases_seen == session.phases_seen
