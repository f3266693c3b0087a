"""What screens and widgets ask of the app, as messages: they never import the app (the app
imports them), and the app handles each with ``@on``. Light on purpose: the app imports this
module before its first frame."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from roleplay.engine.summary import Summary


class ShowDebrief(Message):
    """Open the debrief: the talks have ended, or the instructor ended the class."""


class ContinueStory(Message):
    """Start ``path`` from how the game just played ended (its [carry_over])."""

    def __init__(self, path: Path, prior: Summary) -> None:
        super().__init__()
        self.path, self.prior = path, prior


class ClassStatusChanged(Message):
    """In a class: the instructor paused, resumed or ended it."""

    def __init__(self, code: str, status: str) -> None:
        super().__init__()
        self.code, self.status = code, status


class InstructorMessage(Message):
    """In a class: a message from the instructor to this team (plain text, never markup)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class ClassTrouble(Message):
    """In a class: the class store cannot be read now (locked, a disk error); said once."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
