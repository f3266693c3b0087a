"""The briefing: context, the parties and what they want, the mandate, objectives, sources."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown

from roleplay.game import Game
from roleplay.tui.widgets.class_line import ClassLine


def briefing_markdown(game: Game) -> str:
    case = game.case
    lines = [
        f"# {case.title}",
        "",
        f"*{case.period}* · {case.difficulty} · about {case.duration_minutes} minutes",
        "",
        "**Press Enter to begin** (the briefing stays a keypress away: b).",
        "",
    ]
    lines += [case.summary, "", "## Your mandate", "", case.mediation.mandate, ""]
    team = ", ".join(game.name(c) for c in case.mediation.co_mediators)
    lines += [f"You lead as **{game.name(case.mediation.lead)}**" + (f", with {team}." if team else "."), ""]
    lines += [
        f"Political capital: {game.capital:.0f}. Every move costs days and capital; the talks end on "
        f"{case.clock.end}, or after {case.clock.max_turns} moves, whichever comes first.",
        "",
    ]
    lines += ["## The parties", ""]
    for party in game.starting_parties():
        background = party.background or "Little of its story is known yet; the debrief tells what it became."
        lines += [f"### {party.name}", "", background, ""]
        for stance in party.stances:
            lines.append(
                f"- **{stance.issue}**: wants {stance.position:.0f} (*{stance.nearest}*), "
                f"could accept {stance.red_line.words()}; matters {stance.salience:.0f}/100"
            )
        lines += ["", f"Trust in you: {party.trust:.0f}/100.", ""]
    lines += [
        "Red lines marked *(estimate)* are what the sources suggest: where each party's true bottom "
        "line lies you learn by mediating (hearings, meetings with one party, its answers to a text).",
        "",
    ]
    lines += ["## The issues", ""]
    for issue in case.issues:
        anchors = " · ".join(f"{a.at:.0f} {a.label}" for a in issue.anchors)
        lines += [f"- **{issue.name}**: {issue.description} ({anchors})"]
    lines += ["", "## Learning objectives", ""] + [f"- {o}" for o in case.objectives]
    lines += ["", "## Sources", ""] + [f"- {s.author}, *{s.title}*, {s.publisher}, {s.date}" for s in case.sources]
    lines += ["", "---", "", "Press **Enter** to begin, **F1** for help at any time."]
    return "\n".join(lines)


class BriefingScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,escape", "begin", "Begin", priority=True),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        if self.game.team is not None:
            yield ClassLine(self.game.team)
        with Vertical(), VerticalScroll(id="briefing"):
            yield Markdown(briefing_markdown(self.game))
        yield Footer()

    def action_begin(self) -> None:
        self.dismiss(None)
