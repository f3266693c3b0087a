"""The briefing: context, the parties and what they want, the mandate, objectives, sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen

from roleplay.tui.widgets.keys_footer import KeysFooter
from roleplay.tui.widgets.markdown_text import MarkdownParts, text_as_markdown

if TYPE_CHECKING:
    from roleplay.game import Game


def briefing_markdown(game: Game) -> str:
    """The briefing as Markdown; every text from the case or its personas is escaped (``t``)."""
    case, t = game.case, text_as_markdown
    lines = [
        f"# {t(case.title)}",
        "",
        f"*{t(case.period)}* · {t(case.difficulty)} · about {case.duration_minutes} minutes",
        "",
        "**Press Enter to begin** (the briefing stays a keypress away: b).",
        "",
    ]
    lines += [t(case.summary), "", "## Your mandate", "", t(case.mediation.mandate), ""]
    team = ", ".join(t(game.name(c)) for c in case.mediation.co_mediators)
    lines += [f"You lead as **{t(game.name(case.mediation.lead))}**" + (f", with {team}." if team else "."), ""]
    lines += [
        f"Political capital: {game.capital:.0f}. Every move costs days and capital; the talks end on "
        f"{t(case.clock.end)}, or after {case.clock.max_turns} moves, whichever comes first.",
        "",
    ]
    lines += ["## The parties", ""]
    for party in game.starting_parties():
        background = party.background or "Little of its story is known yet; the debrief tells what it became."
        lines += [f"### {t(party.name)}", "", t(background), ""]
        for stance in party.stances:
            lines.append(
                f"- **{t(stance.issue)}**: wants {stance.position:.0f} (*{t(stance.nearest)}*), "
                f"could accept {t(stance.red_line.words())}; matters {stance.salience:.0f}/100"
            )
        lines += ["", f"Trust in you: {party.trust:.0f}/100.", ""]
    lines += [
        "Red lines marked *(estimate)* are what the sources suggest: where each party's true bottom "
        "line lies you learn by mediating (hearings, meetings with one party, its answers to a text).",
        "",
    ]
    lines += ["## The issues", ""]
    for issue in case.issues:
        anchors = " · ".join(f"{a.at:.0f} {t(a.label)}" for a in issue.anchors)
        lines += [f"- **{t(issue.name)}**: {t(issue.description)} ({anchors})"]
    lines += ["", "## Learning objectives", ""] + [f"- {t(o)}" for o in case.objectives]
    lines += ["", "## Sources", ""]
    lines += [f"- {t(s.author)}, *{t(s.title)}*, {t(s.publisher)}, {t(s.date)}" for s in case.sources]
    lines += ["", "---", "", "Press **Enter** to begin, **F1** for help at any time."]
    return "\n".join(lines)


class BriefingScreen(Screen[None]):
    BINDINGS = [
        Binding("enter,escape", "begin", "Begin", priority=True),
        Binding("f1", "app.help", "Help"),
    ]

    def __init__(self, game: Game | None, markdown: str | None = None) -> None:
        """``game`` None: the briefing the app wrote for this case before (``markdown``, from
        roleplay.tui.early_briefing), shown while the case loads; the app gives it the game."""
        super().__init__()
        self.game = game
        if markdown is None and game is None:
            raise ValueError("a briefing without its game is one written before: give its markdown")
        self.markdown = markdown if markdown is not None else briefing_markdown(game)  # type: ignore[arg-type]
        #: Enter was pressed before the game was loaded: the game begins as soon as it is.
        self.begin_when_loaded = False

    def compose(self) -> ComposeResult:
        if self.game is not None and self.game.team is not None:
            from roleplay.tui.widgets.class_line import ClassLine

            yield ClassLine(self.game.team)
        with Vertical():  # written before, its game loading: the rest of the text once it has
            yield MarkdownParts(self.markdown, held=self.game is None, id="briefing")
        yield KeysFooter()

    def action_begin(self) -> None:
        if self.game is None:
            self.begin_when_loaded = True
            self.notify("The talks are being prepared: they begin in a moment.", markup=False)
            return
        self.dismiss(None)
