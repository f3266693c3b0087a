"""Package deals in the Algiers case: how often consultation can change the text, and how long
the search takes. States: the historical replay with a random other move 30% of the time, up to
the point where 'Reopen the text' can be played, one state per seed. For each state: does the
weighted centre on status, security and interim (the old reopening) survive the veto, does a
package exist, does it bring more parties to accept, and the search's time.

Target: a search takes at most 50 ms on average. Run from the repository root:
    .venv/bin/python benchmarks/bench_package.py [--seeds 300]
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from roleplay.engine import influence, package
from roleplay.engine.session import Session
from roleplay.engine.world import World
from roleplay.loading import load_case
from roleplay.strategies import HistoryStrategy

TARGET_MS = 50.0
CLOSING = ("present_as_final", "call_initialling", "signing_ceremony")


def reopening_state(case_blueprint: object, seed: int) -> World | None:
    session = Session(case_blueprint, seed, record=False)  # type: ignore[arg-type]
    strategy, rng = HistoryStrategy(seed), random.Random(seed)
    while not session.ended:
        if session.pending:
            session.respond(strategy.respond(session))
        elif session.can_play("reopen_negotiations", None):
            return session.world
        elif rng.random() < 0.3:
            session.play(*rng.choice([m for m in session.playable() if m[0] not in CLOSING]))
        elif (step := strategy.choose(session)) is not None:
            session.play(*step)
        else:
            return None
    return None


def centre_survives(world: World) -> bool:
    proposal = dict(world.draft)
    for issue in ("status", "security", "interim"):
        point = influence.compromise_point(
            (p.position[issue], p.capability, p.salience[issue]) for p in world.present()
        )
        if point is not None:
            proposal[issue] = point
    return all(
        influence.distance(proposal, p.position, p.salience) <= world.distance(p) + 1e-9 for p in world.present()
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=300)
    args = parser.parse_args()
    blueprint = load_case("scenarios/algiers-2014-2015.toml").blueprint
    states = centre = found = more = 0
    times: list[float] = []
    for seed in range(args.seeds):
        world = reopening_state(blueprint, seed)
        if world is None:
            continue
        states += 1
        centre += centre_survives(world)
        start = time.perf_counter()
        text = package.propose(world, list(world.issues))
        times.append(time.perf_counter() - start)
        if text is not None:
            found += 1
            after = world.copy()
            after.draft = text
            more += sum(after.accepts(p) for p in after.present()) > sum(world.accepts(p) for p in world.present())
    mean = 1000 * sum(times) / max(1, len(times))
    print(f"{states} states where 'Reopen the text' can be played ({args.seeds} seeds)")
    print(f"weighted centre survives the veto: {centre}; a package exists: {found}; more parties accept: {more}")
    slowest = 1000 * max(times, default=0.0)
    print(f"package search: mean {mean:.1f} ms, max {slowest:.1f} ms (target mean <= {TARGET_MS:.0f} ms)")
    return 0 if mean <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
