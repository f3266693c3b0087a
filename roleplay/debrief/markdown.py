"""The debrief as Markdown, for a report or a learning journal."""

from __future__ import annotations

from roleplay.debrief.build import Debrief

SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    return "".join(SPARKS[min(7, int(v / 100 * 8))] for v in values)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _cites(cites: list[str]) -> str:
    return "".join(f"\n  - {c}" for c in cites)


def to_markdown(debrief: Debrief) -> str:
    d = debrief
    out = [f"# Debrief: {d.case_title}", "", f"Seed {d.seed} · {d.turns} turns · last date {d.date}", ""]
    verdict = "what really happened" if d.historical else "history went another way"
    out += [f"## Ending: {d.ending_title} ({verdict})", "", d.ending_narrative, ""]
    if d.ending_quality is not None:
        out += [f"Quality for a lasting peace: {d.ending_quality:g}/100", ""]
    if d.historical_endings and not d.historical:
        out += ["### What really happened", ""]
        out += [f"- **{title}**: {narrative}" for title, narrative in d.historical_endings]
        out.append("")
    for text, cites in d.ending_notes:
        out.append(f"- {text}{_cites(cites)}")
    out += [
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
    out += [
        "",
        "## Trust in the mediator over the turns",
        "",
        "| Party | Start | Over the turns | End |",
        "|---|---|---|---|",
    ]
    for party, series in d.trust.items():
        out.append(f"| {party} | {series[0]:.0f} | `{sparkline(series)}` | {series[-1]:.0f} |")
    out += [
        "",
        "## Positions over the turns",
        "",
        "| Party | Issue | Start | Over the turns | End |",
        "|---|---|---|---|---|",
    ]
    for party, issues in d.positions.items():
        for issue, series in issues.items():
            name = d.issue_names.get(issue, issue)
            out.append(f"| {party} | {name} | {series[0]:.0f} | `{sparkline(series)}` | {series[-1]:.0f} |")
    if d.rubric:
        out += [
            "",
            "## The rubric",
            "",
            "Each move and response is marked for the fundamentals it supports (+) or undermines (-).",
            "",
        ]
        out += ["| Fundamental | Score | Evidence from your moves |", "|---|---|---|"]
        for r in d.rubric:
            out.append(f"| {r.name} | {r.score:+d} | {_cell('; '.join(r.evidence) or 'no move touched it')} |")
        out.append("")
        for r in d.rubric:
            out.append(f"- **{r.name}**: {r.description}{_cites(r.cite)}")
    if d.history_steps:
        done, total = d.history_overlap
        out += ["", f"## Against the historical path ({done} of {total} historical steps taken)", ""]
        for step in d.history_steps:
            mark = "x" if step.played else " "
            when = f" ({step.date})" if step.date else ""
            target = f" → {step.target}" if step.target else ""
            out.append(f"- [{mark}] {step.move}{target}{when}{': ' + step.note if step.note else ''}")
    if d.phases:
        out += ["", "## What really happened, phase by phase", ""]
        for phase in d.phases:
            reached = "" if phase.reached else " (you did not reach it)"
            date = f" ({phase.date})" if phase.date else ""
            out.append(f"- **{phase.name}**{date}{reached}: {phase.history}{_cites(phase.cite)}")
    if d.lessons:
        out += ["", "## Challenges and lessons from the real process", ""]
        for kind, title, text, cites in d.lessons:
            out.append(f"- *{kind}* **{title}**: {text}{_cites(cites)}")
    if d.simplifications:
        out += ["", "## Where the game simplifies", ""]
        out += [f"- {s}" for s in d.simplifications]
    out += ["", "## Sources", ""]
    out += [f"- {s}" for s in d.sources]
    return "\n".join(out) + "\n"
