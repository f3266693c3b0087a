"""Hostile team names through every report format (issue 13): never a link, an image, a
heading, a table break, a spreadsheet formula or a terminal escape sequence."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from roleplay.classroom.report import class_results, to_csv, to_html, to_markdown
from roleplay.classroom.store import SqliteStore
from roleplay.classroom.team import TeamSession
from roleplay.cli import main
from roleplay.loading import LoadedCase

HOSTILE = [
    "[/]",
    "[@click=app.quit]x[/]",
    "![t](http://host/p.png)",
    "[x](http://host)",
    "a\n# heading\n|x|y|",
    '=HYPERLINK("http://x")',
    "\x1b[2J\x1b]0;title\x07",
    "+1",
    "-1",
    "@SUM(A1)",
    "\t=1",
    "<script>alert(1)</script>",
    "*bold* _it_ `code` &amp;",
    "x\u2028## separated\r\n| a |",
]


@pytest.fixture
def hostile_class(tmp_path: Path, algiers: LoadedCase) -> tuple[SqliteStore, str]:
    store = SqliteStore(tmp_path / "class.sqlite")
    code = store.create_class("c", str(algiers.path), algiers.digest, 4).code
    for name in HOSTILE:
        TeamSession(store, code, name).submit("move", "college_meeting")
    return store, code


def test_markdown_and_html_never_make_markup_from_a_name(hostile_class: tuple[SqliteStore, str]) -> None:
    store, code = hostile_class
    results = class_results(store, code)
    markdown = to_markdown(code, results)
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"link_open", "image", "html_inline", "html_block"}
    headings = [(t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert [h for h in headings if h[0] != "h3"] == [
        ("h1", f"Class {code}: {results[0].debrief.case_title}"),
        ("h2", "The spread of outcomes"),
        ("h2", "Trust at the end"),
        ("h2", "The rubric per team"),
        ("h2", "Where each team left the historical path"),
        ("h2", "Each team beside the historical path"),
    ]
    assert sum(1 for t in tokens if t.type == "heading_open" and t.tag == "h3") == len(HOSTILE)
    rows = [t for t in tokens if t.type == "tr_open"]
    assert len(rows) == (2 + bool(results[0].debrief.rubric)) * (len(HOSTILE) + 1) + sum(
        len(r.side_by_side) + 1 for r in results
    )
    html = to_html(code, results)
    for forbidden in ("<img", "<a ", "<script", "\x1b", "\x07", "<h1>heading", "<h2>separated"):
        assert forbidden not in html


def test_csv_neutralises_formulas(hostile_class: tuple[SqliteStore, str]) -> None:
    store, code = hostile_class
    rows = list(csv.DictReader(io.StringIO(to_csv(class_results(store, code), code))))
    teams = [row["team"] for row in rows]
    assert len(teams) == len(HOSTILE)
    assert not any(team.startswith(("=", "+", "-", "@", "\t", "\r")) for team in teams)
    assert '\'=HYPERLINK("http://x")' in teams and "'+1" in teams and "'=1" in teams


@pytest.mark.parametrize("fmt", ["md", "csv", "html"])
def test_the_printed_report_carries_no_escape_sequence(
    hostile_class: tuple[SqliteStore, str], fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store, code = hostile_class
    assert main(["class", "report", code, "--store", str(store.path), "--format", fmt]) == 0
    out = capsys.readouterr().out
    assert not any(ch in out for ch in "\x1b\x07\x9b\x00")
