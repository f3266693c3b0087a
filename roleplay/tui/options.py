"""What the app is started with: a case or the picker, a save, a class, the author's tools."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.game.playtest import Setting

SCENARIOS = Path(__file__).resolve().parent.parent.parent / "scenarios"


@dataclass(frozen=True)
class Options:
    case: Path | None = None
    seed: int = 1
    resume: Path | None = None
    #: A finished game of the earlier case to continue from (the case's [carry_over]).
    after: Path | None = None
    scenarios: Path = SCENARIOS
    autosave: bool = True
    class_code: str | None = None
    team: str | None = None
    store: Path | str | None = None  # a SQLite file or a postgresql:// URL
    token: str | None = None  # the team's token from the instructor (else the one this terminal keeps)
    watch: bool = False  # reload the case when its files are saved (roleplay play --watch)
    debug: bool = False  # the debug panel: every value, set by hand (roleplay play --debug)
    settings: tuple[Setting, ...] = ()  # a playtest's values set before the first move (--at, --set)
