"""Hostile saves and transcripts (issue 13): any valid case text survives a save, tampered or
truncated saves are refused with a clear message, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BrokenCase

from roleplay.cli import main
from roleplay.engine.session import Session
from roleplay.engine.transcript import render
from roleplay.loading import LoadedCase, load_case
from roleplay.storage.saves import resume, save
from roleplay.storage.transcripts import read_records
from roleplay.strategies import HistoryStrategy, autoplay

#: Characters str.splitlines() splits on that JSON leaves unescaped (PDF quotes carry them).
SEPARATORS = "\u2028\u2029\u0085"


@pytest.fixture
def separated(broken_case: Callable[..., BrokenCase]) -> LoadedCase:
    """The Algiers case with line separators in every narrative (a valid case)."""
    case = broken_case()
    text = case.text.replace('narrative = "', f'narrative = "{SEPARATORS}')
    case.path.write_text(text, encoding="utf-8")
    return load_case(case.path)


def play(loaded: LoadedCase, seed: int = 3, actions: int = 12) -> Session:
    session = Session(loaded.blueprint, seed, case_ref=str(loaded.path), case_digest=loaded.digest)
    autoplay(session, HistoryStrategy(seed), max_actions=actions)
    return session


def test_line_separators_in_case_text_survive_save_resume_replay_and_debrief(
    separated: LoadedCase, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    session = play(separated)
    path = tmp_path / "save.jsonl"
    save(session, path)
    assert any(ch in path.read_text(encoding="utf-8") for ch in SEPARATORS)
    records = read_records(path)
    assert render(records) == render(session.records)
    resumed = resume(path, separated.blueprint, separated.digest)
    assert render(resumed.records) == render(session.records)
    assert main(["replay", str(path)]) == 0
    assert main(["debrief", str(path)]) == 0
    assert "reproduces exactly" in capsys.readouterr().out
