"""The roleplay app and its factory (the command line only parses arguments and calls it)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer

from roleplay.errors import RoleplayError
from roleplay.tui import browser
from roleplay.tui.browser import in_browser
from roleplay.tui.memory import FREEZE_AFTER, freeze_loaded, pause_collector, resume_collector
from roleplay.tui.messages import ContinueStory, ShowDebrief
from roleplay.tui.options import Options

if TYPE_CHECKING:
    from roleplay.engine.summary import Summary
    from roleplay.game import Game
    from roleplay.game.playtest import Setting
    from roleplay.tui.export import Format

# Other screens are imported where they are first shown, and the game where it is loaded: the
# first frame (the picker's, the case's title while it loads) needs none of them.


class RoleplayApp(App[None]):
    TITLE = "roleplay"
    CSS_PATH = ["app.tcss", "dialogs.tcss"]
    QUIT_TIP = "asks first while a game is in progress (it is saved automatically)"
    BINDINGS = [
        Binding("f1", "help", "Help", tooltip="the keys of this screen, and how influence works"),
        Binding("ctrl+s", "save", "Save", tooltip="save the game to a file"),
        # q, ctrl+q and the palette's Quit all run action_quit: one quit path.
        Binding("q", "quit", "Quit", tooltip=QUIT_TIP),
        Binding("ctrl+q", "quit", "Quit", tooltip=QUIT_TIP, show=False, priority=True),
        Binding(
            "ctrl+p",
            "command_palette",
            "palette",
            tooltip="save, load, export the debrief, restart with a seed, help",
            show=False,
            priority=True,
        ),
    ]

    def __init__(self, options: Options) -> None:
        super().__init__()
        self.options = options
        self.game: Game | None = None
        #: In a class: polls the class store for the instructor's status and messages.
        self._class_timer: Timer | None = None
        self._reloading = False  # --watch: the case's files are being watched

    # -- starting ------------------------------------------------------------------------

    def on_mount(self) -> None:
        options = self.options
        if options.class_code is not None and not options.team:
            from roleplay.tui.screens.prompt import PromptDialog

            def named(team: str | None) -> None:
                if not team:
                    self.exit(return_code=1, message="A team name is needed to join the class.")
                    return
                self.options = replace(options, team=team)
                self.on_mount()

            self.push_screen(PromptDialog(f"Class {options.class_code}: your team's name?"), named)
        elif options.class_code is not None:
            from roleplay.tui.screens.loading import LoadingScreen  # not on the picker's first frame

            self.push_screen(LoadingScreen(Path(options.class_code)))
            self.call_after_refresh(lambda: self.run_worker(self._join_class, thread=True, group="load"))
        elif options.resume is not None:
            self.start_resumed(options.resume)
        elif options.case is not None:
            self.start_case(options.case)
        else:
            from roleplay.tui.screens.picker import CasePicker

            self.push_screen(CasePicker(options.scenarios), self.start_case)

    def autosave_path(self, case_id: str) -> Path | None:
        on = self.options.autosave and not in_browser(self)  # in a browser: the server's file, shared
        from roleplay.game import autosave_dir

        return autosave_dir() / f"{case_id}.jsonl" if on else None

    def start_case(self, path: Path | None) -> None:
        """Show the case at once; load it (imports, validation, compilation) in a thread."""
        if path is None:
            return
        from roleplay.tui.early_briefing import opening_screen

        pause_collector()  # until the game is on screen (freeze_loaded)
        self.switch_or_push(opening_screen(path, self.options.seed, self.briefing_cacheable))
        # After the first frame: the loading thread's imports would otherwise delay it.
        self.call_after_refresh(lambda: self.run_worker(lambda: self._load(path), thread=True, group="load"))

    @property
    def briefing_cacheable(self) -> bool:  # the case's own briefing: not a playtest's, a class's, a sequel's
        o = self.options
        return not (o.settings or o.debug or o.class_code is not None or o.after is not None)

    @on(ContinueStory)
    def continue_into(self, message: ContinueStory) -> None:
        """Start a case from how the game just played ended (its [carry_over])."""
        path, prior = message.path, message.prior
        from roleplay.tui.screens.loading import LoadingScreen

        self.switch_or_push(LoadingScreen(path))
        self.call_after_refresh(lambda: self.run_worker(lambda: self._load(path, prior), thread=True, group="load"))

    def _join_class(self) -> None:
        from roleplay.tui.browser import join_class

        options = self.options
        where = (options.store, options.class_code or "", options.team or "", options.token)
        join_class(self, where, lambda game: self.begin(game, not game.turn), self.fail, self._with_token)

    def _with_token(self, token: str | None) -> None:
        """Join again with the token a browser's user typed (none: no game)."""
        if not token:
            self.fail("The team's token is needed to rejoin it.")
            return
        self.options = replace(self.options, token=token)
        self.on_mount()

    def _load(self, path: Path, prior: Summary | None = None) -> None:
        from roleplay.game import Game

        try:
            if prior is None and self.options.after is not None:
                from roleplay.game.carry_over import prior_from_save

                prior = prior_from_save(self.options.after)
            game = Game.new(path, self.options.seed, prior=prior, cached=True)
            if self.options.settings:
                from roleplay.game.playtest import apply_settings

                apply_settings(game.session, self.options.settings)
            if prior is None and self.briefing_cacheable:
                from roleplay.tui.early_briefing import remember_briefing

                remember_briefing(game, path, self.options.seed)
        except RoleplayError as exc:
            self.call_from_thread(self.fail, str(exc))
            return
        self.call_from_thread(self._loaded, path, game)

    def _loaded(self, path: Path, game: Game) -> None:
        from roleplay.tui.resume_offer import offer_resume

        resume_collector()
        autosave = self.autosave_path(game.case.id)
        if self.options.settings or self.options.debug:
            autosave = None  # a playtest is not the author's game: ctrl+s saves it
        game.autosave = autosave
        continued = game.carried_over  # the trainee asked for this story: no resume offer
        if autosave is None or continued:
            self.begin(game)
            return
        offer_resume(self, path, game, autosave, self.begin)

    def start_resumed(self, save: Path) -> None:
        try:
            game = resumed(save)
        except RoleplayError as exc:
            self.fail(str(exc))
            return
        game.autosave = self.autosave_path(game.case.id)
        self.begin(game, briefing=False)

    def begin(self, game: Game, briefing: bool = True) -> None:
        from roleplay.tui.early_briefing import briefing_for, uncovered
        from roleplay.tui.screens.mediation import MediationScreen

        shown, self.game = uncovered(self), game
        screen = MediationScreen(game, debug=self.options.debug)
        self.switch_or_push(screen)
        self._watch_class(game, screen)
        # The briefing shown while the game loaded stays on top (switched out and pushed back
        # in one go, Textual keeps a screen that is still in the stack), unless Enter was pressed.
        if briefing and (over := briefing_for(shown, game)) is not None:
            self.push_screen(over)
        self.set_timer(FREEZE_AFTER, freeze_loaded)
        if self.options.watch and not self._reloading:
            self._watch_case()

    def _watch_case(self) -> None:
        from roleplay.tui.live_reload import POLL_SECONDS, CaseReloader

        def show(game: Game) -> None:
            while len(self.screen_stack) > 2:  # dialogs over the old game's screen go with it
                self.pop_screen()
            self.begin(game, briefing=False)

        self._reloading = True
        self.set_interval(POLL_SECONDS, CaseReloader(self, lambda: self.game, show).poll)

    def _watch_class(self, game: Game, screen: Screen[None]) -> None:
        """In a class, the instructor may pause, message or end it: the app watches the class
        and tells the screen showing the game (which never polls the store itself)."""
        if self._class_timer is not None:
            self._class_timer.stop()
            self._class_timer = None
        if game.team is not None:
            from roleplay.tui.class_watcher import ClassWatcher

            self._class_timer = self.set_interval(1.0, ClassWatcher(game.team, screen).poll)

    @on(ShowDebrief)
    def show_debrief(self) -> None:
        from roleplay.tui.screens.debrief import DebriefScreen  # charts load only when needed

        if self.game is not None:
            self.push_screen(DebriefScreen(self.game))

    def switch_or_push(self, screen: Screen[None]) -> None:
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def fail(self, message: str) -> None:
        resume_collector()  # a case that did not load
        if in_browser(self):  # the page would only say "Session ended": say why first
            return browser.fail(self, message)
        self.exit(return_code=1, message=message)

    # -- actions -------------------------------------------------------------------------

    def action_help(self) -> None:
        from roleplay.tui.screens.help import HelpScreen, key_rows

        self.push_screen(HelpScreen(key_rows(self.screen)))

    def action_save(self) -> None:
        from roleplay.tui.screens.prompt import PromptDialog

        if self.game is None:
            return
        game = self.game
        if in_browser(self):  # a path would be the server's: a download instead
            return browser.save_game(self, game)
        link = game.team  # in a class the seed is the instructor's: not in a name the team sees
        default = f"{game.case.id}-class-{link.code}.jsonl" if link else f"{game.case.id}-seed{game.seed}.jsonl"

        def save(path: str | None) -> None:
            if path:
                try:
                    game.save_to(Path(path).expanduser())
                except OSError as exc:
                    self.notify(f"Cannot save: {exc}", severity="error", markup=False)
                    return
                self.notify(f"Saved to {path}", title="Saved", markup=False)

        self.push_screen(PromptDialog("Save the game to:", default), save)

    def in_class(self, what: str) -> bool:
        """In a class every team plays the class's case and seed: ``what`` (a load, a restart) is
        refused with a notice."""
        if self.options.class_code is None:
            return False
        self.notify(f"{what} is off in a class: every team plays the same game.", title="Class", markup=False)
        return True

    def action_load(self) -> None:
        from roleplay.tui.screens.load import LoadDialog

        if self.in_class("Loading another game") or browser.refuse_load(self):
            return

        def load(save: Path | None) -> None:
            if save is None:
                return
            try:
                game = resumed(save)
            except (RoleplayError, OSError) as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            game.autosave = self.autosave_path(game.case.id)
            self.begin(game, briefing=False)

        # The saves where they are usually kept: the autosaves and the working directory (ctrl+s).
        from roleplay.game import autosave_dir

        self.push_screen(LoadDialog([autosave_dir(), Path.cwd()]), load)

    def action_restart(self) -> None:
        from roleplay.game import Game
        from roleplay.tui.screens.prompt import PromptDialog

        if self.in_class("Restarting with a seed") or self.game is None:
            return
        case = self.game.case_path

        def restart(seed: str | None) -> None:
            if seed is None:
                return
            try:
                number = int(seed)
            except ValueError:
                self.notify(f"Not a whole number: {seed}", severity="error", markup=False)
                return
            try:
                game = Game.new(case, number, self.autosave_path(self.game.case.id) if self.game else None)
            except RoleplayError as exc:  # the case file was edited since: say so, keep this game
                self.notify(str(exc), severity="error", markup=False)
                return
            self.begin(game)

        self.push_screen(PromptDialog("Restart with seed:", str(self.game.seed)), restart)

    def action_export(self, fmt: Format) -> None:
        """Write the debrief from the game's records: no screen is built for it."""
        from roleplay.tui.export import export_debrief

        if self.game is None or not self.game.ended:
            self.notify("The debrief can be exported once the talks have ended.")
            return
        if in_browser(self):
            return browser.export_game(self, self.game, fmt)
        try:
            path = export_debrief(self.game, fmt)
        except OSError as exc:  # WriteError: a full disk, a read-only folder
            self.notify(f"Cannot export the debrief: {exc}", severity="error", markup=False)
            return
        self.notify(f"Debrief written to {path}", title="Exported", markup=False)

    async def action_quit(self) -> None:
        """The one quit path (q, ctrl+q, the palette's Quit): a game in progress asks first."""
        from roleplay.tui.screens.confirm import ConfirmDialog

        if self.game is None or not self.game.in_progress:
            self.exit()
            return
        question = "Quit this game? It is saved automatically; you can resume it next time."
        self.push_screen(ConfirmDialog(question, "Quit", "Stay"), lambda quit_: self.exit() if quit_ else None)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Save game", "Save this game to a file", self.action_save)
        if self.options.class_code is None and not in_browser(self):  # one case and seed; no server files
            yield SystemCommand("Load game", "Resume a saved game from a file", self.action_load)
            yield SystemCommand("Restart with a seed", "Start this case again with another seed", self.action_restart)
        yield SystemCommand(
            "Export debrief (Markdown)", "Write the debrief as Markdown", lambda: self.action_export("md")
        )
        yield SystemCommand("Export debrief (HTML)", "Write the debrief as HTML", lambda: self.action_export("html"))
        yield SystemCommand("Help", "Keys and the influence model", self.action_help)


def resumed(save: Path) -> Game:
    """The game a save holds, from the case file it names (RoleplayError or OSError if not)."""
    from roleplay.game import Game
    from roleplay.model.transcript import start_of
    from roleplay.storage.saves import case_path_of
    from roleplay.storage.transcripts import read_records

    return Game.resumed(case_path_of(save, start_of(read_records(save))), save, cached=True)


def create_app(
    case: Path | None = None,
    seed: int = 1,
    resume: Path | None = None,
    autosave: bool | None = None,
    class_code: str | None = None,
    team: str | None = None,
    store: Path | str | None = None,
    after: Path | None = None,
    token: str | None = None,
    watch: bool = False,
    debug: bool = False,
    settings: tuple[Setting, ...] = (),
) -> RoleplayApp:
    """The app factory: everything the CLI (or a test) needs to start the app."""
    if autosave is None:
        autosave = os.environ.get("ROLEPLAY_NO_AUTOSAVE") is None
    return RoleplayApp(
        Options(
            case=case,
            seed=seed,
            resume=resume,
            after=after,
            autosave=autosave,
            class_code=class_code,
            team=team,
            store=store,
            token=token,
            watch=watch,
            debug=debug,
            settings=settings,
        )
    )
