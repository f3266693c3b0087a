"""The mediator's moves with their cost; unavailable moves stay listed with the reason."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from roleplay.game import Game, MoveChoice


class MoveList(OptionList):
    class Chosen(Message):
        """The trainee picked an available move (a target is asked for next if it needs one)."""

        def __init__(self, move: MoveChoice) -> None:
            super().__init__()
            self.move = move

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._choices: dict[str, MoveChoice] = {}
        self._order: list[str] = []
        self._labels: dict[str, tuple[bool, str, float]] = {}

    def show(self, game: Game) -> None:
        choices = game.moves()
        self._choices = {c.id: c for c in choices}
        ordered = [c for c in choices if c.available] + [c for c in choices if not c.available]
        ids = [c.id for c in ordered]
        if ids == self._order:
            self._update_in_place(ordered)
            return
        first = not self._order
        highlighted = self.highlighted_option.id if self.highlighted_option is not None else None
        self.clear_options()
        self.add_options([Option(self._label(c), id=c.id) for c in ordered])
        self._order = ids
        self._labels = {c.id: self._key(c) for c in ordered}
        # The cursor follows the move, not the row: a trainee pressing Enter again must never
        # play another move because the rows moved. A move that became unavailable keeps the
        # cursor (Enter says why); one no longer listed leaves no move under it.
        if highlighted in ids:
            self.highlighted = ids.index(highlighted)
        elif first and ordered:
            self.highlighted = 0

    def _update_in_place(self, ordered: list[MoveChoice]) -> None:
        """Same moves in the same order: only redraw the ones whose text changed (cheap)."""
        for choice in ordered:
            key = self._key(choice)
            if self._labels.get(choice.id) != key:
                self.replace_option_prompt(choice.id, self._label(choice))
                self._labels[choice.id] = key

    @staticmethod
    def _key(choice: MoveChoice) -> tuple[bool, str, float]:
        return choice.available, choice.why, choice.capital

    @staticmethod
    def _label(choice: MoveChoice) -> Text:
        """One line a move, with why it cannot be played if so (cut to the width): the details
        of the highlighted one show in the panel below."""
        cost = f"{choice.days}d" + (f" {choice.capital:g}cap" if choice.capital else "")
        mark = "▸" if choice.available else "✗"
        target = " → …" if choice.needs_target else ""
        text = Text(f"{mark} {choice.name}{target}", style="bold" if choice.available else "")
        text.append(f"  {cost}", style="dim")
        if not choice.available:
            text.append(f"  {choice.why}", style="dim italic")
        return text

    def choice(self, move_id: str | None) -> MoveChoice | None:
        return self._choices.get(move_id) if move_id else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        choice = self.choice(event.option.id)
        if choice is None:
            return
        if choice.available:
            self.post_message(self.Chosen(choice))
        else:  # unavailable moves stay in reach, so the trainee can read why
            self.notify("; ".join(choice.reasons), title=f"{choice.name} is not available now", markup=False)
