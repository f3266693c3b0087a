"""A case's record of history and its golden paths: what the real mediation did, in order,
and the scripted playthroughs the case must keep producing (roleplay test)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from roleplay.model.common import Citations, ConditionText, HistoryDate, Id, Strict


class HistoryStep(Strict):
    move: Id = Field(description="The id of the move the real mediators made.")
    target: Id | None = Field(default=None, description="The party it was made with, for a one-target move.")
    date: HistoryDate | None = Field(
        default=None,
        description=(
            "When it happened, as precise as the source: a day, a month or a range (2015-06-05/19); the replay "
            "reports a move that does not span it."
        ),
    )
    outcome: Id | None = Field(
        default=None,
        description=(
            "The outcome the sources record, for a move whose outcome is drawn (the patrol did roll out): the "
            "replay plays it instead of drawing one, so history never invents a failure the record does not show "
            "(default: drawn)."
        ),
    )
    note: str = Field(
        default="", description="What happened, in a few words; the debrief shows it beside the step (default: none)."
    )
    cite: Citations = Field(default_factory=list)


class History(Strict):
    """What the real mediation team did, in order; the 'history' strategy replays it."""

    summary: str = Field(description="How the real mediation went, in a paragraph, for the debrief.")
    steps: list[HistoryStep] = Field(min_length=1, description="The real mediators' moves, in order.")


class GoldenPath(Strict):
    """A scripted playthrough the case must keep producing (``roleplay test``).

    ``steps`` are played in order: ``"move"`` or ``"move:target"``; while an event awaits a
    response, the next step is its choice id; a step starting with ``?`` is a condition that
    must hold at that point, e.g. ``"? trust.coordination >= 40"``.
    """

    name: str = Field(description="What the path shows, as `roleplay test` reports it.")
    seed: int = Field(default=1, description="The session's seed: the same seed, the same draws (default 1).")
    steps: list[str] = Field(
        default_factory=list,
        description=(
            "Played in order: 'move', 'move:target', 'move:target@outcome' (pins the outcome), a choice id, or '? "
            "condition'."
        ),
    )
    then: Literal["random", "greedy", "history"] | None = Field(
        default=None, description="After the steps, let this strategy play to the end."
    )
    expect_ending: Id | None = Field(default=None, description="The ending the path must reach (default: not checked).")
    expect_phase: Id | None = Field(default=None, description="The phase the path must end in (default: not checked).")
    expect: list[ConditionText] = Field(default_factory=list, description="Conditions that must hold at the end.")


class GoldenPaths(Strict):
    """A sibling file of golden paths: <case>.tests.toml beside <case>.toml."""

    tests: list[GoldenPath] = Field(min_length=1)
