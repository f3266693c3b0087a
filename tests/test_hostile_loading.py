"""Hostile case files (issue 13): shape guards before parsing, a position index linear in the
file, recovery without recursion: each refused in well under 5 s with file:line and a sentence."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CASE_PATH, BrokenCase

from roleplay.errors import ScenarioError
from roleplay.loading.guards import MAX_ITEMS, MAX_KEY_PARTS, MAX_LINE_CHARS, MAX_NESTING
from roleplay.loading.loader import read_document
from roleplay.loading.positions import PositionIndex
from roleplay.loading.recovery import _Pruned

CASE = CASE_PATH.read_text(encoding="utf-8")
CASE_LINES = CASE.count("\n")


def refused(tmp_path: Path, text: str) -> tuple[int, str, float]:
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ScenarioError) as info:
        read_document(path)
    (problem,) = info.value.problems
    assert problem.file == str(path)
    return problem.line, problem.message, time.monotonic() - started


def test_a_dotted_key_of_100000_parts_is_refused_before_tomllib(tmp_path: Path) -> None:
    # tomllib took 80 s and 3.9 GB on it; the format-error recovery overflowed the stack at 500.
    line, message, seconds = refused(tmp_path, CASE + ".".join(["k"] * 100_000) + " = 1\n")
    assert (line, seconds < 2) == (CASE_LINES + 1, True)
    assert message.startswith("refused before parsing: ")
    line, message, _ = refused(tmp_path, CASE + ".".join(["k"] * 500) + " = 1\n")
    assert line == CASE_LINES + 1
    assert message == f"refused before parsing: a dotted key or table name of more than {MAX_KEY_PARTS} parts"


def test_a_table_header_of_many_parts_is_refused(tmp_path: Path) -> None:
    _, message, _ = refused(tmp_path, CASE + "[" + ".".join(['"q"'] * 40) + "]\n")
    assert "more than 32 parts" in message


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    line, message, _ = refused(tmp_path, CASE + "x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert line == CASE_LINES + 1
    assert f"nested more than {MAX_NESTING} deep" in message


def test_a_very_long_line_is_refused(tmp_path: Path) -> None:
    line, message, seconds = refused(tmp_path, CASE.replace("title = ", "x = [" + "1, " * 400_000 + "]\ntitle = ", 1))
    assert "x = [" in CASE.replace("title = ", "x = [\ntitle = ", 1).split("\n")[line - 1]
    assert message == f"refused before parsing: a line longer than {MAX_LINE_CHARS:,} characters: break it up"
    assert seconds < 2


def test_too_many_items_are_refused(tmp_path: Path) -> None:
    _, message, seconds = refused(tmp_path, CASE + "x = [\n" + "1,\n" * (MAX_ITEMS + 1) + "]\n")
    assert "more than 50,000 keys and items" in message
    assert seconds < 2


def test_strings_and_comments_do_not_count_as_structure() -> None:
    from roleplay.loading.guards import shape_problem

    text = 'a = "' + "." * 100 + '"\n# ' + "[" * 100 + "\nb = '''\n" + "{" * 100 + "\n'''\n"
    assert shape_problem(text) is None


def test_the_shipped_files_pass_the_guards() -> None:
    from roleplay.loading.guards import shape_problem

    root = CASE_PATH.parent.parent
    for path in [*root.glob("scenarios/*.toml"), *root.glob("personas/*.toml")]:
        assert shape_problem(path.read_text(encoding="utf-8")) is None, path


def test_the_position_index_is_linear_in_a_long_line() -> None:
    # One line of 60,000 array items after a non-ASCII character: slicing the line per node
    # (quadratic) took minutes; a column is now a binary search.
    count = 60_000
    head = 'a = 1\nx = ["é", '
    text = head + ", ".join(["1"] * count) + "]\n"
    started = time.monotonic()
    index = PositionIndex.build(text)
    assert time.monotonic() - started < 5
    last = index.key(("x", count))
    assert last is not None and (last.line, last.column) == (2, len('x = ["é", ') + 3 * (count - 1) + 1)


def test_a_problem_column_is_right_after_line_separators(tmp_path: Path) -> None:
    # The index splits on "\n" only (as tree-sitter counts rows): so must the line read for a
    # column, or a U+2028 earlier in the file makes it read the wrong line.
    path = tmp_path / "sep.toml"
    path.write_text('a = "x\u2028y"\nb = "\\u0041\\u0041 bad"\n', encoding="utf-8")
    problem = read_document(path).problem(("b",), "bad", column_offset=3)
    assert (problem.line, problem.column) == (2, len('b = "\\u0041\\u0041 ') + 1)


def test_recovery_copies_deep_data_without_recursion() -> None:
    data: dict[str, object] = {}
    current = data
    for _ in range(5_000):
        inner: dict[str, object] = {}
        current["k"] = [inner]
        current = inner
    deepest: tuple[str | int, ...] = ("k", 0) * 5_000
    pruned = _Pruned(data, {deepest})
    depth, current = 0, pruned.data
    while current["k"]:
        depth, current = depth + 1, current["k"][0]
    assert depth == 4_999


# -- numbers bounded in the schema: a case that validates can always be played ----------------


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("  weight = 2", "  weight = 1e308", "moves[0].outcomes[0].weight", "less than or equal to 1000000"),
        ("  weight = 2", "  weight = 1e-320", "moves[0].outcomes[0].weight", "greater than or equal to 0.001"),
        (
            'toward = "compromise"',
            "toward = 1e308",
            "moves[0].outcomes[0].effects[1].toward",
            "less than or equal to 100",
        ),
    ],
)
def test_a_number_that_would_break_play_fails_validation_naming_field_and_line(
    broken_case: Callable[..., BrokenCase], old: str, new: str, field: str, message: str
) -> None:
    case = broken_case((old, new))
    problems = [p for p in case.problems() if p.field.startswith(field) and message in p.message]
    assert problems, case.problems()
    assert problems[0].line == case.line_of(new.strip())


def test_an_event_weight_near_the_largest_float_fails_validation(broken_case: Callable[..., BrokenCase]) -> None:
    case = broken_case(("[[events]]", 'narrative = "', 'weight = 1e308\nnarrative = "'))
    (problem,) = case.problems()  # and no error for the tests that play the event's choices
    assert problem.line == case.line_of("weight = 1e308")
    assert problem.field.endswith(".weight") and "less than or equal to 1000000" in problem.message


def test_an_edit_that_keeps_size_and_time_is_read(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('a = "one"\n', encoding="utf-8")
    before = path.stat()
    assert read_document(path).data == {"a": "one"}
    path.write_text('a = "two"\n', encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert read_document(path).data == {"a": "two"}


def test_validate_prints_no_escape_sequence_from_a_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from roleplay.cli import main

    path = tmp_path / "p.toml"
    path.write_text('kind = "x"\n"\\u001b[2J\\u001b]0;title\\u0007" = 1\n', encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert "[2J" in out and not any(ch in out for ch in "\x1b\x07")


def test_a_format_error_in_a_sub_phase_gives_no_bogus_in_phase_errors(
    broken_case: Callable[..., BrokenCase],
) -> None:
    from conftest import FULL_ALGIERS_PATH

    case = broken_case(('id = "p1_drafting"', 'id = "p1_drafting"\n  bogus = 1'), source=FULL_ALGIERS_PATH)
    problems = case.problems()
    assert [p.message for p in problems] == ["unknown key 'bogus'"]
