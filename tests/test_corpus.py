"""Every game of the recorded corpus still produces its transcript byte for byte.

The corpus (tests/corpus/digests.json) was recorded before the layered redesign of
issue 10: 5 cases x random, greedy and history x 50 seeds, every golden path, and Bamako
carried over from ten Algiers games. A change of structure must not change one byte.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
sys.path.insert(0, str(CORPUS))

from record import CASES, STRATEGY_SEEDS, digest  # noqa: E402


def test_every_corpus_game_reproduces_byte_for_byte() -> None:
    from corpus_games import corpus_games

    expected: dict[str, str] = json.loads((CORPUS / "digests.json").read_text(encoding="utf-8"))
    produced = {key: digest(text) for key, text in corpus_games(CORPUS.parents[1], CASES, STRATEGY_SEEDS)}
    assert len(expected) > 700
    assert produced.keys() == expected.keys()
    changed = sorted(key for key in expected if produced[key] != expected[key])
    assert not changed, f"{len(changed)} transcripts changed, first: {changed[:5]}"
