"""Pinning an outcome (issue 14): a golden path or `run --moves` can write 'move@outcome' to
test one branch of a move with random outcomes on any seed; the pin is recorded, so the
transcript replays, and a pin that names no outcome, or one that cannot happen, says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CASE_PATH as ROADMAP
from helpers import answer_events, new_session

from roleplay.cli import main
from roleplay.errors import MoveError
from roleplay.loading import LoadedCase, load_case
from roleplay.storage.saves import resume, save


@pytest.fixture(scope="module")
def roadmap() -> LoadedCase:
    return load_case(ROADMAP)


@pytest.mark.parametrize("outcome", ["heard", "cold"])
def test_a_pin_chooses_the_outcome_on_every_seed(roadmap: LoadedCase, outcome: str) -> None:
    drawn = set()
    for seed in range(12):
        free = new_session(roadmap, seed)
        drawn.add(free.play("proximity_talks", "coordination")["outcome"])
        record = new_session(roadmap, seed).act(f"proximity_talks:coordination@{outcome}")
        assert record["type"] == "turn" and record["outcome"] == outcome and record.get("pinned") is True
    assert drawn == {"heard", "cold"}  # unpinned, both happen on these seeds


def test_a_pinned_game_replays(roadmap: LoadedCase, tmp_path: Path) -> None:
    session = new_session(roadmap, 3)
    session.act("proximity_talks:platform@cold")
    answer_events(session)
    session.act("proximity_talks:coordination")
    path = tmp_path / "pinned.jsonl"
    save(session, path)
    assert resume(path, roadmap.blueprint, roadmap.digest).records == session.records


def test_a_pin_naming_no_outcome_is_refused_before_anything_happens(roadmap: LoadedCase) -> None:
    session = new_session(roadmap, 1)
    with pytest.raises(MoveError, match="has no outcome 'warm' \\(its outcomes: heard, cold\\)"):
        session.act("proximity_talks:coordination@warm")
    assert session.world.turn == 0 and len(session.records) == 1


def test_golden_paths_check_their_pins(broken_case) -> None:  # type: ignore[no-untyped-def]
    from roleplay.cli.problems import validate_paths

    broken = broken_case(source=ROADMAP)
    text = broken.path.read_text(encoding="utf-8")
    broken.path.write_text(
        text + '\n[[tests]]\nname = "pinned"\nseed = 5\nsteps = ["proximity_talks:coordination@warm"]\n',
        encoding="utf-8",
    )
    problems = [str(p) for p in validate_paths([broken.path])[1]]
    assert len(problems) == 1 and "has no outcome 'warm'" in problems[0], problems


def test_run_moves_with_a_pin(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    moves = "proximity_talks:government@cold"
    code = main(["run", str(ROADMAP), "--seed", "2", "--moves", moves, "--transcript", str(out)])
    assert code == 0, capsys.readouterr().err
    turn = json.loads(out.read_text(encoding="utf-8").splitlines()[2])
    assert (turn["outcome"], turn["pinned"]) == ("cold", True)
    assert main(["replay", str(out)]) == 0
    capsys.readouterr()
