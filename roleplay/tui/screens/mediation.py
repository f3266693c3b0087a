"""The main screen: the parties, the issues and the draft, the story so far, and the moves."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, TabbedContent, TabPane

from roleplay.errors import RoleplayError
from roleplay.game import Game, PlayedElsewhere
from roleplay.tui.messages import ClassStatusChanged, ClassTrouble, InstructorMessage, ShowDebrief
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.event import EventDialog
from roleplay.tui.screens.target import TargetDialog
from roleplay.tui.screens.why import WhyScreen
from roleplay.tui.widgets.class_line import ClassLine
from roleplay.tui.widgets.issue_detail import IssueDetail
from roleplay.tui.widgets.issues_table import IssuesTable
from roleplay.tui.widgets.keyed_table import KeyedTable
from roleplay.tui.widgets.keys_footer import KeysFooter
from roleplay.tui.widgets.move_detail import MoveDetail
from roleplay.tui.widgets.move_list import MoveList
from roleplay.tui.widgets.narrative_log import NarrativeLog
from roleplay.tui.widgets.parties_table import PartiesTable
from roleplay.tui.widgets.party_detail import PartyDetail
from roleplay.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from roleplay.engine.session import ActionRecord


class MediationScreen(Screen[None]):
    BINDINGS = [
        Binding("w", "why", "Why?"),
        Binding("u", "undo", "Undo", tooltip="take back your last move (solo practice; not in a class)"),
        Binding(
            "g", "glossary", "Glossary", tooltip="the case's parties, issues, phases and moves, and the model's words"
        ),
        Binding("b", "briefing", "Briefing"),
        Binding("d", "debrief", "Debrief"),
        Binding("1", "tab('parties')", "Parties", show=False),
        Binding("2", "tab('issues')", "Issues", show=False),
        Binding("escape", "moves", "Moves", tooltip="back to your moves from a table", show=False),
        Binding("ctrl+d", "debug", "Debug", tooltip="every value, and any of them set by hand (--debug)"),
        Binding("h", "coach", "Coach", tooltip="a suggested move and why, one move ahead (solo practice)"),
        Binding("M", "messages", "Messages", show=False),
    ]

    def __init__(self, game: Game, debug: bool = False) -> None:
        super().__init__()
        self.game = game
        self.debug = debug  # roleplay play --debug: the debug panel
        # In a class: the status the app's class watcher last told of, and whether the
        # instructor's end of the class has already revealed the debrief.
        self._class_status = "running"
        self._revealed = False

    def compose(self) -> ComposeResult:
        if self.game.team is not None:
            yield ClassLine(self.game.team)
        yield StatusBar(id="status")
        with Horizontal(id="main"):
            with Vertical(id="left"), TabbedContent(id="tables"):
                with TabPane("Parties (1)", id="parties"):
                    yield PartiesTable(id="parties-table")
                    yield PartyDetail(id="party-detail", classes="detail")
                with TabPane("Issues & draft (2)", id="issues"):
                    yield IssuesTable(id="issues-table")
                    yield IssueDetail(id="issue-detail", classes="detail")
            with Vertical(id="right"):
                yield NarrativeLog(id="log")
                yield MoveList(id="moves")
                yield MoveDetail(id="move-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        if not self.query(NarrativeLog):  # replaced before it was mounted (a quick reload, a rejoin)
            return
        self.query_one(NarrativeLog).border_title = "The story so far"
        self.query_one(MoveList).border_title = "Your moves (Enter to play)"
        log = self.query_one(NarrativeLog)
        for record in self.game.records:
            log.add_record(self.game, record)
        self.refresh_state()
        self.query_one(MoveList).focus()
        self.call_after_refresh(self.follow_up)

    def refresh_state(self) -> None:
        game = self.game
        self.query_one(StatusBar).show(game)
        self.fill_tabs()
        self.query_one(MoveList).show(game)
        self.query_one(MoveDetail).new_turn()
        self.show_detail()

    @on(KeyedTable.Ready)
    def fill_tabs(self) -> None:
        """The parties and issues tabs. TabbedContent mounts its panes after this screen, so at
        first each table is filled when it says it is ready."""
        for parties in self.query(PartiesTable):
            parties.show(self.game)
        for issues in self.query(IssuesTable):
            issues.show(self.game)
        self.show_party()
        self.show_issue()

    @on(DataTable.RowHighlighted, "#parties-table")
    def show_party(self) -> None:
        for table, detail in zip(self.query(PartiesTable), self.query(PartyDetail), strict=False):
            detail.show(self.game, table.highlighted_key())

    @on(DataTable.RowHighlighted, "#issues-table")
    def show_issue(self) -> None:
        for table, detail in zip(self.query(IssuesTable), self.query(IssueDetail), strict=False):
            detail.show(self.game, table.highlighted_key())

    @on(OptionList.OptionHighlighted, "#moves")
    def show_detail(self) -> None:
        moves = self.query_one(MoveList)
        option = moves.highlighted_option
        choice = moves.choice(option.id if option is not None else None)
        teaching = self.game.move_teaching(choice.id) if choice else ""
        self.query_one(MoveDetail).show(choice, teaching)

    @on(MoveList.Chosen)
    def move_chosen(self, event: MoveList.Chosen) -> None:
        move = event.move
        if move.needs_target:
            self.app.push_screen(TargetDialog(self.game, move), lambda target: self.play(move.id, target))
        else:
            self.play(move.id, None)

    def play(self, move: str, target: str | None) -> None:
        if target is None and self.game.move_needs_target(move):
            return  # the target dialog was cancelled
        self.send(lambda: self.game.play(move, target))

    def respond(self, choice: str | None) -> None:
        if choice is None:
            return
        self.send(lambda: self.game.respond(choice))

    def send(self, action: Callable[[], Sequence[ActionRecord]]) -> None:
        """Play an input. Whatever goes wrong is said in a notice and the game stays as the store
        or the session holds it: another window of the team played first (rejoin from the
        store), the class is paused or ended, the store is locked or the disk full (nothing
        was lost); a crisis still waiting is asked again."""
        try:
            records = action()
        except PlayedElsewhere as exc:
            self.notify(str(exc), title="Playing in another window", severity="warning", timeout=12, markup=False)
            self.rejoin()
            return
        except RoleplayError as exc:  # MoveError, StoreError: each says what happened
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            self.call_after_refresh(self.follow_up)
            return
        finally:
            for notice in self.game.take_notices():  # e.g. the autosave failed: the move still counts
                self.notify(notice, title="Autosave", severity="warning", timeout=15, markup=False)
        self.after(records)

    def rejoin(self) -> None:
        """Take the team's state from the class store again and show it from the start."""
        try:
            self.game.rejoin()
        except RoleplayError as exc:
            self.notify(f"Cannot rejoin: {exc}", severity="error", timeout=12, markup=False)
            return
        self.redraw()
        self.notify(
            f"Rejoined: this window shows the team's game as the other window left it (turn {self.game.turn}).",
            title="Rejoined",
            timeout=12,
            markup=False,
        )
        self.call_after_refresh(self.follow_up)

    def redraw(self) -> None:
        """The story from its start and the state as it is now (the game was replaced)."""
        log = self.query_one(NarrativeLog)
        log.clear()
        for record in self.game.records:
            log.add_record(self.game, record)
        self.refresh_state()

    def action_undo(self) -> None:
        """Take back the last move (and the crisis responses after it): solo practice only."""
        try:
            undone = self.game.undo()
        except RoleplayError as exc:  # in a class, or nothing played yet: say which
            self.notify(str(exc), title="Undo", severity="warning", timeout=10, markup=False)
            return
        finally:
            for notice in self.game.take_notices():
                self.notify(notice, title="Autosave", severity="warning", timeout=15, markup=False)
        self.redraw()
        self.notify(
            f"Took back turn {undone['turn']} ({self.game.move_name(undone['move'])}) and what followed it: "
            "the talks are as they were before it.",
            title="Undone",
            markup=False,
        )

    def after(self, records: Sequence[ActionRecord]) -> None:
        if not self.is_attached:  # a callback of a screen the app has since replaced (a reload, a rejoin)
            return
        for record in records:
            self.query_one(NarrativeLog).add_record(self.game, record)
        self.refresh_state()
        self.call_after_refresh(self.follow_up)  # show the turn's outcome first, then any crisis

    def follow_up(self) -> None:
        """Crises ask for a response before anything else; an ending opens the debrief. Once
        the instructor has ended the class nothing more is asked; a crisis already asked is
        not asked twice."""
        game = self.game
        if self._class_status == "ended" or any(isinstance(s, EventDialog) for s in self.app.screen_stack):
            return
        crisis = game.crisis()
        if crisis is not None:
            self.app.push_screen(EventDialog(crisis), self.respond)
        elif game.ended:
            self.notify("The talks have ended. Press d for the debrief.", title=game.ending_title, markup=False)
            self.action_debrief()

    @on(ClassStatusChanged)
    def class_status(self, event: ClassStatusChanged) -> None:
        self._class_status = event.status
        self.query_one(ClassLine).show_status(event.status)  # a banner that stays, unlike the notice
        words = {
            "paused": "The instructor has paused the class.",
            "running": "The class resumes.",
            "ended": "The instructor has ended the session.",
        }
        self.notify(words.get(event.status, event.status), title=f"Class {event.code}", timeout=8, markup=False)
        if event.status == "ended" and not self._revealed:
            self._revealed = True  # the instructor reveals the debrief of the game as far as it went
            self.post_message(ShowDebrief())

    @on(ClassTrouble)
    def class_trouble(self, event: ClassTrouble) -> None:
        self.notify(event.text, title="Class store", severity="warning", timeout=10, markup=False)

    @on(InstructorMessage)
    def instructor_message(self, event: InstructorMessage) -> None:
        text = self.query_one(ClassLine).add_message(event.text)  # without escape sequences
        self.notify(text, title="Message from the instructor", timeout=15, markup=False)

    def action_messages(self) -> None:
        from roleplay.tui.screens.class_messages import MessagesScreen

        if self.game.team is None:
            self.notify("Messages come from the instructor, in a class.")
            return
        self.app.push_screen(MessagesScreen(self.query_one(ClassLine).messages))

    def action_why(self) -> None:
        self.app.push_screen(WhyScreen(self.game))

    def action_glossary(self) -> None:
        from roleplay.tui.screens.glossary import GlossaryScreen  # built when first asked for

        self.app.push_screen(GlossaryScreen(self.game))

    def action_briefing(self) -> None:
        self.app.push_screen(BriefingScreen(self.game))

    def action_debrief(self) -> None:
        if not self.game.ended and self._class_status != "ended":
            self.notify("The debrief opens when the talks end.")
            return
        self.post_message(ShowDebrief())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The debug panel's key exists only in a playtest (--debug)."""
        return self.debug if action == "debug" else True

    def action_coach(self) -> None:
        """Solo practice: the coach's advice (recorded), and the move played if taken."""
        from roleplay.tui.screens.coach import CoachDialog

        try:
            advice, records = self.game.coach()
        except RoleplayError as exc:  # in a class: the coach is off
            self.notify(str(exc), title="Coach", markup=False)
            return
        self.after(records)

        def taken(take: bool | None) -> None:
            if not take or advice is None:
                return
            if advice.choice is not None:
                self.respond(advice.choice)
            elif advice.move is not None:
                self.play(advice.move, advice.target)

        self.app.push_screen(CoachDialog(advice), taken)

    def action_debug(self) -> None:
        from roleplay.tui.screens.debug import DebugScreen

        self.app.push_screen(DebugScreen(self.game), lambda records: self.after(records or []))

    def action_moves(self) -> None:
        """Back to the move list (from a table, say), so the arrows and Enter choose a move."""
        self.query_one(MoveList).focus()

    def action_tab(self, tab: str) -> None:
        """Show a tab and put the cursor in its table, so the arrow keys move through its rows."""
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab}-table", DataTable).focus()
