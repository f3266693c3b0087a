"""Record (or check) the transcript corpus: every shipped case played by the random, greedy
and history mediators on many seeds, its golden paths, and Bamako carried over from Algiers.

Each entry keeps the SHA-256 of the transcript's JSON Lines, so a restructuring of the code
can be shown to change no byte of any game. `python tests/corpus/record.py` rewrites
digests.json (only when the engine's behaviour is meant to change);
tests/test_corpus.py plays the same games and compares.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIGESTS = Path(__file__).with_name("digests.json")
CASES = sorted(p.name for p in (ROOT / "scenarios").glob("*.toml") if not p.name.endswith(".tests.toml"))
STRATEGY_SEEDS = {"random": range(1, 51), "greedy": range(1, 51), "history": range(1, 51)}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def games() -> Iterator[tuple[str, str]]:
    """(key, transcript text) for every game of the corpus."""
    from corpus_games import corpus_games  # type: ignore[import-not-found]

    yield from corpus_games(ROOT, CASES, STRATEGY_SEEDS)


def main() -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    result = {key: digest(text) for key, text in games()}
    DIGESTS.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(result)} games recorded in {DIGESTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
