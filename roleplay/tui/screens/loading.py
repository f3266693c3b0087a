"""The first frame: the case's title and summary while the engine loads it in the background."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, Static

from roleplay.loading.peek import peek


class LoadingScreen(Screen[None]):
    def __init__(self, path: Path) -> None:
        super().__init__()
        case = peek(path)  # cheap; full validation runs after
        self.title_text = case.title if case is not None else path.name
        self.summary = case.summary if case is not None else ""

    def compose(self) -> ComposeResult:
        with Vertical(id="loading"):
            yield Label(self.title_text, classes="question", markup=False)
            yield Static(self.summary, markup=False)
            yield Label("Preparing the talks…", classes="hint")
