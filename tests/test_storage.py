"""Transcripts and saves on disk: every line is validated against the record models, a bad
file is refused with its file, line and field, and what is read is what was written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from roleplay.engine.session import Session
from roleplay.engine.transcript import render
from roleplay.errors import SaveError
from roleplay.loading import LoadedCase
from roleplay.model.transcript import start_of
from roleplay.storage.transcripts import read_records, write_transcript
from roleplay.strategies import HistoryStrategy, autoplay


@pytest.fixture
def saved(algiers: LoadedCase, tmp_path: Path) -> Path:
    session = Session(algiers.blueprint, 5, case_ref=str(algiers.path), case_digest=algiers.digest)
    autoplay(session, HistoryStrategy(5), max_actions=6)
    path = tmp_path / "save.jsonl"
    write_transcript(path, session.records)
    return path


def edit_line(path: Path, number: int, edit: object) -> None:
    """Rewrite record ``number`` (1-based) through ``edit`` (a function of the record)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[number - 1])
    edit(record)  # type: ignore[operator]
    lines[number - 1] = json.dumps(record, allow_nan=True)  # writes NaN and Infinity as JSON cannot
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def first_change_line(path: Path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if n > 2 and json.loads(line).get("changes"))


def test_what_is_read_is_what_was_written(saved: Path) -> None:
    records = read_records(saved)
    count, rest = saved.read_text(encoding="utf-8").split("\n", 1)
    assert count == f'{{"type":"transcript","records":{len(records)}}}'  # the file's first line
    assert render(records) + f'{{"type":"end","records":{len(records)}}}\n' == rest  # and its last
    assert start_of(records)["seed"] == 5


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_a_number_that_is_not_finite_is_refused_with_file_line_and_field(saved: Path, number: float) -> None:
    line = first_change_line(saved)

    def spoil(record: dict[str, list[dict[str, object]]]) -> None:
        record["changes"][0]["from"] = number

    edit_line(saved, line, spoil)
    before = saved.read_bytes()
    with pytest.raises(SaveError) as info:
        read_records(saved)
    assert str(info.value) == f"{saved}:{line}: field 'changes.0.from': Input should be a finite number"
    assert saved.read_bytes() == before  # refused, never repaired


def test_a_chance_that_is_not_finite_is_refused(saved: Path) -> None:
    def spoil(record: dict[str, object]) -> None:
        record["chances"] = {"heard": float("nan")}

    edit_line(saved, 3, spoil)  # line 1 counts the records, line 2 is the start record
    with pytest.raises(SaveError, match=r":3: field 'chances.heard': Input should be a finite number"):
        read_records(saved)


def test_a_truncated_save_is_refused_at_its_last_line(saved: Path) -> None:
    text = saved.read_bytes()
    saved.write_bytes(text[:-40])
    lines = text[:-40].count(b"\n") + 1
    with pytest.raises(SaveError, match=rf"{saved.name}:{lines}: the last record is truncated"):
        read_records(saved)


@pytest.mark.parametrize(
    ("line", "edit", "message"),
    [
        (2, lambda r: r.update(seed="5"), ":2: field 'seed': Input should be a valid integer"),
        (2, lambda r: r.update(seed=True), ":2: field 'seed': Input should be a valid integer"),
        (2, lambda r: r.pop("case_sha256"), ":2: start record lacks 'case_sha256'"),
        (3, lambda r: r.pop("move"), ":3: turn record lacks 'move'"),
        (3, lambda r: r.update(mood="sunny"), ":3: field 'mood': Extra inputs are not permitted"),
        (3, lambda r: r.update(type="start"), ":3: unknown record type 'start' (expected turn, choice or inject)"),
        (3, lambda r: r["lines"][0].update(speaker=7), ":3: field 'lines.0.speaker': Input should be a valid string"),
    ],
)
def test_a_field_of_the_wrong_kind_is_named(saved: Path, line: int, edit: object, message: str) -> None:
    edit_line(saved, line, edit)
    with pytest.raises(SaveError) as info:
        read_records(saved)
    assert str(info.value) == f"{saved}{message}"


def test_a_value_that_is_no_value_lists_what_would_do(saved: Path) -> None:
    line = first_change_line(saved)

    def spoil(record: dict[str, list[dict[str, object]]]) -> None:
        record["changes"][0]["to"] = [1]

    edit_line(saved, line, spoil)
    with pytest.raises(SaveError, match=rf":{line}: field 'changes.0.to': Input should be a valid boolean or "):
        read_records(saved)
