"""The rubric: each fundamental scored from the process (the marks of the moves and responses,
with diminishing returns) and from the outcome (the case's terms, read at the end).

A tally of fixed marks rewards repetition: eight meetings of the college would be worth eight
times one. Here the k-th play of the same move (or response) adds its mark / k, so repeating
one move k times adds at most H(k) = 1 + 1/2 + ... + 1/k < ln(k) + 1 times its first mark.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roleplay.engine.blueprint import Blueprint
from roleplay.engine.world import World


def diminished(mark: float, times: int) -> float:
    """What the ``times``-th play of the same move adds to a fundamental."""
    return mark / times


def harmonic(times: int) -> float:
    """What repeating one move ``times`` times adds, in units of its first mark."""
    return sum(1.0 / k for k in range(1, times + 1))


@dataclass(frozen=True)
class RubricPart:
    """One part of a fundamental's score: the process, or one outcome term."""

    label: str
    points: float


@dataclass(frozen=True)
class RubricScore:
    id: str
    name: str
    description: str
    score: float
    evidence: list[str]
    cite: list[str]
    #: The process (marks with diminishing returns), then each outcome term.
    parts: list[RubricPart] = field(default_factory=list)


@dataclass
class MarkTally:
    """The marks of a game's inputs as they are replayed, each diminished by how often the
    same move (or the same response) came before."""

    plays: dict[str, int] = field(default_factory=dict)
    marks: dict[str, list[tuple[float, str]]] = field(default_factory=dict)

    def add(self, key: str, rubric: dict[str, int], where: str) -> None:
        """Record one input's marks; ``key`` names the move (or event/choice) it repeats."""
        times = self.plays[key] = self.plays.get(key, 0) + 1
        for fundamental, mark in rubric.items():
            points = diminished(mark, times)
            again = f", play {times}: {points:+.2f}" if times > 1 else ""
            self.marks.setdefault(fundamental, []).append((points, f"{where} ({mark:+d}{again})"))

    def process(self, fundamental: str) -> float:
        return sum(points for points, _ in self.marks.get(fundamental, []))

    def evidence(self, fundamental: str) -> list[str]:
        return [text for _, text in self.marks.get(fundamental, [])]


def rubric_scores(blueprint: Blueprint, tally: MarkTally, world: World, cite: list[list[str]]) -> list[RubricScore]:
    """Each fundamental: its process part, then its terms read from the final state."""
    found = []
    for index, fundamental in enumerate(blueprint.case.rubric):
        parts = [RubricPart("process: the moves and responses marked for it", round(tally.process(fundamental.id), 2))]
        for term in blueprint.rubric_terms.get(fundamental.id, ()):
            parts.append(RubricPart(term.label, round(term.read(world), 2)))
        found.append(
            RubricScore(
                fundamental.id,
                fundamental.name,
                fundamental.description,
                round(sum(p.points for p in parts), 2),
                tally.evidence(fundamental.id),
                cite[index],
                parts,
            )
        )
    return found
