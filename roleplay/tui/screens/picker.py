"""Choose a case: the shipped ones (the tutorial first) or a file given by path."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option


def shipped_cases(folder: Path) -> list[tuple[Path, str, str]]:
    """(path, title, one line) for each case in the folder, the tutorial first."""
    found = []
    for path in sorted(folder.glob("*.toml")):
        try:  # a quick look; the chosen case is validated in full when it loads
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if "moves" in data:
            line = f"{data.get('period', '')} · {data.get('difficulty', '')}"
            found.append((path, str(data.get("title", path.stem)), line))
    found.sort(key=lambda item: (item[0].stem != "tutorial", item[0].stem))
    return found


class CasePicker(Screen[Path]):
    BINDINGS = [Binding("escape", "app.quit", "Quit"), Binding("f1", "app.help", "Help")]

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.cases = shipped_cases(folder)

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label("Choose a case (the tutorial teaches the controls in five minutes)", classes="question")
            options = [
                Option(f"{title}{'  (start here)' if path.stem == 'tutorial' else ''}\n   {line}", id=str(path))
                for path, title, line in self.cases
            ]
            yield OptionList(*options, id="cases")
            yield Label("…or type the path of a case file and press Enter:")
            yield Input(placeholder="scenarios/my-case.toml", id="path")
            yield Label("", id="picker-error", classes="error")
        yield Footer()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(Path(event.option.id))

    @on(Input.Submitted)
    def typed(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not path.is_file():
            self.query_one("#picker-error", Label).update(f"No such file: {path}")
            return
        self.dismiss(path)
