"""Where each phase sits in a case's graph (no machine needed)."""

from __future__ import annotations

from collections.abc import Sequence

from roleplay.model.case import Case, Phase


def phase_paths(case: Case) -> dict[str, tuple[str, ...]]:
    """Each phase and ending id mapped to its path from the top of the graph."""
    paths: dict[str, tuple[str, ...]] = {}

    def walk(phases: Sequence[Phase], prefix: tuple[str, ...]) -> None:
        for phase in phases:
            paths[phase.id] = (*prefix, phase.id)
            walk(phase.phases, paths[phase.id])

    walk(case.phases, ())
    for ending in case.endings:
        paths[ending.id] = (ending.id,)
    return paths
