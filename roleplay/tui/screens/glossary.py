"""g: the glossary. The model's words and the case's (parties, issues, the phases so far,
the moves), each with where it comes from. Case text is shown as text, never as markup."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from roleplay.game import Game
from roleplay.game.glossary import Section


def glossary_text(sections: list[Section]) -> Text:
    """The glossary as one Text: a heading per section, each word in bold with its meaning,
    then its source, dimmed."""
    text = Text()
    for number, section in enumerate(sections):
        if number:
            text.append("\n")
        text.append(f"{section.title}\n", style="bold underline")
        for term in section.terms:
            text.append(term.word, style="bold")
            text.append(f": {term.meaning}\n")
            text.append(f"    {term.source}\n", style="dim italic")
    return text


class GlossaryScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,g,q", "close", "Close")]

    def __init__(self, game: Game) -> None:
        super().__init__()
        self.game = game

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label("Glossary", classes="question")
            with VerticalScroll(id="glossary-body"):  # far longer than any terminal
                yield Static(glossary_text(self.game.glossary()), id="glossary-text")
            yield Label("↑ ↓ to scroll · Escape to close", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#glossary-body").focus()  # the arrows scroll at once

    def action_close(self) -> None:
        self.dismiss(None)
