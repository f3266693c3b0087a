"""Transcript records as text for a terminal: what happened, who said what, and why."""

from __future__ import annotations

from typing import Any

from roleplay.engine.blueprint import Blueprint
from roleplay.engine.causes import describe
from roleplay.game.views import party_name


def _num(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:.1f}" if isinstance(value, float) and value != int(value) else f"{value:g}"


def speaker_name(blueprint: Blueprint, speaker: str) -> str:
    if speaker in ("narrator", "event"):
        return speaker
    return party_name(blueprint, speaker)


def change_line(change: dict[str, Any]) -> str:
    before, after = change["from"], change["to"]
    head = f"{change['value']}: {_num(before)} -> {_num(after)}"
    return f"{head}  [{'; '.join(describe(cause) for cause in change['causes'])}]"


def record_text(blueprint: Blueprint, record: dict[str, Any]) -> list[str]:
    moves = blueprint.moves
    if record["type"] == "start":
        head = f"{blueprint.case.title} · seed {record['seed']} · {record['date']} · {record['phase']}"
        if "prior" not in record:
            return [head]
        prior = record["prior"]  # a case continued from a finished game of the earlier case
        ended = prior.get("ending_title") or prior["ending"]
        head += f"\nContinued from a game of '{prior['case']}' that ended: {ended}"
    elif record["type"] == "inject":
        return [f"Injected by the instructor: {record['event']} (happens at the end of the next move)"]
    elif record["type"] == "turn":
        move = moves[record["move"]].move
        target = f" -> {speaker_name(blueprint, record['target'])}" if record.get("target") else ""
        head = f"Turn {record['turn']} · {record['date']} · {record['phase']}: {move.name}{target}"
        if record.get("outcome"):
            chance = record.get("chances", {}).get(record["outcome"])
            head += f" — {record['outcome']}" + (f" ({chance:.0%})" if chance is not None else "")
    else:
        head = f"Response to {record['event']}: {record['choice']}"
    lines = [head]
    for line in record.get("lines", []):
        lines.append(f"  {speaker_name(blueprint, line['speaker'])}: {line['text']}")
    for change in record.get("changes", []):
        lines.append(f"    {change_line(change)}")
    if record.get("pending"):
        event = blueprint.events[record["pending"]]
        options = ", ".join(c.choice.id for c in event.choices)
        lines.append(f"  awaiting a response to {record['pending']}: {options}")
    if record.get("ending"):
        ending = blueprint.endings[record["ending"]]
        lines.append(f"Ending: {ending.title}{' (what really happened)' if ending.historical else ''}")
    return lines
