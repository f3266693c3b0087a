"""The coach's advice (solo practice, key h): the move it suggests and why; Enter plays it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from roleplay.game.coach import Advice


class CoachDialog(ModalScreen[bool]):
    """Dismissed with True when the trainee takes the advice (Enter), False otherwise."""

    BINDINGS = [
        Binding("enter", "answer(True)", "Play it"),
        Binding("escape,h", "answer(False)", "Close"),
    ]

    def __init__(self, advice: Advice | None) -> None:
        super().__init__()
        self.advice = advice

    def compose(self) -> ComposeResult:
        advice = self.advice
        with Vertical(classes="dialog wide"):
            if advice is None:
                yield Label("The coach has nothing to suggest: no move can be played now.", classes="question")
                yield Label("Escape to close", classes="hint")
                return
            yield Label(f"The coach suggests: {advice.label}", classes="question", markup=False)
            why = "\n".join(f"• {reason}" for reason in advice.reasons) or "• it looks best one move ahead"
            yield Static(why, markup=False)
            yield Static(
                "The coach looks one move ahead, with what you know of the parties (your estimates, not "
                "their true bottom lines), and weighs each outcome by its chance. A second opinion, not the "
                "answer: it cannot see plans that pay off later. Asking is recorded in the debrief.",
                classes="hint",
                markup=False,
            )
            yield Label("Enter: play it · Escape: close", classes="hint")

    def action_answer(self, take: bool) -> None:
        self.dismiss(take and self.advice is not None)
