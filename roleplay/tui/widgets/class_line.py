"""In a class, the line at the top of every team screen: the class's code and the team's name,
as text (a name is never read as markup); on the main screen also a banner that stays while
the instructor has paused (or ended) the class, and the instructor's messages, kept for the
history (`M`)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from roleplay.game import ClassLink

BANNERS = {
    "paused": "  PAUSED by the instructor: your moves wait until the class resumes  ",
    "ended": "  The instructor has ended the class  ",
}


def identity(link: ClassLink) -> str:
    """ "Class CODE · Team NAME", without characters a terminal would act on."""
    return f"Class {link.code} · Team {printable(link.team)}"


def printable(text: str) -> str:
    return "".join(char if char.isprintable() else " " for char in text)


class ClassLine(Static):
    DEFAULT_CSS = """
    ClassLine { dock: top; height: 1; padding: 0 1; background: $primary-muted; text-style: bold; }
    ClassLine.-paused { background: $warning-muted; }
    """

    def __init__(self, link: ClassLink) -> None:
        self.identity = identity(link)
        super().__init__(self._line(""), markup=False, id="class-line")
        #: The instructor's messages to this team, oldest first (a rejoin replays them all).
        self.messages: list[str] = []

    def _line(self, status: str) -> Text:
        text = Text(self.identity, no_wrap=True, overflow="ellipsis")
        if status in BANNERS:
            text.append("  ")
            text.append(BANNERS[status], style="reverse")
        return text

    def show_status(self, status: str) -> None:
        """The class's status: a banner while it is paused or ended, none while it runs."""
        self.set_class(status == "paused", "-paused")
        self.update(self._line(status))

    def add_message(self, text: str) -> str:
        """Keep a message of the instructor's for the history; returns it as shown."""
        self.messages.append(printable(text))
        return self.messages[-1]
