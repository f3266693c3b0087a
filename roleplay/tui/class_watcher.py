"""Watches a game's class for the app: the instructor's status and messages come from the
class store, and whoever shows the game hears of them as messages instead of polling."""

from __future__ import annotations

from textual.message_pump import MessagePump

from roleplay.errors import RoleplayError
from roleplay.game import ClassLink
from roleplay.tui.messages import ClassStatusChanged, ClassTrouble, InstructorMessage


class ClassWatcher:
    """Polled by a timer the app owns (the store's connection belongs to the app's thread);
    posts ClassStatusChanged and InstructorMessage to ``listener``."""

    def __init__(self, link: ClassLink, listener: MessagePump) -> None:
        self.link, self.listener = link, listener
        self.status = "running"  # a class starts running: a team that rejoins a paused one is told
        self.last_message = 0
        self.trouble = False  # the last poll failed: said once, not every second

    def poll(self) -> None:
        """One look at the class; a store that cannot be read now (locked, a disk error) is
        said once, and the next poll tries again."""
        try:
            self._poll()
        except RoleplayError as exc:
            if not self.trouble:
                self.listener.post_message(ClassTrouble(f"{exc} (the game goes on; the class is checked again)"))
            self.trouble = True
        else:
            self.trouble = False

    def _poll(self) -> None:
        status = self.link.status
        if status != self.status:
            self.status = status
            self.listener.post_message(ClassStatusChanged(self.link.code, status))
        for message_id, text in self.link.messages(self.last_message):
            self.last_message = message_id
            self.listener.post_message(InstructorMessage(text))
