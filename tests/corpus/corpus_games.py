"""How the corpus games are played; the one file to adapt when the engine's API moves."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path


def corpus_games(root: Path, cases: Iterable[str], seeds: Mapping[str, Iterable[int]]) -> Iterator[tuple[str, str]]:
    from roleplay.authoring.golden import load_paths
    from roleplay.engine.session import Session
    from roleplay.engine.transcript import render
    from roleplay.loading import load_case
    from roleplay.strategies import STRATEGIES, autoplay

    loaded = {name: load_case(root / "scenarios" / name) for name in cases}
    for name, case in loaded.items():
        ref = f"scenarios/{name}"
        for strategy, strategy_seeds in seeds.items():
            for seed in strategy_seeds:
                mediator = STRATEGIES[strategy](seed)
                session = Session(case.blueprint, seed, case_ref=ref, case_digest=case.digest, events=mediator.events)
                autoplay(session, mediator)
                yield f"{name}/{strategy}/{seed}", render(session.records)
        for index, path in enumerate(load_paths(root / "scenarios" / name, case.blueprint)):
            session = Session(case.blueprint, path.seed, case_ref=ref, case_digest=case.digest)
            for step in path.steps:
                if step.startswith("?") or session.ended:
                    continue
                session.act(step)
            if path.then is not None:
                autoplay(session, STRATEGIES[path.then](path.seed))
            yield f"{name}/golden/{index}", render(session.records)
    # Bamako carried over from each way the Algiers history and random games end.
    algiers, bamako = loaded["algiers-2014-2015.toml"], loaded["bamako-implementation-2015-2017.toml"]
    for seed in range(1, 11):
        first = STRATEGIES["random" if seed % 2 else "history"](seed)
        earlier = Session(algiers.blueprint, seed, events=first.events)
        autoplay(earlier, first)
        then = STRATEGIES["history"](seed)
        session = Session(
            bamako.blueprint,
            seed,
            case_ref="scenarios/bamako-implementation-2015-2017.toml",
            case_digest=bamako.digest,
            prior=earlier.summary(),
            events=then.events,
        )
        autoplay(session, then)
        yield f"carry-over/{seed}", render(session.records)
