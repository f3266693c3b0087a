"""One error for one mistake (issue 14): each deliberate mistake, applied to a copy of the
tutorial and its personas, gives exactly one error line naming the right file and line, with
a key phrase of its message. A mistake in a persona may add one line more, and only one: the
case's reference to the persona that could not be loaded.

Each mistake is (name, file, old, new, marker, phrase): ``old`` is replaced once by ``new`` in
``file`` (the case, or personas/<name>.toml); the error is expected on the line of the mutated
file holding ``marker`` (None: no error at all); ``phrase`` is part of its message.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from roleplay.cli.problems import validate_paths

ROOT = Path(__file__).resolve().parents[1]
PERSONAS = ("government", "coordination", "platform", "algeria", "un_minusma", "african_union")
CASE = "scenarios/tutorial.toml"
PLATFORM = "personas/platform.toml"


class Mistake(NamedTuple):
    name: str
    file: str
    old: str
    new: str
    marker: str | None
    phrase: str


MISTAKES = [
    # -- typos in keys
    Mistake(
        "case key typo",
        CASE,
        'narrative = "You receive',
        'narative = "You receive',
        "narative =",
        "unknown key 'narative'",
    ),
    Mistake(
        "top-level key typo", CASE, "duration_minutes = 5", "duration_minuts = 5", "duration_minuts", "unknown key"
    ),
    Mistake("persona key typo", PLATFORM, "salience = 45", "salince = 45", "salince", "unknown key 'salince'"),
    # -- typos in ids
    Mistake(
        "history move typo",
        CASE,
        'move = "security_talks"',
        'move = "security_talk"',
        '"security_talk"',
        "unknown move 'security_talk'",
    ),
    Mistake("transition phase typo", CASE, 'dest = "drafting"', 'dest = "draftin"', '"draftin"', "draftin"),
    Mistake(
        "rubric id typo",
        CASE,
        "rubric = { consent = 1 }",
        "rubric = { consnet = 1 }",
        "consnet",
        "unknown rubric id 'consnet'",
    ),
    Mistake(
        "flag typo", CASE, 'flag = "security_track" }', 'flag = "security_trak" }', "security_trak", "unknown flag"
    ),
    Mistake(
        "ending typo in a test",
        CASE,
        'expect_ending = "roadmap_signed"',
        'expect_ending = "roadmap_signd"',
        "roadmap_signd",
        "roadmap_signd",
    ),
    Mistake(
        "history target typo",
        CASE,
        'target = "coordination"',
        'target = "coordinaton"',
        "coordinaton",
        "needs a target",
    ),
    Mistake(
        "source typo in a cite",
        CASE,
        'cite = ["ipi-2017 §Phase I: A Road',
        'cite = ["ipi-2071 §Phase I: A Road',
        "ipi-2071",
        "unknown source 'ipi-2071'",
    ),
    Mistake(
        "duplicate move id",
        CASE,
        'id = "plenary"',
        'id = "proximity_talks"',
        'id = "proximity_talks"\nname = "Plenary',
        "duplicate move id",
    ),
    # -- persona ids
    Mistake(
        "party persona typo",
        CASE,
        'persona = "platform"',
        'persona = "platfrom"',
        "platfrom",
        "unknown persona 'platfrom'",
    ),
    Mistake("lead mediator typo", CASE, 'lead = "algeria"', 'lead = "algera"', "algera", "unknown persona 'algera'"),
    Mistake(
        "persona id differs from its file name",
        PLATFORM,
        'id = "platform"',
        'id = "platforme"',
        "platforme",
        "differs from the file name",
    ),
    Mistake(
        "lead mediator as a party",
        CASE,
        '[[issues]]\nid = "framework"',
        '[[parties]]\npersona = "algeria"\n\n[[issues]]\nid = "framework"',
        'persona = "algeria"',
        "cannot sit as a negotiating party",
    ),
    # -- conditions
    Mistake("condition name typo", CASE, 'when = "has_draft"', 'when = "has_drafts"', "has_drafts", "has_drafts"),
    Mistake("= for ==", CASE, "count.present == 3", "count.present = 3", "count.present = 3", "=="),
    Mistake(
        "&& for and",
        CASE,
        "accepts.government and (accepts.coordination",
        "accepts.government && (accepts.coordination",
        "&&",
        "and",
    ),
    Mistake("! for not", CASE, 'when = "count.walked_out >= 2"', 'when = "!(count.walked_out < 2)"', "!(count", "not"),
    Mistake("=> for >=", CASE, 'when = "count.walked_out >= 2"', 'when = "count.walked_out => 2"', "=>", ">="),
    # -- missing fields, wrong types
    Mistake(
        "missing issue name", CASE, 'name = "Timetable"\n', "", '[[issues]]\nid = "timetable"', "required but missing"
    ),
    Mistake(
        "missing move id", CASE, 'id = "plenary"\n', "", '[[moves]]\nname = "Plenary session"', "required but missing"
    ),
    Mistake("string for a number", CASE, "max_turns = 14", 'max_turns = "fourteen"', "max_turns", "integer"),
    Mistake("number out of range", CASE, "capital = 100\n", "capital = 1000\n", "capital = 1000", "100"),
    Mistake(
        "effect kind typo",
        CASE,
        'kind = "trust", signal = 0.45',
        'kind = "trusts", signal = 0.45',
        "trusts",
        "unknown kind 'trusts'",
    ),
    Mistake("persona wrong type", PLATFORM, "capability = 35", 'capability = "high"', "capability", "number"),
    # -- TOML shapes
    Mistake(
        "[rubric] for [[rubric]]",
        CASE,
        '[[rubric]]\nid = "preparedness"',
        '[rubric]\nid = "preparedness"',
        "[rubric]",
        "[[rubric]]",
    ),
    Mistake("BOM at the start", CASE, "#:schema", "\ufeff#:schema", None, ""),
    Mistake(
        "duplicate issue id",
        CASE,
        'id = "timetable"\nname = "Timetable"',
        'id = "framework"\nname = "Timetable"',
        'id = "framework"\nname = "Timetable"',
        "duplicate issue id 'framework'",
    ),
    Mistake(
        "choice label missing",
        CASE,
        '  label = "Name the pro-government groups"\n',
        "",
        '[[events.choices]]\n  id = "name_proxies"',
        "required but missing",
    ),
    Mistake(
        "[issues] for [[issues]]",
        CASE,
        '[[issues]]\nid = "timetable"',
        '[issues]\nid = "timetable"',
        '[issues]\nid = "timetable"',
        "makes a list of them",
    ),
    Mistake(
        "event with a date and a turn",
        CASE,
        "turn = 5",
        'turn = 5\ndate = "2014-07-20"',
        '[[events]]\nid = "tabankort"',
        "not date and turn",
    ),
    Mistake("a table as a list of tables", CASE, "[clock]", "[[clock]]", "[[clock]]", "is one table: write [clock]"),
    Mistake(
        "a text for a list",
        CASE,
        'co_mediators = ["un_minusma", "african_union"]',
        'co_mediators = "un_minusma"',
        "co_mediators =",
        "needs a list",
    ),
    Mistake(
        "phase date typo key",
        CASE,
        'date = "July 2014"\nhistory = "Phase I opened',
        'dat = "July 2014"\nhistory = "Phase I opened',
        'dat = "July 2014"',
        "unknown key 'dat'",
    ),
    Mistake(
        "choice historical as text",
        CASE,
        '  historical = true\n  narrative = "The mediation calls',
        '  historical = "yes"\n  narrative = "The mediation calls',
        'historical = "yes"',
        "Input should be a valid boolean",
    ),
    Mistake(
        "ending quality as text",
        CASE,
        "quality = 35",
        'quality = "35"',
        'quality = "35"',
        "Input should be a valid number",
    ),
    Mistake(
        "weight zero", CASE, "turn = 5", "weight = 0", "weight = 0", "Input should be greater than or equal to 0.001"
    ),
    Mistake(
        "flag initial as text",
        CASE,
        'description = "Evening security talks run on the sidelines."',
        'description = "Evening security talks run on the sidelines."\ninitial = "no"',
        'initial = "no"',
        "Input should be a valid boolean",
    ),
    Mistake(
        "persona salience as text",
        PLATFORM,
        "salience = 45",
        'salience = "45"',
        'salience = "45"',
        "Input should be a valid number",
    ),
    Mistake(
        "persona members not a list",
        PLATFORM,
        'members = ["maa_platform", "cmfpr", "cpa"]',
        'members = "cpa"',
        'members = "cpa"',
        "needs a list, e.g. ['cpa'], not a single text",
    ),
    Mistake(
        "uncertainty out of range",
        CASE,
        "red_line = 0\nacceptance = 0",
        "red_line = -5\nacceptance = 0",
        "red_line = -5",
        "Input should be greater than or equal to 0",
    ),
    Mistake(
        "condition stray quote",
        CASE,
        'when = "count.walked_out >= 2"',
        'when = "count.walked_out >= 2\'"',
        'when = "count.walked_out >= 2\'"',
        "in condition: syntax error: unterminated string ",
    ),
    Mistake(
        "targets on a move without a target",
        CASE,
        'cost = { days = 2, capital = 2 }\nnarrative = "The three delegations',
        'cost = { days = 2, capital = 2 }\ntargets = ["government"]\nnarrative = "The three delegations',
        '[[moves]]\nid = "plenary"',
        "targets apply only to a move with target = 'one'",
    ),
    # -- more mistakes of the kinds the author met (issue 14): values, ranges, patterns, tables
    Mistake(
        "max_turns quoted",
        CASE,
        "max_turns = 14",
        'max_turns = "14"',
        'max_turns = "14"',
        "Input should be a valid integer",
    ),
    Mistake(
        "date format",
        CASE,
        'start = "2014-07-14"',
        'start = "14/07/2014"',
        'start = "14/07/2014"',
        "'14/07/2014' is not a date written YYYY-MM-DD, e",
    ),
    Mistake(
        "end before start", CASE, 'end = "2014-08-10"', 'end = "2014-07-01"', "[clock]", "end must come after start"
    ),
    Mistake(
        "timeout ending typo",
        CASE,
        'timeout_ending = "out_of_time"',
        'timeout_ending = "out_of_tme"',
        'timeout_ending = "out_of_tme"',
        "unknown ending 'out_of_tme'",
    ),
    Mistake(
        "standing value typo",
        CASE,
        'count.present == 3"\nlabel = "All',
        "standing.platform == 'at_tabel'\"\nlabel = \"All",
        "standing.platform == 'at_tabel'",
        "in condition: unknown value 'at_tabel' for stand",
    ),
    Mistake(
        "red line reversed",
        CASE,
        "red_line = [0, 35]",
        "red_line = [35, 0]",
        "[parties.overrides.positions.framework]",
        "red_line low 35 is above high 0",
    ),
    Mistake(
        "position outside red line",
        CASE,
        "position = 10\n",
        "position = 50\n",
        "[parties.overrides.positions.framework]",
        "position 50 lies outside red_line [0, 35]",
    ),
    Mistake(
        "salience out of range",
        CASE,
        "salience = 85",
        "salience = 185",
        "salience = 185",
        "Input should be less than or equal to 100",
    ),
    Mistake(
        "anchor out of range",
        CASE,
        '{ at = 100, label = "open-ended process" }',
        '{ at = 150, label = "open-ended process" }',
        '{ at = 150, label = "open-ended process" },',
        "Input should be less than or equal to 100",
    ),
    Mistake(
        "negative acceptance",
        CASE,
        "base = 12",
        "base = -12",
        "base = -12",
        "Input should be greater than or equal to 0",
    ),
    Mistake(
        "flag id with a space",
        CASE,
        'id = "security_track"',
        'id = "security track"',
        'id = "security track"',
        "'security track' is not an id: lower-case letter",
    ),
    Mistake(
        "transition source typo",
        CASE,
        'source = "hearing"',
        'source = "hearng"',
        'source = "hearng"',
        "unknown phase 'hearng'; did you mean 'hearing'?",
    ),
    Mistake(
        "unbalanced parenthesis",
        CASE,
        "(accepts.coordination or accepts.platform)",
        "(accepts.coordination or accepts.platform",
        'when = "accepts.government and (accepts.coordination or accepts.platform"',
        "in condition: syntax error: '(' was never closed",
    ),
    Mistake(
        "number vs string",
        CASE,
        'count.present == 3"\nlabel = "All',
        "count.present == 'three'\"\nlabel = \"All",
        "when = \"accepts.government and accepts.coordination and accepts.platform and count.present == 'three'\"",
        "in condition: cannot compare count.present (numb",
    ),
    Mistake(
        "party typo in condition",
        CASE,
        'when = "accepts.government and (accepts',
        'when = "accepts.govenment and (accepts',
        'when = "accepts.govenment and (accepts.coordination or accepts.platform)"',
        "in condition: unknown name 'accepts.govenment'; ",
    ),
    Mistake(
        "|| for or",
        CASE,
        "accepts.coordination or accepts.platform",
        "accepts.coordination || accepts.platform",
        'when = "accepts.government and (accepts.coordination || accepts.platform)"',
        "in condition: '||' is not an operator; use 'or'",
    ),
    Mistake(
        "negative days",
        CASE,
        "cost = { days = 2, capital = 3 }",
        "cost = { days = -2, capital = 3 }",
        "cost = { days = -2, capital = 3 }",
        "Input should be greater than or equal to 0",
    ),
    Mistake(
        "target value",
        CASE,
        'target = "one"',
        'target = "single"',
        'target = "single"',
        "Input should be 'none', 'one' or 'all'",
    ),
    Mistake(
        "excludes out of range",
        CASE,
        "excludes = 0.12",
        "excludes = 12",
        "excludes = 12",
        "Input should be less than or equal to 1",
    ),
    Mistake(
        "signal out of range",
        CASE,
        'signal = 0.45, note = "heard',
        'signal = 4.5, note = "heard',
        '{ kind = "trust", signal = 4.5, note = "heard by the mediator" }',
        "Input should be less than or equal to 1",
    ),
    Mistake(
        "missing signal",
        CASE,
        '{ kind = "trust", signal = 0.45, note = "heard by the mediator" }',
        '{ kind = "trust", note = "heard by the mediator" }',
        '{ kind = "trust", note = "heard by the mediator" }',
        "required but missing",
    ),
    Mistake(
        "effect party typo",
        CASE,
        '{ kind = "trust", party = "all", signal = 0.15 }',
        '{ kind = "trust", party = "al", signal = 0.15 }',
        'effects = [{ kind = "trust", party = "al", signal = 0.15 }]',
        "unknown party 'al'; expected one of: target, all",
    ),
    Mistake(
        "rubric mark text",
        CASE,
        "rubric = { inclusivity = 1 }",
        'rubric = { inclusivity = "high" }',
        'rubric = { inclusivity = "high" }',
        "Input should be a valid integer",
    ),
    Mistake(
        "short cite unknown source",
        CASE,
        'cite = ["ipi-2017 §Phase I: A Road Map for Negotiations '
        'amid Clashes on the Ground"]\n\n  [parties.overrides]\n  capability = 60',
        'cite = ["ipi2017 §Phase I"]\n\n  [parties.overrides]\n  capability = 60',
        'cite = ["ipi2017 §Phase I"]',
        "unknown source 'ipi2017'; declared: icg-2014, ic",
    ),
    Mistake(
        "quality out of range",
        CASE,
        "quality = 70",
        "quality = 170",
        "quality = 170",
        "Input should be less than or equal to 100",
    ),
    Mistake(
        "history date malformed",
        CASE,
        'date = "2014-07-14"\n  cite',
        'date = "July 14"\n  cite',
        'date = "July 14"',
        "'July 14' is not a date written YYYY, YYYY-MM or",
    ),
    Mistake(
        "[[clock]] for [clock]",
        CASE,
        "[clock]",
        "[[clock]]",
        "[[clock]]",
        "is one table: write [clock], not [[clock]] (that",
    ),
    Mistake(
        "unclosed string",
        CASE,
        'title = "Tutorial: a road map in ten moves"',
        'title = "Tutorial: a road map in ten moves',
        'title = "Tutorial: a road map in ten moves',
        "invalid TOML: Illegal character '\\n'",
    ),
    Mistake(
        "duplicate key",
        CASE,
        "capital = 100\n",
        "capital = 100\ncapital = 90\n",
        "capital = 90",
        "invalid TOML: Cannot overwrite a value",
    ),
    Mistake(
        "schema version 2", CASE, "schema_version = 1", "schema_version = 2", "schema_version = 2", "Input should be 1"
    ),
    Mistake(
        "case id pattern",
        CASE,
        'id = "tutorial"',
        'id = "Tutorial Case"',
        'id = "Tutorial Case"',
        "'Tutorial Case' is not an id: lower-case letters",
    ),
    Mistake(
        "event turn negative", CASE, "turn = 5", "turn = -5", "turn = -5", "Input should be greater than or equal to 1"
    ),
    Mistake(
        "difficulty typo",
        CASE,
        'difficulty = "introductory"',
        'difficulty = "intro"',
        'difficulty = "intro"',
        "Input should be 'introductory', 'intermediate' o",
    ),
    Mistake(
        "effect kind missing",
        CASE,
        '{ kind = "ripeness", party = "all", delta = 5, note = "the cost of fighting on" }',
        '{ party = "all", delta = 5, note = "the cost of fighting on" }',
        '{ party = "all", delta = 5, note = "the cost of fighting on" },',
        "needs a 'kind'",
    ),
    Mistake(
        "relation toward typo",
        CASE,
        '{ kind = "relation", party = "coordination", toward = "platform", signal = -0.4 }',
        '{ kind = "relation", party = "coordination", toward = "platfrom", signal = -0.4 }',
        '{ kind = "relation", party = "coordination", toward = "platfrom", signal = -0.4 },',
        "unknown party 'platfrom'; expected one of: targe",
    ),
    Mistake(
        "choice effect unknown flag",
        CASE,
        '    { kind = "trust", party = "coordination", signal = 0.3 },',
        '    { kind = "flag", flag = "named", value = true },',
        '{ kind = "flag", flag = "named", value = true },',
        "unknown flag 'named'; declare it under [[flags]]",
    ),
    Mistake(
        "ending when typo",
        CASE,
        'when = "count.walked_out >= 2"',
        'when = "count.walkedout >= 2"',
        'when = "count.walkedout >= 2"',
        "in condition: unknown name 'count.walkedout'; di",
    ),
    Mistake(
        "single quotes unclosed in condition",
        CASE,
        'when = "count.walked_out >= 2"',
        'when = "standing.platform == \'outside"',
        'when = "standing.platform == \'outside"',
        "in condition: syntax error: unterminated string ",
    ),
    Mistake(
        "persona red line reversed",
        PLATFORM,
        "red_line = [0, 60]",
        "red_line = [60, 0]",
        "[positions.framework]",
        "red_line low 60 is above high 0",
    ),
    Mistake(
        "persona trust > 100",
        PLATFORM,
        "mediator = 55",
        "mediator = 155",
        "mediator = 155",
        "Input should be less than or equal to 100",
    ),
    Mistake(
        "persona temperament typo",
        PLATFORM,
        "walk_out_below = 15",
        "walk_out_belw = 15",
        "walk_out_belw = 15",
        "unknown key 'walk_out_belw'",
    ),
    Mistake(
        "persona kind typo",
        PLATFORM,
        'kind = "armed_coalition"',
        'kind = "armed_coalitio"',
        'kind = "armed_coalitio"',
        "Input should be 'government', 'armed_coalition',",
    ),
    Mistake(
        "persona voice not a list",
        PLATFORM,
        'signs = ["The Platform signs."]',
        'signs = "The Platform signs."',
        'signs = "The Platform signs."',
        "needs a list, e.g. ['The Platform signs.'], not ",
    ),
    Mistake(
        "persona position missing",
        PLATFORM,
        "[positions.timetable]\nposition = 40\n",
        "[positions.timetable]\n",
        "[positions.timetable]",
        "required but missing",
    ),
    Mistake(
        "persona position outside red line",
        PLATFORM,
        "position = 25\nsalience = 45\nred_line = [0, 60]",
        "position = 75\nsalience = 45\nred_line = [0, 60]",
        "[positions.framework]",
        "position 75 lies outside red_line [0, 60]",
    ),
    Mistake(
        "persona unclosed array",
        PLATFORM,
        'members = ["maa_platform", "cmfpr", "cpa"]',
        'members = ["maa_platform", "cmfpr", "cpa"',
        'background = """',
        "invalid TOML: Unclosed array",
    ),
    Mistake(
        "persona cite unknown source",
        PLATFORM,
        '{ source = "ipi-2017", at = "§Phase II", quote = "The Platform, while',
        '{ source = "ipi-2018", at = "§Phase II", quote = "The Platform, while',
        "cite = [",
        "unknown source 'ipi-2018' for case tutorial; it ",
    ),
    Mistake(
        "persona cite quote missing at",
        PLATFORM,
        '{ source = "ipi-2017", at = "§Phase II", quote = "The Platform, while',
        '{ source = "ipi-2017", quote = "The Platform, while',
        '{ source = "ipi-2017", quote = "The Platform, while',
        "required but missing",
    ),
    Mistake(
        "persona capability out of range",
        PLATFORM,
        "capability = 35",
        "capability = -35",
        "capability = -35",
        "Input should be greater than or equal to 0",
    ),
]


_COORDINATION = 'persona = "coordination"\n'
_CITE = 'cite = ["ipi-2017 §Phase I: A Road Map for Negotiations amid Clashes on the Ground"]'
MISTAKES += [
    Mistake(
        "aspiration beyond the party's position",
        CASE,
        _COORDINATION + _CITE,
        _COORDINATION + "aspiration = { framework = 99, timetable = 50 }\n" + _CITE,
        "aspiration = { framework = 99",
        "beyond the party's own position",
    ),
    Mistake(
        "aspiration on an unknown issue",
        CASE,
        _COORDINATION + _CITE,
        _COORDINATION + "aspiration = { framwork = 50, timetable = 50 }\n" + _CITE,
        "aspiration = { framwork = 50",
        "did you mean 'framework'",
    ),
    Mistake(
        "aspiration of one chapter",
        CASE,
        _COORDINATION + _CITE,
        _COORDINATION + "aspiration = { timetable = 50 }\n" + _CITE,
        "aspiration = { timetable = 50",
        "name at least two chapters",
    ),
]

#: Mistakes that do not yet give one right error, and why (strict: fixing one fails the test).
NOT_YET: dict[str, str] = {}


def _copy(tmp_path: Path) -> Path:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "personas").mkdir()
    shutil.copy(ROOT / CASE, tmp_path / CASE)
    for name in PERSONAS:
        shutil.copy(ROOT / "personas" / f"{name}.toml", tmp_path / "personas" / f"{name}.toml")
    return tmp_path


def _cases() -> list[object]:
    return [
        pytest.param(m, id=m.name, marks=[pytest.mark.xfail(strict=True, reason=NOT_YET[m.name])])
        if m.name in NOT_YET
        else pytest.param(m, id=m.name)
        for m in MISTAKES
    ]


def test_the_copy_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_copy(tmp_path))
    assert validate_paths([Path("scenarios"), Path("personas")])[1] == []


@pytest.mark.parametrize("mistake", _cases())
def test_one_mistake_gives_one_error(mistake: Mistake, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(_copy(tmp_path))
    target = Path(mistake.file)
    text = target.read_text(encoding="utf-8")
    assert mistake.old in text, mistake.old
    mutated = text.replace(mistake.old, mistake.new, 1)
    target.write_text(mutated, encoding="utf-8")
    problems = validate_paths([Path("scenarios"), Path("personas")])[1]
    shown = "\n".join(str(p) for p in problems)
    if mistake.marker is None:
        assert problems == [], shown
        return
    line = next(i for i, text in enumerate(mutated.split("\n"), 1) if mistake.marker.split("\n")[0] in text)
    if "\n" in mistake.marker:
        line = mutated[: mutated.index(mistake.marker)].count("\n") + 1
    here = [p for p in problems if p.file == mistake.file]
    elsewhere = [p for p in problems if p.file != mistake.file]
    assert len(here) == 1, shown
    assert (here[0].line, mistake.phrase in here[0].message) == (line, True), shown
    if mistake.file != CASE:  # the one reference to the persona that could not be loaded, if any
        assert all("could not be loaded" in p.message for p in elsewhere) and len(elsewhere) <= 1, shown
    else:
        assert elsewhere == [], shown


def test_a_persona_without_a_seat_under_parties_is_one_error_naming_actors(broken_case) -> None:  # type: ignore[no-untyped-def]
    """A civil-society or spoiler persona listed as a party is one error that names its kind
    and where it belongs ([[actors]]), not a silent omission or a train of 'unknown party'
    errors (issue 14)."""
    from conftest import FULL_ALGIERS_PATH

    broken = broken_case(
        ('[[actors]]\npersona = "civil_society"', '[[parties]]\npersona = "civil_society"'), source=FULL_ALGIERS_PATH
    )
    problems = validate_paths([broken.path])[1]
    assert len(problems) == 1, "\n".join(str(p) for p in problems)
    assert "civil society" in problems[0].message and "[[actors]]" in problems[0].message
    assert problems[0].line == broken.line_of('persona = "civil_society"')
