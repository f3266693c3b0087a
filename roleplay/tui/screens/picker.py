"""Choose a case: the shipped ones (the tutorial first) or a file given by path."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from roleplay.loading.peek import CasePeek, peek_folder
from roleplay.tui.widgets.keys_footer import KeysFooter


def shipped_cases(folder: Path) -> list[CasePeek]:
    """The cases in the folder, the tutorial first (a quick look: the chosen case is validated
    in full when it loads)."""
    return sorted(peek_folder(folder), key=lambda case: (case.path.stem != "tutorial", case.path.stem))


class CasePicker(Screen[Path]):
    BINDINGS = [Binding("escape", "app.quit", "Quit"), Binding("f1", "app.help", "Help")]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.cases = shipped_cases(folder)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label("Choose a case (the tutorial teaches the controls in five minutes)", classes="question")
            options = [
                Option(
                    f"{case.title}{'  (start here)' if case.path.stem == 'tutorial' else ''}\n"
                    f"   {case.period} · {case.difficulty}",
                    id=str(case.path),
                )
                for case in self.cases
            ]
            yield OptionList(*options, id="cases", markup=False)

    def on_mount(self) -> None:
        # The path field and the footer of keys a frame later: the list is what is read first,
        # and the first frame of `roleplay play` does not wait for them (bench_tui_full.py).
        self.call_after_refresh(self._mount_the_rest)

    def _mount_the_rest(self) -> None:
        if not self.is_attached:  # a case was chosen in the first frame
            return
        self.query_one("#picker", Vertical).mount(
            Label("…or type the path of a case file and press Enter:"),
            Input(placeholder="scenarios/my-case.toml", id="path"),
            Label("", id="picker-error", classes="error"),
        )
        self.mount(KeysFooter())

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(Path(event.option.id))

    @on(Input.Submitted)
    def typed(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not path.is_file():
            self.query_one("#picker-error", Label).update(Text(f"No such file: {path}"))
            return
        self.dismiss(path)
