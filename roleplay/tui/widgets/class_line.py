"""In a class, the line at the top of every team screen: the class's code and the team's name,
as text (a name is never read as markup)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from roleplay.game import ClassLink


def identity(link: ClassLink) -> str:
    """ "Class CODE · Team NAME", without characters a terminal would act on."""
    name = "".join(char if char.isprintable() else " " for char in link.team)
    return f"Class {link.code} · Team {name}"


class ClassLine(Static):
    DEFAULT_CSS = """
    ClassLine { dock: top; height: 1; padding: 0 1; background: $primary-muted; text-style: bold; }
    """

    def __init__(self, link: ClassLink) -> None:
        super().__init__(Text(identity(link), no_wrap=True, overflow="ellipsis"), markup=False, id="class-line")
