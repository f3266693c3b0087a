"""The comparative debrief of a class: the spread of outcomes, each team beside history."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from roleplay.classroom.monitor import move_label
from roleplay.classroom.store import ClassInfo, ClassStore
from roleplay.classroom.team import class_case
from roleplay.debrief import Debrief, build_debrief
from roleplay.engine.actions import action_of
from roleplay.engine.blueprint import Blueprint
from roleplay.engine.session import Session
from roleplay.engine.transcript import perform
from roleplay.errors import RoleplayError
from roleplay.game.views import party_name
from roleplay.loading import LoadedCase
from roleplay.model.transcript import Records, TurnRecord


@dataclass(frozen=True)
class TeamResult:
    team: str
    debrief: Debrief
    divergence: str
    side_by_side: list[tuple[str, str, str]]  # (turn and date, the team's move, the historical step)
    #: Why the team's record could not be read to its end ("" when it could): the debrief
    #: then shows the game up to the input before the one that failed.
    unreadable: str = ""
    #: The titles of the events the instructor injected that reached the team, in order.
    injections: tuple[str, ...] = ()


def _turns(records: Records) -> list[TurnRecord]:
    return [r for r in records if r["type"] == "turn"]


def side_by_side(blueprint: Blueprint, records: Records) -> list[tuple[str, str, str]]:
    steps = list(blueprint.case.history.steps) if blueprint.case.history else []
    turns = _turns(records)
    rows = []
    for index in range(max(len(turns), len(steps))):
        record = turns[index] if index < len(turns) else None
        step = steps[index] if index < len(steps) else None
        ours = ""
        if record is not None:
            ours = move_label(blueprint, record["move"], record.get("target"))
        real = ""
        if step is not None:
            real = move_label(blueprint, step.move, step.target)
            real += f" ({step.date})" if step.date else ""
        when = f"{record['turn']} · {record['date']}" if record is not None else ""
        rows.append((when, ours, real))
    return rows


def divergence(blueprint: Blueprint, records: Records) -> str:
    """Where a team first left the real mediators' path, and what that turn did to trust."""
    history = blueprint.case.history
    if history is None:
        return "the case records no historical path"
    steps = [(s.move, s.target) for s in history.steps]
    turns = _turns(records)
    names = {pid: party_name(blueprint, pid) for pid in blueprint.personas}
    for index, record in enumerate(turns):
        if index >= len(steps):
            return "took every historical step, then went on"
        played = (record["move"], record["target"])
        if played != steps[index]:
            trust = [  # trust values are numbers: float() only tells mypy so
                f"{names.get(c['value'].split('.', 1)[1], c['value'])} {float(c['to']) - float(c['from']):+.0f}"
                for c in record["changes"]
                if c["value"].startswith("trust.")
            ]
            label = move_label(blueprint, *played)
            real = move_label(blueprint, *steps[index])
            return (
                f"turn {record['turn']} ({record['date']}): {label} where history played {real}; "
                f"trust that turn: {', '.join(trust) or 'unchanged'}"
            )
    return "followed history step for step" if turns else "has not played yet"


def class_results(store: ClassStore, code: str, case_dir: Path | None = None) -> list[TeamResult]:
    """Every team's debrief, replayed from the store without writing to it."""
    info = store.get_class(code)
    loaded = class_case(info, case_dir)
    blueprint = loaded.blueprint
    results = []
    titles = {event.id: event.title for event in loaded.case.events}
    for team in store.teams(info.code):
        session, unreadable = _replay_readable(store, info, team, loaded)
        records = session.records
        injected = (a.ident for a in store.actions(info.code, team) if a.kind == "inject")
        results.append(
            TeamResult(
                team,
                build_debrief(blueprint, records),
                unreadable or divergence(blueprint, records),
                side_by_side(blueprint, records),
                unreadable,
                tuple(titles.get(ident, ident) for ident in injected),
            )
        )
    return results


def _replay_readable(store: ClassStore, info: ClassInfo, team: str, loaded: LoadedCase) -> tuple[Session, str]:
    """The team's game replayed as far as its inputs can be, and why not further ("" when to
    the end): one bad row in the store (edited, or written by another version) must not fail
    the report of the whole class."""
    session = Session(loaded.blueprint, info.seed, case_ref=info.case_path, case_digest=info.case_sha256)
    for action in store.actions(info.code, team):
        try:
            perform(session, action_of(action.kind, action.ident, action.target))
        except (RoleplayError, TypeError, ValueError, KeyError) as exc:  # data from a file, not a bug of ours
            return session, f"unreadable from input {action.seq} ({exc}): shown up to the input before"
    return session, ""


def to_csv(results: list[TeamResult], code: str = "", date: str | None = None) -> str:
    """One row per team for a gradebook: the class, seed and report date on every row, and every
    number a number (``history_steps_taken`` beside ``history_steps``, never "12/43"; rubric
    scores as -2…2, never "+1"); the turn reached beside each ending; the injections counted and
    named. Text cells are never formulas."""
    import datetime as dt

    parties = sorted({p for r in results for p in r.debrief.trust})
    fundamentals = [f.name for f in (results[0].debrief.rubric if results else [])]
    when = date or dt.date.today().isoformat()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            *("class", "seed", "date", "team", "ending", "finished", "historical", "quality", "turn_reached"),
            *("history_steps_taken", "history_steps", "injections", "injected_events"),
            *(f"trust_{p}" for p in parties),
            "agreement_score",
            *(f"rubric_{f}" for f in fundamentals),
        ]
    )
    for r in results:
        d = r.debrief
        done, total = d.history_overlap
        ending = "(unreadable)" if r.unreadable else d.ending_title if d.ended else "(not finished)"
        writer.writerow(
            [
                *(csv_text(code), d.seed, when, csv_text(r.team), csv_text(ending), int(d.ended), int(d.historical)),
                "" if d.ending_quality is None else f"{d.ending_quality:g}",
                *(d.turns, done, total, len(r.injections), csv_text("; ".join(r.injections))),
                *(round(d.trust[p][-1]) if p in d.trust else "" for p in parties),
                "" if d.agreement is None else round(d.agreement.score, 2),
                *(round(s.score, 2) for s in d.rubric),
            ]
        )
    return out.getvalue()


#: C0 controls but tab and newline, DEL and C1 controls: escape sequences (clear screen,
#: window title) that must not reach a terminal or a page from a typed name; and bidi
#: embeddings, overrides and isolates, which reorder the text around them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: What Markdown reads as markup: links, images, emphasis, headings, tables, raw HTML, entities.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-!|<>&~])")
#: Spreadsheets read a cell that starts with these as a formula (OWASP: CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain(text: str) -> str:
    """A typed name on one line, without control characters (removed before spaces are
    collapsed: no stray space where one was)."""
    return " ".join(_CONTROLS.sub("", text).split())


def md_text(text: str) -> str:
    """A typed name as Markdown text: never a link, an image, a heading or a table break."""
    return _MARKDOWN.sub(r"\\\1", plain(text))


def csv_text(text: str) -> str:
    """A text cell a spreadsheet shows as text, never runs as a formula."""
    text = plain(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(text: str) -> str:
    """Case text inside a Markdown table cell: on one line, and no '|' that breaks the table."""
    return plain(text).replace("|", "\\|")


def to_markdown(code: str, results: list[TeamResult]) -> str:
    if not results:
        return f"# Class {code}\n\nNo team has joined yet.\n"
    first = results[0].debrief
    teams = f"{len(results)} team" + ("" if len(results) == 1 else "s")
    lines = [f"# Class {code}: {first.case_title}", "", f"Seed {first.seed} · {teams}", ""]
    lines += [
        "## The spread of outcomes",
        "",
        "A team still playing is shown at the turn it reached, not at an ending.",
        "",
        "| Team | Ending | Quality | Turn reached | Historical steps taken | Injected by the instructor |",
        "|---|---|---|---|---|---|",
    ]
    for r in sorted(results, key=lambda r: -(r.debrief.ending_quality or -1)):
        d = r.debrief
        done, total = d.history_overlap
        mark = " (as in history)" if d.historical else " (unreadable: see below)" if r.unreadable else ""
        ending = _cell(d.ending_title) if d.ended else "(not finished)"
        quality = "" if d.ending_quality is None else f"{d.ending_quality:g}"
        injected = md_text("; ".join(r.injections)) or "none"
        lines.append(f"| {md_text(r.team)} | {ending}{mark} | {quality} | {d.turns} | {done}/{total} | {injected} |")
    lines += ["", "## Trust at the end", ""]
    parties = list(first.trust)
    lines += ["| Team | " + " | ".join(parties) + " |", "|---|" + "---|" * len(parties)]
    for r in results:
        lines.append(f"| {md_text(r.team)} | " + " | ".join(f"{r.debrief.trust[p][-1]:.0f}" for p in parties) + " |")
    if first.rubric:
        lines += ["", "## The rubric per team", ""]
        lines += ["| Team | " + " | ".join(s.name for s in first.rubric) + " |", "|---|" + "---|" * len(first.rubric)]
        for r in results:
            lines.append(f"| {md_text(r.team)} | " + " | ".join(f"{s.score:+.2f}" for s in r.debrief.rubric) + " |")
    lines += ["", "## Where each team left the historical path", ""]
    lines += [f"- **{md_text(r.team)}**: {md_text(r.divergence)}." for r in results]
    lines += ["", "## Each team beside the historical path", ""]
    for r in results:
        lines += [
            f"### {md_text(r.team)}",
            "",
            "| Turn | The team's move | What the real mediators did |",
            "|---|---|---|",
        ]
        lines += [f"| {when} | {_cell(ours)} | {_cell(real)} |" for when, ours, real in r.side_by_side]
        lines.append("")
    return "\n".join(lines) + "\n"


def to_html(code: str, results: list[TeamResult]) -> str:
    """The Markdown report as a page, with charts first: how many teams reached each ending,
    each team's ending quality, and each party's trust at the end, team by team."""
    from collections import Counter

    from roleplay.debrief.html import bar_chart, charts_section, page

    title = f"Class {code}"
    if not results:
        return page(title, to_markdown(code, results))
    first = results[0].debrief
    endings = Counter(r.debrief.ending_title if r.debrief.ended else "(not finished)" for r in results)
    charts = [
        (
            "Teams per ending",
            bar_chart("Teams per ending", [(e, n, str(n)) for e, n in endings.most_common()], top=len(results)),
        )
    ]
    ranked = sorted(results, key=lambda r: -(r.debrief.ending_quality or 0))
    quality = [(plain(r.team), r.debrief.ending_quality or 0.0, _quality_text(r)) for r in ranked]
    charts.append(("Quality of each team's ending (0-100)", bar_chart("Ending quality per team", quality)))
    for party in first.trust:
        trust = [(plain(r.team), r.debrief.trust[party][-1], f"{r.debrief.trust[party][-1]:.0f}") for r in results]
        charts.append((f"Trust of {party} in the mediator at the end", bar_chart(f"Trust of {party}", trust)))
    return page(title, to_markdown(code, results), charts_section(charts))


def _quality_text(result: TeamResult) -> str:
    d = result.debrief
    if d.ending_quality is None:
        return "not finished"
    return f"{d.ending_quality:g}" + (" · as in history" if d.historical else "")
