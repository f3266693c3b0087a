"""What the rules work on, declared: the case (never changes), the game's state (changes)
and the recorder (writes the changes down, or not). The rules and the effects are functions
of such a context; the Session is one."""

from __future__ import annotations

from typing import Protocol

from roleplay.engine.blueprint import Blueprint
from roleplay.engine.recorder import Recorder
from roleplay.engine.state import GameState


class RuleContext(Protocol):
    """All a rule or an effect may read or change: nothing else of the session."""

    @property
    def blueprint(self) -> Blueprint: ...

    @property
    def state(self) -> GameState: ...

    @property
    def recorder(self) -> Recorder: ...
