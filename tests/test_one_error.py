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
]

#: Mistakes that do not yet give one right error, and why (strict: fixing one fails the test).
NOT_YET: dict[str, str] = {
    "duplicate move id": "the references to the move that lost its id are reported too",
}


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
