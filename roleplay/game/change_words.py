"""What a turn changed and who refused what, in the case's words: 'phase: drafting the
road map → signing ceremony', 'draft on the framework of the talks: none → 33', 'the
Coordination vetoes the revision'; the engine's own story lines with the case's words for
the ids they carry. No engine identifier reaches the trainee."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from roleplay.game.views import SCORE_WORDS, number, party_name, standing_words

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint
    from roleplay.model.transcript import ChangeRecord, Line, Record

#: The note the engine records with a party's veto of a draft revision (roleplay/engine/effects.py).
_VETO = re.compile(r"vetoes the revision \(distance (\d+) -> (\d+)\)")
#: The line the engine records when a move's step to the next phase is not open
#: (roleplay/engine/phases.py); recorded transcripts keep it, so it is reworded when shown.
_NOT_YET = re.compile(r"The talks cannot move on yet \(([\w-]+)\)\.")
_SCORES = {**SCORE_WORDS, "standing": "standing"}


def _phase(blueprint: Blueprint, phase: object) -> str:
    found = blueprint.phases.get(str(phase))
    if found is not None:
        return found.name
    ending = blueprint.endings.get(str(phase))
    return f"ending: {ending.title}" if ending else "—"


def subject(blueprint: Blueprint, value: str) -> str:
    """A recorded value's name in words: 'trust in you, Platform', 'draft on Timetable'."""
    kind, _, rest = value.partition(".")
    parts = rest.split(".")
    issues = {i.id: i.name for i in blueprint.case.issues}
    if kind in _SCORES:
        return f"{_SCORES[kind]}, {party_name(blueprint, rest)}"
    if kind == "draft":
        return f"draft on {issues.get(rest, 'an issue')}"
    if kind in ("position", "salience", "red_low", "red_high") and len(parts) == 2:
        what = {"position": "position", "salience": "salience", "red_low": "red line (low end)"}.get(
            kind, "red line (high end)"
        )
        return f"{what} on {issues.get(parts[1], 'an issue')}, {party_name(blueprint, parts[0])}"
    if kind == "relation" and len(parts) == 2:
        return f"trust of {party_name(blueprint, parts[0])} in {party_name(blueprint, parts[1])}"
    if kind == "flag":
        flags = {f.id: f.description for f in blueprint.case.flags}
        return flags.get(rest, "a fact of the case").rstrip(".")
    return {
        "phase": "phase",
        "capital": "political capital",
        "day": "days since the start",
        "inclusion": "inclusion of the process",
    }.get(kind, "a value")


def describe_change(blueprint: Blueprint, change: ChangeRecord) -> str:
    """A recorded change in words: 'trust in you, Platform: 50 → 54 (+4.0)'."""
    name = change["value"]
    kind = name.partition(".")[0]
    label = subject(blueprint, name)
    before, after = change["from"], change["to"]
    if kind == "phase":
        return f"phase: {_phase(blueprint, before)} → {_phase(blueprint, after)}"
    if kind == "standing":
        return f"{label}: {standing_words(str(before))} → {standing_words(str(after))}"
    if kind == "flag":
        return f"{label}: {'yes' if after else 'no longer'}"
    if isinstance(before, int | float) and isinstance(after, int | float) and not isinstance(before, bool):
        if kind in ("red_low", "red_high"):
            return f"{label}: {_red_line_move(kind, float(after) - float(before))}"
        if kind == "draft" and before < 0:
            return f"{label}: none → {number(float(after))}"
        return f"{label}: {before:.0f} → {after:.0f} ({after - before:+.1f})"
    return f"{label}: {before} → {after}"


def _red_line_move(end: str, delta: float) -> str:
    """How a red line's end moved, never where it lies: the party's bottom line stays its
    secret during play (docs/model.md, bottom lines); the move's effect is what anyone sees."""
    if abs(delta) < 0.05:
        return "unchanged"
    wider = delta > 0 if end == "red_high" else delta < 0
    return f"{'widened' if wider else 'narrowed'} by {abs(delta):.1f}"


def veto(blueprint: Blueprint, line: Line) -> str | None:
    """A party's veto of a draft revision in words, or None if the line is not one."""
    found = _VETO.search(line.get("note", ""))
    if found is None:
        return None
    who = party_name(blueprint, line["speaker"])
    before, after = found.groups()
    return (
        f"✗ {who} vetoes the revision: it would take the text further from what {who} wants "
        f"(distance {before} → {after}). The draft stays as it was; the move's cost is spent."
    )


def vetoes(blueprint: Blueprint, record: Record) -> list[str]:
    """Every veto of a turn, in words."""
    if record["type"] == "inject" or record["type"] == "set" or record["type"] == "coach" or record["type"] == "undo":
        return []
    return [text for line in record.get("lines", []) if (text := veto(blueprint, line)) is not None]


def story_text(blueprint: Blueprint, line: Line, phase: str | None = None) -> str:
    """A story line as the trainee reads it: the engine's 'cannot move on yet (trigger)'
    names the step in the case's words (the steps open from ``phase``, if given)."""
    found = _NOT_YET.fullmatch(line["text"]) if line["speaker"] == "narrator" else None
    if found is None:
        return line["text"]
    steps = [t for t in blueprint.case.transitions if t.trigger == found.group(1)]
    here = [t for t in steps if phase is not None and _leaves(t.source, phase)]
    labels = list(dict.fromkeys(f"“{t.label}”" for t in here or steps))
    if not labels:
        return "The talks cannot move on yet."
    return f"The talks cannot move on yet (not yet: {' or '.join(labels)})."


def _leaves(source: str | list[str], phase: str) -> bool:
    """Whether a transition leaves from this phase (any phase, for '*')."""
    return source == "*" or phase == source or (isinstance(source, list) and phase in source)
