"""The debrief as Markdown, for a report or a learning journal, and its summary for the TUI.

Each section is a function returning its lines; ``to_markdown`` (the export) and
``summary_markdown`` (the TUI's Summary tab) are both built from them, so a heading, a
citation or an escape is written once.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the app escapes case text with ``plain`` without loading the debrief
    from roleplay.debrief.build import Debrief

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    return "".join(SPARKS[min(7, int(v / 100 * 8))] for v in values)


#: What would let text from a case, a persona or a name start Markdown of its own: emphasis,
#: code, a link or an image (both need '['), raw HTML or an autolink ('<'), a table cell.
#: Line breaks and the C0 and C1 controls (escape sequences: clear screen, window title) a
#: terminal would act on when the debrief is printed.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_MARKDOWN = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>|~"})


def plain(text: str) -> str:
    """Case text as text in Markdown, on one line: no emphasis, link, image, HTML, table cell
    or heading of its own (a leading '#', '>', '-', '+' or '=' is escaped too)."""
    flat = _CONTROLS.sub(" ", text.translate(_MARKDOWN))
    return "\\" + flat if flat[:1] in ("#", ">", "-", "+", "=") else flat


_cell = plain


def _cites(cites: list[str]) -> str:
    return "".join(f"\n  - {plain(c)}" for c in cites)


def title_section(d: Debrief) -> list[str]:
    taken_back = f" · {d.undone} move{'s' if d.undone != 1 else ''} taken back (undo)" if d.undone else ""
    return [
        f"# Debrief: {plain(d.case_title)}",
        "",
        f"Seed {d.seed} · {d.turns} turns · last date {d.date}{taken_back}",
        "",
    ]


def ending_section(d: Debrief) -> list[str]:
    """The ending against history: its narrative, quality, what really happened and its notes."""
    verdict = "what really happened" if d.historical else "history went another way"
    out = [f"## Ending: {plain(d.ending_title)} ({verdict})", "", plain(d.ending_narrative), ""]
    if d.ending_quality is not None:
        out += [f"Quality for a lasting peace: {d.ending_quality:g}/100", ""]
    if d.historical_endings and not d.historical:
        out += ["### What really happened", ""]
        out += [f"- **{plain(title)}**: {plain(narrative)}" for title, narrative in d.historical_endings]
        out.append("")
    for text, cites in d.ending_notes:
        out.append(f"- {plain(text)}{_cites(cites)}")
    return out


def missing_section(d: Debrief) -> list[str]:
    """For each better ending, the parts of its rule that did not hold at the end."""
    if not d.missed:
        return []
    out = ["", "## What was missing for a better ending", ""]
    for missed in d.missed:
        out += [f"### {plain(missed.title)} (quality {missed.quality:g}/100)", ""]
        for way in missed.ways:
            out.append(f"- *{plain(way.rule)}*, {plain(way.when)}, lacked:")
            out += [f"  - {plain(part)}" for part in way.missing]
        out.append("")
    return out


def turning_points_section(d: Debrief) -> list[str]:
    """The decisions whose best alternative was clearly better, one move ahead."""
    if d.turning_points is None:
        return []
    out = ["", "## Turning points", ""]
    out.append(
        "Each decision was compared with every alternative open at that moment, one move ahead and "
        "expected over the chances of its outcomes (never the dice the game actually rolled). A "
        "simplification: a look-ahead of one move cannot see plans that pay off later."
    )
    out.append("")
    if not d.turning_points:
        return [*out, "No decision stood out: at every step, what you did was about as good as the alternatives."]
    for point in d.turning_points:
        out.append(
            f"- **Turn {point.turn}, {point.date}:** you chose *{point.did}*; *{point.better}* was likely better:"
        )
        out += [f"  - {reason}" for reason in point.reasons]
    return out


def timeline_section(d: Debrief) -> list[str]:
    out = [
        "",
        "## Your timeline",
        "",
        "| Turn | Date | Phase | Move | Result | Events | Changes |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in d.timeline:
        out.append(
            f"| {e.turn} | {e.date} | {_cell(e.phase)} | {_cell(e.action)} | {_cell(e.detail)} | "
            f"{_cell('; '.join(e.events))} | {_cell('; '.join(e.notes))} |"
        )
    return out


def trust_section(d: Debrief) -> list[str]:
    out = [
        "",
        "## Trust in the mediator over the turns",
        "",
        "| Party | Start | Over the turns | End |",
        "|---|---|---|---|",
    ]
    for party, series in d.trust.items():
        out.append(f"| {plain(party)} | {series[0]:.0f} | `{sparkline(series)}` | {series[-1]:.0f} |")
    return out


def positions_section(d: Debrief) -> list[str]:
    out = [
        "",
        "## Positions over the turns",
        "",
        "| Party | Issue | Start | Over the turns | End |",
        "|---|---|---|---|---|",
    ]
    for party, issues in d.positions.items():
        for issue, series in issues.items():
            name = d.issue_names.get(issue, issue)
            out.append(
                f"| {plain(party)} | {plain(name)} | {series[0]:.0f} | `{sparkline(series)}` | {series[-1]:.0f} |"
            )
    return out


def _points(value: float) -> str:
    return f"{value:+.2f}".rstrip("0").rstrip(".") if value else "0"


def rubric_section(d: Debrief) -> list[str]:
    if not d.rubric:
        return []
    out = [
        "",
        "## The rubric",
        "",
        "Each fundamental is scored from the process (moves and responses marked + or -, the k-th "
        "play of the same move counting 1/k) and from the outcome at the end (the parts below).",
        "",
    ]
    out += ["| Fundamental | Score | Parts | Evidence from your moves |", "|---|---|---|---|"]
    for r in d.rubric:
        parts = "; ".join(f"{p.label}: {_points(p.points)}" for p in r.parts)
        evidence = "; ".join(r.evidence) or "no move touched it"
        out.append(f"| {_cell(r.name)} | {_points(r.score)} | {_cell(parts)} | {_cell(evidence)} |")
    out.append("")
    for r in d.rubric:
        out.append(f"- **{plain(r.name)}**: {plain(r.description)}{_cites(r.cite)}")
    return out


#: The agreement score's parts as the debrief names them (engine/scoring.py, docs/model.md).
PART_NAMES = {
    "content": "content: how close the text is to each party's interests",
    "pareto": "efficiency: the share of the best package found for all",
    "inclusion": "inclusion: who was heard and seated",
    "ownership": "ownership: consulted rather than imposed upon",
    "durability": "durability: accepted, and not signed under duress",
    "coverage": "coverage: the capability share of the parties the agreement binds",
}


def agreement_section(d: Debrief) -> list[str]:
    """The agreement score at the end, its parts and each party's satisfaction with the text."""
    if d.agreement is None:
        return []
    a = d.agreement
    out = ["", f"## The agreement score: {a.score:.0f}/100", ""]
    if d.ending_band is not None:
        low, high = d.ending_band
        out += [f"The ending reached stands for agreement scores from {low:g} to {high:g}.", ""]
    out += [f"- {PART_NAMES.get(k, k)}: {v:.0f}" for k, v in a.parts.items()]
    if a.satisfaction:
        shares = ", ".join(f"{plain(party)} {v:.0f}" for party, v in a.satisfaction.items())
        out.append(f"- each party's satisfaction with the text: {shares}")
    return out


def bottom_lines_section(d: Debrief) -> list[str]:
    """The parties' true bottom lines beside what the trainee had learned of them by the end."""
    if not d.bottom_lines:
        return []
    out = [
        "",
        "## The parties' bottom lines",
        "",
        "During play you saw estimates; here is the truth this game drew (the seed decides it).",
        "",
        "| Party | Bottom line | You estimated | It was |",
        "|---|---|---|---|",
    ]
    for row in d.bottom_lines:
        out.append(f"| {_cell(row.party)} | {_cell(row.what)} | {_cell(row.estimate)} | {_cell(row.truth)} |")
    return out


def history_section(d: Debrief) -> list[str]:
    """The historical path, step by step, marked with the steps this game took."""
    if not d.history_steps:
        return []
    done, total = d.history_overlap
    out = ["", f"## Against the historical path ({done} of {total} historical steps taken)", ""]
    for step in d.history_steps:
        mark = "x" if step.played else " "
        when = f" ({step.date})" if step.date else ""
        note = f": {plain(step.note)}" if step.note else ""
        out.append(f"- [{mark}] {plain(step.label)}{plain(when)}{note}")
    return out


def phases_section(d: Debrief) -> list[str]:
    if not d.phases:
        return []
    out = ["", "## What really happened, phase by phase", ""]
    for phase in d.phases:
        reached = "" if phase.reached else " (you did not reach it)"
        date = f" ({phase.date})" if phase.date else ""
        out.append(f"- **{plain(phase.name)}**{plain(date)}{reached}: {plain(phase.history)}{_cites(phase.cite)}")
    return out


def afterwards_section(d: Debrief) -> list[str]:
    """What the briefing kept back: the parties' later history."""
    if not d.afterwards:
        return []
    out = ["", "## What became of the parties", ""]
    for party, sentences in d.afterwards:
        out.append(f"- **{plain(party)}**: {plain(' '.join(sentences))}")
    return out


def lessons_section(d: Debrief) -> list[str]:
    if not d.lessons:
        return []
    out = ["", "## Challenges and lessons from the real process", ""]
    for kind, title, text, cites in d.lessons:
        out.append(f"- *{kind}* **{plain(title)}**: {plain(text)}{_cites(cites)}")
    return out


def simplifications_section(d: Debrief) -> list[str]:
    if not d.simplifications:
        return []
    return ["", "## Where the game simplifies", "", *(f"- {plain(s)}" for s in d.simplifications)]


def sources_section(d: Debrief) -> list[str]:
    return ["", "## Sources", "", *(f"- {plain(s)}" for s in d.sources)]


def to_markdown(debrief: Debrief) -> str:
    """The whole debrief: every section, the charts as tables of sparklines, and the sources."""
    sections = (
        title_section,
        ending_section,
        agreement_section,
        missing_section,
        turning_points_section,
        rubric_section,
        timeline_section,
        trust_section,
        positions_section,
        history_section,
        phases_section,
        bottom_lines_section,
        afterwards_section,
        lessons_section,
        simplifications_section,
        sources_section,
    )
    return "\n".join(line for section in sections for line in section(debrief)) + "\n"


def summary_markdown(debrief: Debrief) -> str:
    """The debrief in words, for a screen whose other tabs draw the timeline and the charts."""
    sections = (
        title_section,
        ending_section,
        agreement_section,
        missing_section,
        turning_points_section,
        rubric_section,
        history_section,
        phases_section,
        bottom_lines_section,
        afterwards_section,
        lessons_section,
        simplifications_section,
    )
    return "\n".join(line for section in sections for line in section(debrief)) + "\n"
