"""A case's record of history and its golden paths: what the real mediation did, in order,
and the scripted playthroughs the case must keep producing (roleplay test)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from roleplay.model.common import Citations, ConditionText, HistoryDate, Id, Strict


class HistoryStep(Strict):
    move: Id
    target: Id | None = None
    date: HistoryDate | None = None
    note: str = ""
    cite: Citations = Field(default_factory=list)


class History(Strict):
    """What the real mediation team did, in order; the 'history' strategy replays it."""

    summary: str
    steps: list[HistoryStep] = Field(min_length=1)


class GoldenPath(Strict):
    """A scripted playthrough the case must keep producing (``roleplay test``).

    ``steps`` are played in order: ``"move"`` or ``"move:target"``; while an event awaits a
    response, the next step is its choice id; a step starting with ``?`` is a condition that
    must hold at that point, e.g. ``"? trust.coordination >= 40"``.
    """

    name: str
    seed: int = 1
    steps: list[str] = Field(default_factory=list)
    then: Literal["random", "greedy", "history"] | None = Field(
        default=None, description="After the steps, let this strategy play to the end."
    )
    expect_ending: Id | None = None
    expect_phase: Id | None = None
    expect: list[ConditionText] = Field(default_factory=list, description="Conditions that must hold at the end.")


class GoldenPaths(Strict):
    """A sibling file of golden paths: <case>.tests.toml beside <case>.toml."""

    tests: list[GoldenPath] = Field(min_length=1)
