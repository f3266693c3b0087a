"""Built-in mediators for headless play: random, greedy and history."""

from __future__ import annotations

from collections.abc import Callable

from roleplay.strategies.base import Strategy, autoplay
from roleplay.strategies.greedy import GreedyStrategy
from roleplay.strategies.history import HistoryStrategy
from roleplay.strategies.random_play import RandomStrategy

STRATEGIES: dict[str, Callable[[int], Strategy]] = {
    "random": RandomStrategy,
    "greedy": GreedyStrategy,
    "history": HistoryStrategy,
}

__all__ = ["STRATEGIES", "GreedyStrategy", "HistoryStrategy", "RandomStrategy", "Strategy", "autoplay"]
