"""Faithful content: every quote a shipped case or persona cites appears in its source text."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

from roleplay.loading import load_case
from roleplay.model.common import Citation

SEEDS = Path(os.environ.get("ROLEPLAY_SEEDS", ROOT.parent / "shared" / "seeds"))
CASES = sorted((ROOT / "scenarios").glob("*.toml"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _citations(value: object) -> Iterator[Citation]:
    """Every Citation inside a model, however deeply nested."""
    if isinstance(value, Citation):
        yield value
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _citations(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _citations(item)
    elif hasattr(value, "__pydantic_fields__"):
        for name in type(value).__pydantic_fields__:
            yield from _citations(getattr(value, name))


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"source texts not found at {SEEDS}")
@pytest.mark.parametrize("case_path", CASES, ids=lambda p: p.stem)
def test_every_quote_is_in_its_source(case_path: Path) -> None:
    loaded = load_case(case_path)
    sources = {s.id: s for s in loaded.case.sources}
    texts = {}
    for source in sources.values():
        assert source.file, f"source {source.id} names no file to check quotes against"
        texts[source.id] = _squash((SEEDS / source.file).read_text(encoding="utf-8"))
    used = {p.persona for p in loaded.case.parties} | {loaded.case.mediation.lead, *loaded.case.mediation.co_mediators}
    items = [loaded.case, *(loaded.blueprint.personas[p] for p in sorted(used))]
    checked = 0
    missing = []
    for item in items:
        for cite in _citations(item):
            if cite.quote is None:
                continue
            checked += 1
            if _squash(cite.quote) not in texts[cite.source]:
                missing.append(f"{cite.source} {cite.at}: {cite.quote!r}")
    assert not missing, "quotes not found in their source:\n" + "\n".join(missing)
    assert checked >= 10, "a shipped case should quote its sources"


def test_quote_check_catches_a_misquote() -> None:
    text = _squash("The road map enshrined the red lines\nset by the government.")
    assert _squash("enshrined the red lines set by") in text
    assert _squash("enshrined the green lines") not in text
