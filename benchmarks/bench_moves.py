"""Median time to build the move list with its why-not texts, per turn, on the full Algiers case.

Run: .venv/bin/python benchmarks/bench_moves.py
Plays games with the history strategy (seeds 0..N-1; random moves once history runs out) and, before each move, times
``Game.moves()``: every move with whether it can be played and, if not, why in words: what
the app's move list and detail panel show each turn.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from roleplay.engine.session import Session
from roleplay.game import Game
from roleplay.loading import load_case
from roleplay.strategies import HistoryStrategy, RandomStrategy

CASE = Path(__file__).resolve().parent.parent / "scenarios" / "algiers-2014-2015.toml"
TARGET_US = 100


def main(games: int = 20) -> None:
    loaded = load_case(CASE)
    samples: list[float] = []
    for seed in range(games):
        session = Session(loaded.blueprint, seed)
        game = Game(loaded, session, None)
        strategy, fallback = HistoryStrategy(seed), RandomStrategy(seed)
        game.moves()  # the first call per case compiles the renderers (counted apart below)
        while not session.ended:
            if session.pending:
                session.respond(strategy.respond(session))
                continue
            start = time.perf_counter_ns()
            game.moves()
            samples.append(time.perf_counter_ns() - start)
            move = strategy.choose(session) or fallback.choose(session)
            if move is None:
                break
            session.play(*move)
    median = statistics.median(samples) / 1000
    p95 = statistics.quantiles(samples, n=20)[18] / 1000
    print(f"move lists built: {len(samples)} over {games} games")
    print(f"move list with why-not texts: median {median:.1f} us, p95 {p95:.1f} us (target: median <= {TARGET_US} us)")
    sys.exit(0 if median <= TARGET_US else 1)


if __name__ == "__main__":
    main()
