"""What must hold of each output of a hostile name (benchmarks/fuzz_names.py): each check
returns (name, problems) pairs, an empty list when the output is clean."""

from __future__ import annotations

import contextlib
import csv
import io
import sys
from collections import Counter
from html.parser import HTMLParser
from typing import Any

from hostile_names import FORMULA_START, PAGE_ATTRIBUTES, PAGE_TAGS, unsafe
from markdown_it import MarkdownIt
from rich.console import Console
from rich.style import Style
from rich.text import Text

from roleplay.classroom.report import TeamResult, csv_text, plain

csv.field_size_limit(sys.maxsize)  # a pasted page in one name: a big cell, not an error
Found = list[tuple[str, list[str]]]
HEADINGS = ["The spread of outcomes", "Trust at the end", "The rubric per team"]
HEADINGS += ["Where each team left the historical path", "Each team beside the historical path"]


def _inline_text(token: Any) -> str:
    return "".join(c.content for c in token.children or [] if c.type in ("text", "text_special"))


def check_markdown(markdown: str, results: list[TeamResult]) -> Found:
    """Nothing but the report's own structure: no link, image or HTML, one h3 per team reading
    the team's name, the report's own headings and table rows, no control character."""
    label = results[0].team
    problems = [f"markdown has {p}" for p in unsafe(markdown)]
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    children = [c for t in tokens for c in t.children or []]
    kinds = {t.type for t in tokens} | {c.type for c in children}
    problems += [f"markdown makes {k}" for k in sorted(kinds & {"link_open", "image", "html_inline", "html_block"})]
    headings = [(t.tag, _inline_text(tokens[i + 1])) for i, t in enumerate(tokens) if t.type == "heading_open"]
    fixed = [text for tag, text in headings if tag == "h2"]
    wanted = [h for h in HEADINGS if h != "The rubric per team" or results[0].debrief.rubric]
    if fixed != wanted or sum(tag == "h1" for tag, _ in headings) != 1:
        problems.append(f"markdown headings {headings[:3]}...")
    teams = [text for tag, text in headings if tag == "h3"]
    found: Found = []
    if len(teams) != len(results):
        problems.append(f"markdown has {len(teams)} team headings for {len(results)} teams")
    for result, text in zip(results, teams, strict=False):
        if text != plain(result.team):
            found.append((result.team, [f"markdown heading reads {text!r}"]))
    rows = sum(1 for t in tokens if t.type == "tr_open")
    wanted_rows = (2 + bool(results[0].debrief.rubric)) * (len(results) + 1)
    wanted_rows += sum(len(r.side_by_side) + 1 for r in results)
    if rows != wanted_rows:
        problems.append(f"markdown has {rows} table rows, not {wanted_rows}")
    if any(c.type in ("softbreak", "hardbreak") for c in children):
        problems.append("markdown breaks a line inside a paragraph or heading")
    return [(label, problems), *found]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] += 1
        self.attributes |= {name for name, _ in attrs}


def check_html(page: str, results: list[TeamResult]) -> Found:
    """Only the page's own tags (no a, img, script, iframe), no attribute that loads or runs
    anything, one h3 per team and chart, no control character."""
    problems = [f"page has {p}" for p in unsafe(page)]
    parser = _Tags()
    parser.feed(page)
    problems += [f"page has <{tag}>" for tag in sorted(set(parser.tags) - PAGE_TAGS)]
    problems += [f"page has a {name} attribute" for name in sorted(parser.attributes) if PAGE_ATTRIBUTES.match(name)]
    charts = 2 + len(results[0].debrief.trust)
    if parser.tags["h3"] != len(results) + charts:
        problems.append(f"page has {parser.tags['h3']} h3 for {len(results)} teams and {charts} charts")
    return [(results[0].team, problems)]


def check_csv(sheet: str, results: list[TeamResult]) -> Found:
    """A row per team, its name as csv_text has it; no text cell a formula; no control."""
    rows = list(csv.reader(io.StringIO(sheet)))
    problems = []
    if len(rows) != len(results) + 1 or len({len(row) for row in rows}) != 1:
        problems.append(f"csv has {len(rows)} rows for {len(results)} teams, widths {sorted({len(r) for r in rows})}")
    head = rows[0]
    found: Found = [(results[0].team, problems)]
    for result, row in zip(results, rows[1:], strict=False):
        cells = dict(zip(head, row, strict=False))
        bad = [f"csv cell {c} has {p}" for c, v in cells.items() for p in unsafe(v, line=True)]
        bad += [f"csv cell {c} is a formula" for c in ("class", "team", "ending", "injected_events")]
        bad = [b for b in bad if "formula" not in b or cells[b.split()[2]].startswith(FORMULA_START)]
        if cells.get("team") != csv_text(result.team):
            bad.append(f"csv team cell {cells.get('team')!r}")
        found.append((result.team, bad))
    return found


def check_terminal(markdown: str, names: list[str]) -> Found:
    """The Markdown as `class report` prints it: no control character but newline."""
    from roleplay.cli.output import emit

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        emit(markdown)
    return [(names[0], [f"terminal gets {p}" for p in unsafe(out.getvalue())])]


_CONSOLE = Console(file=io.StringIO(), width=200, color_system=None, force_terminal=False, emoji=False)


def check_rendered(text: Text, literal: str | None, *, one_line: bool = True) -> list[str]:
    """A Rich Text of the screen: no link or action in its styles, no control character (one
    line: no line break either), printed without any; ``literal`` (when given) in it as is."""
    problems = [f"has {p}" for p in unsafe(text.plain, line=one_line)]
    for span in text.spans:
        style = Style.parse(span.style) if isinstance(span.style, str) else span.style
        if style.link or style.meta:
            problems.append(f"a span links or acts: {style!r}")
    if literal is not None and literal not in text.plain:
        problems.append(f"reads {text.plain[:80]!r}")
    _CONSOLE.file = io.StringIO()
    _CONSOLE.print(text, markup=False, highlight=False)
    problems += [f"prints {p}" for p in unsafe(_CONSOLE.file.getvalue())]
    return problems
