"""Hostile saves and transcripts (issue 13): any valid case text survives a save, tampered or
truncated saves are refused with a clear message, never a traceback."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BrokenCase

from roleplay.cli import main
from roleplay.engine.session import Session
from roleplay.engine.transcript import render
from roleplay.errors import SaveError
from roleplay.loading import LoadedCase, load_case
from roleplay.storage.saves import resume, save
from roleplay.storage.transcripts import read_records, read_transcript
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


# -- tampered saves ---------------------------------------------------------------------------


#: Ten inputs of the road map case with drawn outcomes (proximity talks) and two crises answered.
TEN_INPUTS = [
    "prisoner_exchange",
    "keep_platform",
    "proximity_talks:coordination",
    "security_sidelines",
    "call_for_calm",
    "proximity_talks:platform",
    "propose_road_map",
    "enshrine_red_lines",
    "hundred_days",
    "proximity_talks:coordination",
]


@pytest.fixture
def saved_game(algiers: LoadedCase, tmp_path: Path) -> Path:
    path = tmp_path / "save.jsonl"
    session = Session(algiers.blueprint, 5, case_ref=str(algiers.path), case_digest=algiers.digest)
    for step in TEN_INPUTS:
        session.act(step)
    save(session, path)
    return path


def rewrite(path: Path, number: int, edit: Callable[[dict[str, object]], object]) -> None:
    """Rewrite record ``number`` (1-based) through ``edit``, as a person editing the file would."""
    lines = path.read_text(encoding="utf-8").split("\n")
    record = json.loads(lines[number - 1])
    edit(record)
    lines[number - 1] = json.dumps(record, ensure_ascii=False, allow_nan=True, separators=(",", ":"))
    path.write_text("\n".join(lines), encoding="utf-8")


def turn_line(path: Path, key: str = "changes") -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(n for n, line in enumerate(lines, start=1) if '"type":"turn"' in line and json.loads(line).get(key))


def _set(key: str, value: object) -> Callable[[dict[str, object]], object]:
    return lambda record: record.__setitem__(key, value)


def _first_change(key: str, value: object) -> Callable[[dict[str, object]], object]:
    def edit(record: dict[str, object]) -> None:
        changes = record["changes"]
        assert isinstance(changes, list)
        changes[0][key] = value

    return edit


TAMPERINGS: dict[str, tuple[str, Callable[[dict[str, object]], object]]] = {
    "nan in a change": ("changes", _first_change("from", float("nan"))),
    "infinity in a change": ("changes", _first_change("to", float("inf"))),
    "nan chance": ("chances", _set("chances", {"heard": float("nan")})),
    "changes not a list": ("changes", _set("changes", {"value": "x"})),
    "change without from": ("changes", lambda r: r["changes"][0].pop("from")),  # type: ignore[index]
    "change of an unknown value": ("changes", _first_change("value", "nothing.here")),
    "a change of phase never made": (
        "changes",
        _set("changes", [{"value": "phase", "from": "x", "to": "agreement", "causes": []}]),
    ),
    "a phase never reached": ("changes", _set("phase", "agreement")),
    "another outcome": ("outcome", _set("outcome", "refused")),
    "a later date": ("changes", _set("date", "2099-01-01")),
    "an event never fired": ("changes", _set("events", ["tabankort_fighting"])),
    "an ending never reached": ("changes", _set("ending", "roadmap_separate")),
    "a chance changed": ("chances", lambda r: r.__setitem__("chances", dict.fromkeys(r["chances"], 0.5))),  # type: ignore[arg-type]
    "an unknown move": ("move", _set("move", "no_such_move")),
    "a negative turn": ("changes", _set("turn", -1)),
}


@pytest.mark.parametrize("kind", sorted(TAMPERINGS))
@pytest.mark.parametrize("command", ["replay", "debrief"])
def test_a_tampered_save_is_refused_with_a_message_never_a_traceback(
    saved_game: Path, kind: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key, edit = TAMPERINGS[kind]
    rewrite(saved_game, turn_line(saved_game, key), edit)
    before = saved_game.read_bytes()
    assert main([command, str(saved_game)]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert str(saved_game) in out + err
    if command == "debrief":
        assert out == ""  # no debrief of a game that was not played
    assert saved_game.read_bytes() == before


def test_a_tampered_header_is_refused_by_debrief(saved_game: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rewrite(saved_game, 2, _set("seed", 6))
    assert main(["debrief", str(saved_game)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "does not reproduce" in err


def test_a_save_with_nan_is_refused_as_the_earlier_game_of_a_carry_over(
    finished_algiers: tuple[Session, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from conftest import BAMAKO_PATH

    _, path = finished_algiers
    rewrite(path, turn_line(path), _first_change("from", float("nan")))
    assert main(["run", str(BAMAKO_PATH), "--after", str(path), "--json"]) == 1
    assert "finite number" in capsys.readouterr().err


# -- truncation -------------------------------------------------------------------------------


def test_a_save_cut_at_a_record_boundary_is_refused(saved_game: Path, algiers: LoadedCase) -> None:
    lines = saved_game.read_bytes().split(b"\n")
    assert lines[0] == b'{"type":"transcript","records":11}'
    assert lines[-2] == b'{"type":"end","records":11}'
    for keep in range(1, len(lines) - 2):  # cut before the end line: every record is there
        saved_game.write_bytes(b"\n".join(lines[:keep]) + b"\n")
        with pytest.raises(SaveError, match=r"the file ends after \d+ of its 11 records"):
            resume(saved_game, algiers.blueprint)


def _without_count(text: str) -> str:
    return text.split("\n", 1)[1]


def _without_end(text: str) -> str:
    return text[: text.rstrip("\n").rfind("\n") + 1]


def test_a_save_written_before_record_counts_is_still_read(
    saved_game: Path, algiers: LoadedCase, capsys: pytest.CaptureFixture[str]
) -> None:
    old = _without_end(_without_count(saved_game.read_text(encoding="utf-8")))
    saved_game.write_text(old, encoding="utf-8")
    transcript = read_transcript(saved_game)
    assert not transcript.counted
    assert render(transcript.records) == old
    assert render(resume(saved_game, algiers.blueprint).records) == old
    assert main(["replay", str(saved_game)]) == 0
    assert "without a record count" in capsys.readouterr().out


def test_a_save_written_before_end_lines_is_still_read(saved_game: Path, algiers: LoadedCase) -> None:
    saved_game.write_text(_without_end(saved_game.read_text(encoding="utf-8")), encoding="utf-8")
    assert read_transcript(saved_game).counted
    assert len(resume(saved_game, algiers.blueprint).records) == 11


def test_a_save_without_its_first_line_is_damaged_not_old(
    saved_game: Path, algiers: LoadedCase, capsys: pytest.CaptureFixture[str]
) -> None:
    saved_game.write_text(_without_count(saved_game.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(SaveError, match=r":1: the first line, the record count, is missing"):
        resume(saved_game, algiers.blueprint)
    assert main(["replay", str(saved_game)]) == 1
    err = capsys.readouterr().err
    assert f"{saved_game}:1: the first line, the record count, is missing" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("last", ['{"type":"end","records":10}', '{"type":"end","records":"11"}', '{"type":"end"}'])
def test_an_edited_end_line_is_refused(saved_game: Path, last: str) -> None:
    lines = saved_game.read_text(encoding="utf-8").split("\n")
    saved_game.write_text("\n".join([*lines[:-2], last, ""]), encoding="utf-8")
    with pytest.raises(SaveError, match=r":13: the end line (counts 10 records|is invalid)"):
        read_records(saved_game)


def test_the_file_is_the_count_then_the_transcript_byte_for_byte(saved_game: Path) -> None:
    transcript = read_transcript(saved_game)
    assert transcript.counted
    count = len(transcript.records)
    assert saved_game.read_text(encoding="utf-8") == (
        f'{{"type":"transcript","records":{count}}}\n'
        + render(transcript.records)
        + f'{{"type":"end","records":{count}}}\n'
    )


@pytest.mark.parametrize(
    "first",
    ['{"type":"transcript","records":0}', '{"type":"transcript","records":"11"}', '{"type":"transcript"}'],
)
def test_an_edited_record_count_is_refused(saved_game: Path, first: str) -> None:
    lines = saved_game.read_text(encoding="utf-8").split("\n")
    saved_game.write_text("\n".join([first, *lines[1:]]), encoding="utf-8")
    with pytest.raises(SaveError, match=r":1: the record count is invalid"):
        read_records(saved_game)


def test_more_records_than_counted_are_refused(saved_game: Path) -> None:
    lines = saved_game.read_text(encoding="utf-8").split("\n")
    saved_game.write_text("\n".join([lines[0], *lines[1:-2], lines[-3], ""]), encoding="utf-8")
    with pytest.raises(SaveError, match=r":13: more records than the 11 its first line counts"):
        read_records(saved_game)
