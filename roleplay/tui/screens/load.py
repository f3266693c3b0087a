"""Load a saved game: the saves in the usual places (the autosaves, the working directory)
to pick with the arrows, or any path typed in the box."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

#: At most this many saves are listed (the newest); any other is a typed path away.
MAX_LISTED = 50


def saves_in(folders: list[Path]) -> list[tuple[Path, float]]:
    """The .jsonl files in ``folders`` (not their subfolders) with when each was last written,
    newest first."""
    found: dict[Path, float] = {}
    for folder in folders:
        try:
            for path in folder.glob("*.jsonl"):
                if path.is_file():
                    found[path] = path.stat().st_mtime
        except OSError:  # a folder gone or unreadable: nothing listed from it
            continue
    return sorted(found.items(), key=lambda item: -item[1])[:MAX_LISTED]


def _label(path: Path, written: float) -> Text:
    when = dt.datetime.fromtimestamp(written).strftime("%Y-%m-%d %H:%M")
    text = Text(path.name, style="bold")  # a file name is text, never markup
    text.append(f"  {when}  {path.parent}", style="dim")
    return text


class LoadDialog(ModalScreen[Path | None]):
    """Dismisses with the save to load, or None on Escape. A typed path that is no file is
    said in the dialog, which stays open."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, folders: list[Path]) -> None:
        super().__init__()
        self.saves = saves_in(folders)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="load"):
            yield Label("Load a saved game", classes="question")
            if self.saves:
                options = (Option(_label(path, written), id=str(path)) for path, written in self.saves)
                yield OptionList(*options, id="saves", classes="choices")
            else:
                yield Label("No saved game in the usual places yet.", id="no-saves")
            yield Label("…or type the path of a save and press Enter:")
            yield Input(placeholder="~/games/algiers-seed1.jsonl", id="save-path")
            yield Label("", id="load-error", classes="error")
            yield Label("↑ ↓ and Enter to choose · Tab to the path · Escape to cancel", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#saves" if self.saves else "#save-path").focus()

    @on(OptionList.OptionSelected, "#saves")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(Path(event.option.id))

    @on(Input.Submitted, "#save-path")
    def typed(self, event: Input.Submitted) -> None:
        typed = event.value.strip()
        path = Path(typed).expanduser()
        if not typed or not path.is_file():
            error = "Type the path of a saved game." if not typed else f"No such file: {path}"
            self.query_one("#load-error", Label).update(Text(error))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
