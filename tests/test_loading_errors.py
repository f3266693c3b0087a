"""Bad input is reported as ScenarioError with file, line, column and field, all at once.

Every test edits a copy of the shipped case and computes the expected line (and column) by
searching the edited text, so the tests follow the case file as it grows.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CASE_PATH, PERSONAS_DIR, BrokenCase

from roleplay.errors import Problem, ScenarioError
from roleplay.loading import load_case, load_persona
from roleplay.loading.loader import read_document

Make = Callable[..., BrokenCase]


def the(problems: list[Problem], field: str) -> Problem:
    """The one problem reported for ``field``."""
    found = [p for p in problems if p.field == field]
    assert len(found) == 1, f"expected one problem on {field}, got: {[str(p) for p in problems]}"
    return found[0]


def assert_located(problems: list[Problem], path: Path) -> None:
    for problem in problems:
        assert Path(problem.file) == path, str(problem)
        assert problem.line >= 1 and problem.column >= 1, str(problem)
        assert problem.field, str(problem)
        # The printed form is what the command line shows: file:line:col: field: message
        assert str(problem) == (f"{problem.file}:{problem.line}:{problem.column}: {problem.field}: {problem.message}")


def test_the_shipped_case_loads(algiers: object) -> None:
    assert load_case(CASE_PATH).case.id


# -- the file itself --------------------------------------------------------------------------


def test_malformed_toml_names_line_and_column(broken_case: Make) -> None:
    broken = broken_case(("[mediation]", "capital = ", "capital = = "))
    line = broken.line_of("capital = = ")
    problem = the(broken.problems(), "(toml)")
    assert (problem.line, problem.column) == (line, broken.column_of("= = ", line) + 2)
    assert problem.message.startswith("invalid TOML")
    assert "line" not in problem.message  # the position is in the fields, not repeated in text


def test_unterminated_string_names_its_line(broken_case: Make) -> None:
    broken = broken_case(('title = "', 'title = "no end\n#'))
    problem = the(broken.problems(), "(toml)")
    assert problem.line == broken.line_of('title = "no end')


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    text = CASE_PATH.read_text(encoding="utf-8")
    line = text[: text.index("\nperiod = ")].count("\n") + 2
    raw = text.replace("\nperiod = ", "\nperiod = \xe9", 1).encode("latin-1", errors="replace")
    path = tmp_path / "latin1.toml"
    path.write_bytes(raw)
    with pytest.raises(ScenarioError) as info:
        load_case(path)
    [problem] = info.value.problems
    assert (problem.file, problem.line, problem.field) == (str(path), line, "(file)")
    assert "UTF-8" in problem.message


@pytest.mark.parametrize(
    "content",
    [b"", b"\xef\xbb\xbf" + b'id = "x"\n', b"\x00\x01\x02", b"[[moves]]\n[moves]\n", b"a = 1\na = 2\n"],
    ids=["empty", "bom", "binary", "table-clash", "duplicate-key"],
)
def test_odd_files_give_scenario_errors(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "odd.toml"
    path.write_bytes(content)
    with pytest.raises(ScenarioError) as info:
        load_case(path)
    assert_located(info.value.problems, path)


def test_missing_file_and_folder_give_scenario_errors(tmp_path: Path) -> None:
    for path in (tmp_path / "nope.toml", tmp_path):
        with pytest.raises(ScenarioError) as info:
            load_case(path)
        [problem] = info.value.problems
        assert problem.field == "(file)" and "cannot read" in problem.message


# -- the format ---------------------------------------------------------------------------------


def test_wrong_type_names_field_line_and_value_column(broken_case: Make) -> None:
    broken = broken_case(("[[endings]]", "quality = ", 'quality = "high" # '))
    line = broken.line_of('quality = "high"')
    problem = the(broken.problems(), "endings[0].quality")
    assert (problem.line, problem.column) == (line, broken.column_of('"high"', line))
    assert "number" in problem.message


def test_a_date_that_is_not_a_day_is_refused(broken_case: Make) -> None:
    broken = broken_case(("[clock]", 'end = "2014-08-15"', 'end = "2014-02-30"'))
    problem = the(broken.problems(), "clock.end")
    assert problem.line == broken.line_of('end = "2014-02-30"')
    assert "not a day of the calendar" in problem.message


def test_misspelled_key_is_an_unknown_key(broken_case: Make) -> None:
    broken = broken_case(("[[phases]]", "\nsummary = ", "\nsumary = "))
    line = broken.line_of("sumary = ")
    problems = broken.problems()
    assert_located(problems, broken.path)
    unknown = the(problems, "phases[0].sumary")
    assert unknown.message == "unknown key 'sumary'; did you mean 'summary'?"
    assert (unknown.line, unknown.column) == (line, broken.column_of("sumary", line))  # at the key
    # the real key is missing, and that is the same mistake: one error (issue 14)
    assert not [p for p in problems if p.field == "phases[0].summary"]


def test_missing_required_field_points_at_its_table(broken_case: Make) -> None:
    broken = broken_case(('id = "prisoner_exchange"', "\nteaching = ", "\n# teaching = "))
    blocks = broken.text.split("\n[[moves]]\n")[1:]
    [index] = [i for i, block in enumerate(blocks) if 'id = "prisoner_exchange"' in block]
    problem = the(broken.problems(), f"moves[{index}].teaching")
    assert problem.message == "required but missing"
    move_line = broken.line_of('id = "prisoner_exchange"')
    assert problem.line == broken.line_before("[[moves]]", move_line)


def test_unknown_effect_kind_lists_the_kinds(broken_case: Make) -> None:
    broken = broken_case(('id = "college_meeting"', '{ kind = "capital"', '{ kind = "capitol"'))
    line = broken.line_of('kind = "capitol"')
    [problem] = broken.problems()
    assert problem.field.endswith(".effects[0]") and problem.field.startswith("moves[")
    assert "unknown kind 'capitol'" in problem.message and "'capital'" in problem.message
    assert (problem.line, problem.column) == (line, broken.column_of("{ kind", line))


# -- references between ids -------------------------------------------------------------------


def test_unknown_persona_in_parties(broken_case: Make) -> None:
    broken = broken_case(('persona = "platform"', 'persona = "platfrom"'))
    line = broken.line_of('persona = "platfrom"')
    problems = broken.problems()
    assert_located(problems, broken.path)
    problem = the(problems, "parties[2].persona")
    assert "unknown persona 'platfrom'" in problem.message
    assert "did you mean 'platform'" in problem.message
    assert (problem.line, problem.column) == (line, broken.column_of('"platfrom"', line))


def test_duplicate_move_ids(broken_case: Make) -> None:
    broken = broken_case(("[[moves]]", 'id = "two_tracks"\nname', 'id = "hundred_days"\nname'))
    first = broken.line_of('id = "hundred_days"')
    second = broken.line_of('id = "hundred_days"', start=first + 1)
    [problem] = broken.problems()
    assert "duplicate move id 'hundred_days'" in problem.message
    assert problem.field.startswith("moves[") and problem.field.endswith("].id")
    assert problem.line == second


def test_transition_to_unknown_phase(broken_case: Make) -> None:
    broken = broken_case(("[[transitions]]", 'dest = "drafting"', 'dest = "draftin"'))
    line = broken.line_of('dest = "draftin"')
    [problem] = broken.problems()
    assert problem.field == "transitions[0].dest"
    assert "unknown phase or ending 'draftin'" in problem.message
    assert "did you mean 'drafting'" in problem.message
    assert (problem.line, problem.column) == (line, broken.column_of('"draftin"', line))


def test_unknown_name_in_condition_points_at_the_name(broken_case: Make) -> None:
    broken = broken_case(("[[moves]]", "and draft.framework > ", "and draft.frameworx > "))
    line = broken.line_of("draft.frameworx")
    [problem] = broken.problems()
    assert problem.field.startswith("moves[") and problem.field.endswith("].available")
    assert "unknown name 'draft.frameworx'" in problem.message
    assert "did you mean 'draft.framework'" in problem.message
    assert (problem.line, problem.column) == (line, broken.column_of("draft.frameworx", line))


def test_unknown_name_in_an_effect_condition(broken_case: Make) -> None:
    broken = broken_case(('when = "not flag.security_track"', 'when = "not flag.security_trak"'))
    line = broken.line_of("flag.security_trak")
    [problem] = broken.problems()
    assert problem.field.startswith("events[") and problem.field.endswith("].when")
    assert (problem.line, problem.column) == (line, broken.column_of("flag.security_trak", line))


def test_condition_column_counts_escaped_quotes(broken_case: Make) -> None:
    broken = broken_case(
        (
            "[[moves]]",
            "phase == 'drafting' and has_draft and draft.framework > ",
            'phase == \\"drafting\\" and has_draft and draft.frameworx > ',
        )
    )
    line = broken.line_of("draft.frameworx")
    [problem] = broken.problems()
    assert (problem.line, problem.column) == (line, broken.column_of("draft.frameworx", line))


def test_unknown_standing_value_in_condition(broken_case: Make) -> None:
    broken = broken_case(("standing.target != 'outside'", "standing.target != 'outsid'"))
    line = broken.line_of("'outsid'")
    [problem] = broken.problems()
    assert "unknown value 'outsid' for standing.target" in problem.message
    assert "walked_out" in problem.message  # the valid values are listed
    assert (problem.line, problem.column) == (line, broken.column_of("'outsid'", line))


# -- nothing in a file is ever run --------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "complaint"),
    [
        ("__import__('os').system('touch x')", "function calls"),
        ("open('x', 'w').write('pwned') > 0", "function calls"),
        ("().__class__.__bases__[0].__subclasses__() == 1", "not allowed"),
        ("(lambda: __import__('os').system('touch x'))()", "not allowed"),
        ("[__import__('os').system('touch x') for _ in 'a'] == 1", "not allowed"),
    ],
)
def test_attack_conditions_are_rejected_and_not_run(
    broken_case: Make, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, condition: str, complaint: str
) -> None:
    monkeypatch.chdir(tmp_path)
    toml_condition = condition.replace('"', '\\"')
    broken = broken_case(('available = "played.college_meeting < 3"', f'available = "{toml_condition}"'))
    line = broken.line_of(toml_condition)
    [problem] = broken.problems()
    assert problem.field.endswith(".available")
    assert complaint in problem.message
    assert problem.line == line
    assert not (tmp_path / "x").exists()
    assert sorted(os.listdir(tmp_path)) == ["personas", "scenarios"]


def test_power_tower_is_rejected_quickly(broken_case: Make) -> None:
    broken = broken_case(('available = "played.college_meeting < 3"', 'available = "9**9**9**9 > 1"'))
    started = time.perf_counter()
    [problem] = broken.problems()
    assert time.perf_counter() - started < 5
    assert "arithmetic not allowed" in problem.message
    assert problem.line == broken.line_of("9**9**9**9")


# -- every problem at once -------------------------------------------------------------------------


def test_several_format_errors_are_all_reported(broken_case: Make) -> None:
    broken = broken_case(
        ("[[endings]]", "quality = ", 'quality = "high" # '),
        ("[[phases]]", "\nsummary = ", "\nsumary = "),
        ('id = "college_meeting"', '{ kind = "capital"', '{ kind = "capitol"'),
        ("[clock]", "start = ", "start = 20140714 # "),
    )
    problems = broken.problems()
    assert_located(problems, broken.path)
    fields = {p.field for p in problems}
    assert {"endings[0].quality", "phases[0].sumary", "clock.start"} <= fields
    assert any("unknown kind 'capitol'" in p.message for p in problems)
    assert the(problems, "endings[0].quality").line == broken.line_of('quality = "high"')
    assert the(problems, "clock.start").line == broken.line_of("start = 20140714")


def test_several_reference_errors_are_all_reported(broken_case: Make) -> None:
    broken = broken_case(
        ("[[transitions]]", 'dest = "drafting"', 'dest = "draftin"'),
        ("[[moves]]", 'id = "two_tracks"\nname', 'id = "hundred_days"\nname'),
        ('available = "played.college_meeting < 3"', 'available = "played.college_meetin < 3"'),
        ("standing.target != 'outside'", "standing.target != 'outsid'"),
    )
    problems = broken.problems()
    assert_located(problems, broken.path)
    messages = "\n".join(str(p) for p in problems)
    dup = 'id = "hundred_days"'
    for needle, expected_line in [
        ("unknown phase or ending 'draftin'", broken.line_of('dest = "draftin"')),
        ("duplicate move id 'hundred_days'", broken.line_of(dup, broken.line_of(dup) + 1)),
        ("unknown name 'played.college_meetin'", broken.line_of("played.college_meetin ")),
        ("unknown value 'outsid'", broken.line_of("'outsid'")),
    ]:
        [problem] = [p for p in problems if needle in p.message]
        assert problem.line == expected_line, messages


def test_format_and_reference_errors_are_reported_together(broken_case: Make) -> None:
    broken = broken_case(
        ("[[endings]]", "quality = ", 'quality = "high" # '),
        ("[[transitions]]", 'dest = "drafting"', 'dest = "draftin"'),
    )
    fields = {p.field for p in broken.problems()}
    assert {"endings[0].quality", "transitions[0].dest"} <= fields


def test_references_behind_a_broken_item_keep_their_own_places(broken_case: Make) -> None:
    """moves[1] fails the format and is set aside: a reference error in moves[3] is still
    reported as moves[3], at its line, and nothing is said of the set-aside move's id."""
    broken = broken_case(
        ('id = "prisoner_exchange"', "max_uses = 1", 'max_uses = "one"'),
        (
            'id = "security_sidelines"',
            'party = "coordination", toward = "platform"',
            'party = "coordinaton", toward = "platform"',
        ),
    )
    problems = broken.problems()
    assert_located(problems, broken.path)
    assert the(problems, "moves[1].max_uses").line == broken.line_of('max_uses = "one"')
    unknown = the(problems, "moves[3].effects[2].party")
    assert unknown.line == broken.line_of('party = "coordinaton"')
    assert "coordinaton" in unknown.message
    assert not [p for p in problems if "'prisoner_exchange'" in p.message]  # the history still names it


def test_a_broken_top_level_field_reports_the_format_only(broken_case: Make) -> None:
    """A top-level table's own field cannot be set aside: the format error alone, no traceback."""
    broken = broken_case(
        ("random_event_chance = 0.15", 'random_event_chance = "lots"'), ('dest = "drafting"', 'dest = "draftin"')
    )
    assert [p.field for p in broken.problems()] == ["clock.random_event_chance"]


# -- numbers the engine cannot play with -------------------------------------------------------------


@pytest.mark.parametrize(
    "edit",
    [
        ("weight = 1\nonce = false", "weight = inf\nonce = false"),
        ("[[moves.outcomes]]", "weight = 2", "weight = inf"),
        ('toward = "compromise", strength = ', "toward = nan, strength = "),
    ],
    ids=["event-weight-inf", "outcome-weight-inf", "persuade-toward-nan"],
)
def test_non_finite_numbers_are_rejected(broken_case: Make, edit: tuple[str, ...]) -> None:
    broken = broken_case(edit)
    problems = broken.problems()
    assert_located(problems, broken.path)


# -- personas -----------------------------------------------------------------------------------


def test_persona_position_outside_red_line(tmp_path: Path) -> None:
    text = (PERSONAS_DIR / "platform.toml").read_text(encoding="utf-8")
    header = "[positions.framework]"
    assert header in text
    head, tail = text.split(header, 1)
    tail = tail.replace("position = ", "position = 95 # ", 1)
    path = tmp_path / "platform.toml"
    path.write_text(head + header + tail, encoding="utf-8")
    broken = BrokenCase(path, head + header + tail)
    with pytest.raises(ScenarioError) as info:
        load_persona(path)
    [problem] = info.value.problems
    assert problem.field == "positions.framework"
    assert "position 95 lies outside red_line" in problem.message
    assert problem.line in (broken.line_of(header), broken.line_of("position = 95"))


def test_persona_problems_are_reported_with_the_case(broken_case: Make) -> None:
    broken = broken_case(
        persona_edits={"platform.toml": [("[positions.framework]", "position = ", "position = 95 # ")]}
    )
    persona_file = broken.path.parent.parent / "personas" / "platform.toml"
    persona = BrokenCase(persona_file, persona_file.read_text(encoding="utf-8"))
    problems = broken.problems()
    [problem] = [p for p in problems if Path(p.file) == persona_file and p.field == "positions.framework"]
    assert problem.line in (persona.line_of("[positions.framework]"), persona.line_of("position = 95"))


def test_persona_wrong_kind_and_unknown_key(tmp_path: Path) -> None:
    text = (PERSONAS_DIR / "platform.toml").read_text(encoding="utf-8")
    text = text.replace('kind = "armed_coalition"', 'kind = "warlord"', 1)
    text = text.replace("capability = ", "capabilty = ", 1)
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    broken = BrokenCase(path, text)
    with pytest.raises(ScenarioError) as info:
        load_persona(path)
    problems = info.value.problems
    assert the(problems, "kind").line == broken.line_of('kind = "warlord"')
    assert the(problems, "capabilty").line == broken.line_of("capabilty = ")
    assert the(problems, "capabilty").message == "unknown key 'capabilty'"


def test_read_document_gives_positions(tmp_path: Path) -> None:
    path = tmp_path / "doc.toml"
    path.write_text('a = 1\n\n[t]\nb = "x"\n', encoding="utf-8")
    document = read_document(path)
    assert document.data == {"a": 1, "t": {"b": "x"}}
    problem = document.problem(("t", "b"), "bad")
    assert (problem.line, problem.column, problem.field) == (4, 5, "t.b")


def test_windows_line_endings_keep_lines_and_columns(broken_case: Make) -> None:
    broken = broken_case(
        ("[[transitions]]", 'dest = "drafting"', 'dest = "draftin"'),
        ('available = "played.college_meeting < 3"', 'available = "played.college_meetin < 3"'),
    )
    broken.path.write_bytes(broken.text.replace("\n", "\r\n").encode("utf-8"))
    problems = {p.field.rsplit(".", 1)[-1]: p for p in broken.problems()}
    line = broken.line_of('dest = "draftin"')
    assert (problems["dest"].line, problems["dest"].column) == (line, broken.column_of('"draftin"', line))
    line = broken.line_of("played.college_meetin ")
    assert (problems["available"].line, problems["available"].column) == (
        line,
        broken.column_of("played.college_meetin ", line),
    )
