"""Every built-in headless mediator by name: the engine-level ones of roleplay.strategies and
the expert, which sits here because it reads the game as the trainee sees it (views.py)."""

from __future__ import annotations

from collections.abc import Callable

from roleplay.game.expert import ExpertStrategy
from roleplay.strategies import STRATEGIES, Strategy

MEDIATORS: dict[str, Callable[[int], Strategy]] = {**STRATEGIES, "expert": ExpertStrategy}
#: The names, as --strategy offers them.
MEDIATOR_NAMES: tuple[str, ...] = tuple(sorted(MEDIATORS))
