"""The first frame: the case's title and summary while the engine loads it in the background."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Label, Static


def peek(path: Path) -> tuple[str, str]:
    """Title and summary straight from the file (cheap; full validation runs after)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return path.name, ""
    return str(data.get("title", path.name)), " ".join(str(data.get("summary", "")).split())


class LoadingScreen(Screen[None]):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.title_text, self.summary = peek(path)

    def compose(self) -> ComposeResult:
        with Vertical(id="loading"):
            yield Label(self.title_text, classes="question")
            yield Static(self.summary)
            yield Label("Preparing the talks…", classes="hint")
