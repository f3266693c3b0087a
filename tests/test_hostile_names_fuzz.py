"""A bounded run of benchmarks/fuzz_names.py (issue 13): generated hostile team names and class
messages through the store, the class report (Markdown, HTML, CSV, the terminal), the
dashboard's and the team screen's texts, and the dashboard itself under Pilot. No traceback,
no input over 5 s, nothing of a name read as markup or reaching an output as an escape; the
defects the long run found, each pinned."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from rich.text import Text

from roleplay.classroom.report import class_results, plain, to_markdown
from roleplay.classroom.store import SqliteStore, StoreError
from roleplay.cli import main
from roleplay.loading import LoadedCase

sys.path.insert(0, str(ROOT / "benchmarks"))

from fuzz_names import sweep
from hostile_names import hostile_name
from name_checks import check_markdown, check_rendered

NAMES = 1_000


def test_hostile_names_reach_no_output_as_markup_or_escapes(tmp_path: Path) -> None:
    tally = sweep(NAMES, 13, tmp_path, per_store=500, apps=1)
    assert (tally.tracebacks, tally.slow, tally.injections) == (0, 0, 0), tally.failures
    assert tally.inputs > NAMES and tally.taken > NAMES // 2 and tally.refused > 0 and tally.apps == 1


def test_the_checks_see_what_they_look_for(algiers: LoadedCase, tmp_path: Path) -> None:
    """A check that passes everything proves nothing: markup, a link and an escape are caught."""
    assert check_rendered(Text.from_markup("[link=http://h]x[/link]"), "x")
    assert check_rendered(Text.from_markup("[@click=app.quit]x[/]"), "x")
    assert check_rendered(Text("a\x1b[2Jb"), None)
    assert check_rendered(Text("[b]x"), "[b]x") == []
    store = SqliteStore(tmp_path / "c.sqlite")
    code = store.create_class("c", str(algiers.path), algiers.digest, 1).code
    store.join(code, "x")
    results = class_results(store, code)
    unescaped = to_markdown(code, results).replace("### x", "### [x](http://h)")
    assert any(problems for _, problems in check_markdown(unescaped, results))
    names = {hostile_name(random.Random(seed)) for seed in range(200)}
    assert len(names) > 150 and any("\x1b" in n for n in names) and any("[/]" in n for n in names)


def test_a_name_or_message_that_is_not_valid_text_is_refused_in_words(
    tmp_path: Path, algiers: LoadedCase, capsys: pytest.CaptureFixture[str]
) -> None:
    """A command-line argument in bytes that are not UTF-8 reaches Python as a lone surrogate:
    the store's driver raised UnicodeEncodeError (a traceback) for a team, a message, a code."""
    store = SqliteStore(tmp_path / "c.sqlite")
    code = store.create_class("c", str(algiers.path), algiers.digest, 1).code
    for attempt in (lambda: store.join(code, "blue\udcff"), lambda: store.post_message(code, "hi\ud800")):
        with pytest.raises(StoreError, match="not valid text"):
            attempt()
    with pytest.raises(StoreError, match="not valid text"):
        store.get_class("AB\udcffC")
    assert main(["class", "report", "AB\udcffC", "--store", str(store.path)]) != 0
    assert "not valid text" in capsys.readouterr().err
    assert store.teams(code) == []


def test_line_and_paragraph_separators_in_a_name_are_spaces(tmp_path: Path, algiers: LoadedCase) -> None:
    store = SqliteStore(tmp_path / "c.sqlite")
    code = store.create_class("c", str(algiers.path), algiers.digest, 1).code
    assert store.join(code, "red\u2028team\u2029two").team == "red team two"


def test_the_report_drops_controls_and_bidi_overrides_without_a_stray_space() -> None:
    """A name from a store made before names were checked: the heading reads the name."""
    assert plain("\x07\tNULL") == "NULL" and plain("abc \x85\x08") == "abc"
    assert plain("\u202eevil\u202c txt") == "evil txt" and plain("a\x1b[2Jb") == "a[2Jb"


def test_the_dashboard_shows_an_old_stores_names_without_escapes() -> None:
    """Stores made before names were checked keep what was typed: the dashboard's cells, the
    team's detail and the messages show it without a character a terminal would act on."""
    from dataclasses import replace

    from roleplay.classroom.monitor import TeamView
    from roleplay.tui.dashboard.team_detail import detail_text
    from roleplay.tui.screens.class_messages import messages_text
    from roleplay.tui.widgets.keyed_table import cell_text

    name = "a\x1b]0;title\x07\u202eb\u2028[/]"
    view = TeamView(name, "Phase I", 1, "2014-07-16", "", {"Platform": 50.0}, {"Platform": "talking"}, "")
    for text in (cell_text(name), detail_text(view), detail_text(replace(view, phase=name)), messages_text([name])):
        assert check_rendered(text, "[/]", one_line=False) == []
    assert cell_text(name).plain == "a ]0;title  b [/]"


def test_the_dashboard_on_a_store_that_kept_names_as_typed(tmp_path: Path, algiers: LoadedCase) -> None:
    """Names a store made before names were checked kept (written here as it wrote them): the
    dashboard runs, each row shows its name without escapes, a click on a row quits nothing."""
    import asyncio
    import sqlite3

    from fuzz_names import Tally, watch

    from roleplay.tui.shown import shown

    store = SqliteStore(tmp_path / "old.sqlite")
    code = store.create_class("old", str(algiers.path), algiers.digest, 1).code
    names = ["a\x1b[2Jb", "\u202eevil", "x\u2028# y", "[@click=app.quit]q[/]", "\x9b2J\x07", "[/]"]
    with sqlite3.connect(store.path) as db:
        db.executemany("INSERT INTO teams VALUES (?, ?, '2026-01-01', NULL)", [(code, name) for name in names])
    names = store.teams(code)
    tally = Tally()
    asyncio.run(watch(tally, store, code, names, [shown(name) for name in names]))
    assert (tally.apps, tally.tracebacks, tally.injections) == (1, 0, 0), tally.failures


def test_the_browsers_token_question_shows_the_typed_name_without_escapes() -> None:
    """The name a browser typed for a team that exists is asked about as typed (the store has
    not cleaned it): its escape sequence reached xterm.js."""
    from roleplay.tui.browser import token_question

    question = token_question("ABC123", "blue\x1b]0;owned\x07\u202e", wrong=False)
    assert "Team blue ]0;owned" in question and not any(c in question for c in "\x1b\x07\u202e")
