"""Median time of one turn (available moves, play, events, transitions) on the Phase I slice.

Run: .venv/bin/python benchmarks/bench_turn.py
Each sample plays one full random game and times each turn: available_moves() + play()
(which runs the events and the phase transitions) or respond() for a pending event.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from roleplay.engine.session import Session
from roleplay.loading import load_case
from roleplay.strategies import RandomStrategy

CASE = Path(__file__).resolve().parent.parent / "scenarios" / "algiers-roadmap-2014.toml"


def main(games: int = 400) -> None:
    blueprint = load_case(CASE).blueprint
    turns: list[float] = []
    setups: list[float] = []
    for seed in range(games):
        start = time.perf_counter_ns()
        session = Session(blueprint, seed)
        setups.append(time.perf_counter_ns() - start)
        strategy = RandomStrategy(seed)
        while not session.ended:
            start = time.perf_counter_ns()
            if session.pending:
                session.respond(strategy.respond(session))
            else:
                options = [(o.move, o.target) for o in session.available_moves() if o.available]
                session.play(*strategy.rng.choice(options))
            turns.append(time.perf_counter_ns() - start)
    median = statistics.median(turns) / 1000
    p95 = statistics.quantiles(turns, n=20)[18] / 1000
    print(f"turns measured: {len(turns)} over {games} games")
    print(f"one turn: median {median:.1f} us, p95 {p95:.1f} us (target: median <= 100 us)")
    print(f"session setup: median {statistics.median(setups) / 1000:.1f} us")
    sys.exit(0 if median <= 100 else 1)


if __name__ == "__main__":
    main()
