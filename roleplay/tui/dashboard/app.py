"""`roleplay class watch CODE`: every team live, with the instructor's controls."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label, Static

from roleplay.classroom.monitor import ClassMonitor, TeamView
from roleplay.classroom.store import ClassStore, StoreError
from roleplay.model.case import Event
from roleplay.tui.dashboard.injection_log import InjectionLog
from roleplay.tui.dashboard.team_detail import TeamDetail
from roleplay.tui.dashboard.teams_table import TeamsTable
from roleplay.tui.shown import shown
from roleplay.tui.widgets.keys_footer import KeysFooter

EVERY_TEAM = "\x00every"  # an id no team name can take (names are typed text)


def _event_label(event: Event) -> str:
    """'Title  (id, on 2015-02-19)': what an instructor recognises, and when the case would fire it."""
    if event.date:
        when = f", due on {event.date}"
    elif event.turn:
        when = f", due at turn {event.turn}"
    else:
        when = ", may happen at random" if event.weight else ", when its condition holds"
    return f"{event.title}  ({event.id}{when})"


class Dashboard(App[None]):
    TITLE = "roleplay · class"
    CSS_PATH = ["dashboard.tcss", "../dialogs.tcss"]
    BINDINGS = [
        Binding("p", "toggle_pause", "Pause/resume"),
        Binding("i", "inject", "Inject event"),
        Binding("m", "message", "Message"),
        Binding("t", "team", "Team: rename, reset, remove"),
        Binding("e", "end", "End & reveal debrief (again: reopen)"),
        Binding("r", "report", "Export report"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, store: ClassStore, code: str) -> None:
        super().__init__()
        self.store = store
        self.monitor = ClassMonitor(store, code)
        self.code = self.monitor.info.code

    def compose(self) -> ComposeResult:
        yield Static(id="class-status")
        yield TeamsTable(id="teams")
        yield TeamDetail(id="team-detail")
        yield InjectionLog(id="injections")
        yield Label("Updated every second. i: inject an event · m: message · to every team or one.", id="hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self._views: dict[str, TeamView] = {}
        self.refresh_view()
        self.set_interval(1.0, self.refresh_view)

    def refresh_view(self) -> None:
        info = self.store.get_class(self.code)
        status = Text(f"Class {info.code} · {info.name} · seed {info.seed} · ", style="bold")
        status.append(info.status.upper(), style="reverse" if info.status != "running" else "")
        teams = len(self.store.teams(self.code))
        status.append(f"\n{teams} teams · case {Path(info.case_path).name}")
        self.query_one("#class-status", Static).update(status)
        views = self.monitor.views()
        self._views = {view.team: view for view in views}
        self.query_one(TeamsTable).show(views)
        titles = {event.id: event.title for event in self.monitor.loaded.case.events}
        self.query_one(InjectionLog).show(self.store.injections(self.code), titles, teams)
        self.show_team()

    @on(DataTable.RowHighlighted, "#teams")
    def show_team(self) -> None:
        team = self.query_one(TeamsTable).highlighted_key()
        self.query_one(TeamDetail).show(self._views.get(team) if team else None)

    def action_toggle_pause(self) -> None:
        status = self.store.get_class(self.code).status
        if status == "ended":
            return
        self.store.set_status(self.code, "running" if status == "paused" else "paused")
        self.refresh_view()

    def action_inject(self) -> None:
        """Pick an event of the case, then who gets it: it happens at their next turn."""
        from roleplay.tui.screens.choice import ChoiceDialog

        events = [(event.id, _event_label(event)) for event in self.monitor.loaded.case.events]  # the case, as written

        def chosen_event(event: str | None) -> None:
            if event is None:
                return

            def inject(recipient: str | None) -> None:
                if recipient is None:
                    return
                team = None if recipient == EVERY_TEAM else recipient
                self.store.inject(self.code, event, team)
                self.refresh_view()  # in the log at once
                who = f"team {shown(team)}" if team else "every team"
                self.notify(f"{event} will happen at {who}'s next turn", markup=False)

            self.push_screen(ChoiceDialog(f"Inject '{event}' into:", self._recipients()), inject)

        question = "Which event? (it happens at the team's next turn)"
        self.push_screen(ChoiceDialog(question, events, wide=True), chosen_event)

    def action_message(self) -> None:
        """Pick who reads it, then type it: it shows on their screen within a second."""
        from roleplay.tui.screens.choice import ChoiceDialog
        from roleplay.tui.screens.prompt import PromptDialog

        def chosen(recipient: str | None) -> None:
            if recipient is None:
                return
            team = None if recipient == EVERY_TEAM else recipient

            def send(text: str | None) -> None:
                if text:
                    self.store.post_message(self.code, text, team)
                    self.notify(f"Message sent to {'team ' + shown(team) if team else 'every team'}", markup=False)

            self.push_screen(PromptDialog(f"Message to {'team ' + shown(team) if team else 'every team'}:"), send)

        self.push_screen(ChoiceDialog("Message to:", self._recipients()), chosen)

    def _recipients(self) -> list[tuple[str, str]]:
        """Every team first, then each team, the one under the cursor first among them."""
        teams = sorted(self.store.teams(self.code))
        current = self.query_one(TeamsTable).highlighted_key()
        if current in teams:
            teams.remove(current)
            teams.insert(0, current)
        return [(EVERY_TEAM, "Every team"), *((team, f"Team {shown(team)}") for team in teams)]

    def action_team(self) -> None:
        """Rename, reset or remove the team under the cursor (as `roleplay class rename|reset|remove`)."""
        from roleplay.tui.screens.choice import ChoiceDialog

        team = self.query_one(TeamsTable).highlighted_key()
        if not team:
            self.notify("No team yet.")
            return
        changes = [
            ("rename", "Rename it (it rejoins with a new token: roleplay class token)"),
            ("reset", "Reset its game to the start (it rejoins)"),
            ("remove", "Remove it and its game"),
        ]
        self.push_screen(
            ChoiceDialog(f"Team {shown(team)}:", changes),
            lambda change: self._change_team(team, change) if change else None,
        )

    def _change_team(self, team: str, change: str) -> None:
        from roleplay.tui.screens.confirm import ConfirmDialog
        from roleplay.tui.screens.prompt import PromptDialog

        def apply(new_name: str | None = None) -> None:
            try:
                name = self.store.change_team(self.code, team, change, new_name)
            except StoreError as exc:  # a taken name, a locked store: said, the dashboard goes on
                self.notify(str(exc), severity="error", markup=False)
                return
            done = {"rename": f"is now {shown(name)}", "reset": "starts again", "remove": "was removed"}[change]
            self.notify(f"Team {shown(team)} {done}", markup=False)
            self.refresh_view()

        if change == "rename":
            self.push_screen(
                PromptDialog(f"New name for team {shown(team)}:", team), lambda name: apply(name) if name else None
            )
        else:
            question = f"{change.capitalize()} team {shown(team)}? Its game so far is lost."
            self.push_screen(
                ConfirmDialog(question, change.capitalize(), "Keep it"), lambda yes: apply() if yes else None
            )

    def action_end(self) -> None:
        from roleplay.tui.screens.confirm import ConfirmDialog

        if self.store.get_class(self.code).status == "ended":  # e again: reopen (roleplay class reopen)

            def reopen(yes: bool | None) -> None:
                if yes:
                    self.store.set_status(self.code, "running")
                    self.refresh_view()
                    self.notify("Reopened: the teams' moves are taken again")

            self.push_screen(ConfirmDialog("The class has ended. Reopen it?", "Reopen", "Keep it ended"), reopen)
            return

        def end(yes: bool | None) -> None:
            if yes:
                self.store.set_status(self.code, "ended")
                self.refresh_view()
                self.notify("Ended: each team now sees its debrief")

        self.push_screen(
            ConfirmDialog("End the session for every team and reveal the debriefs?", "End", "Keep going"), end
        )

    def action_report(self) -> None:
        from roleplay.classroom.report import class_results, to_html, to_markdown
        from roleplay.storage.files import write_atomic

        path = Path.cwd() / f"class-{self.code}.md"
        try:
            results = class_results(self.store, self.code)
            write_atomic(path, to_markdown(self.code, results))
            write_atomic(path.with_suffix(".html"), to_html(self.code, results))
        except (StoreError, OSError) as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(f"Report written to {path} and {path.with_suffix('.html').name} (to project)", markup=False)
