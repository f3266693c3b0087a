"""The mediator's moves with their cost; unavailable moves stay listed with the reason."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from roleplay.tui.game import Game, MoveChoice


class MoveList(OptionList):
    class Chosen(Message):
        """The trainee picked a move (a target is asked for next if it needs one)."""

        def __init__(self, move: MoveChoice) -> None:
            super().__init__()
            self.move = move

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._choices: dict[str, MoveChoice] = {}

    def show(self, game: Game) -> None:
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        self.clear_options()
        choices = game.moves()
        self._choices = {c.id: c for c in choices}
        ordered = [c for c in choices if c.available] + [c for c in choices if not c.available]
        for choice in ordered:
            self.add_option(Option(self._label(choice), id=choice.id, disabled=not choice.available))
        ids = [c.id for c in ordered]
        if highlighted in ids and self._choices[highlighted].available:
            self.highlighted = ids.index(highlighted)
        elif ordered and ordered[0].available:
            self.highlighted = 0

    @staticmethod
    def _label(choice: MoveChoice) -> Text:
        cost = f"{choice.days}d" + (f" {choice.capital:g}cap" if choice.capital else "")
        mark = "▸" if choice.available else "✗"
        target = " → …" if choice.needs_target else ""
        text = Text(f"{mark} {choice.name}{target}", style="bold" if choice.available else "")
        text.append(f"  [{cost}]\n")
        text.append(f"   {choice.summary}", style="" if choice.available else "dim")
        if not choice.available:
            text.append(f"\n   unavailable: {'; '.join(choice.reasons)}", style="italic")
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None and event.option.id in self._choices:
            self.post_message(self.Chosen(self._choices[event.option.id]))
