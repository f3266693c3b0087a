"""Transcript records as text for a terminal: what happened, who said what, and why."""

from __future__ import annotations

from roleplay.engine.blueprint import Blueprint
from roleplay.engine.causes import describe
from roleplay.game.views import party_name
from roleplay.model.transcript import ChangeRecord, ChoiceRecord, Record, StartRecord, TurnRecord, Value


def _num(value: Value) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:.1f}" if isinstance(value, float) and value != int(value) else f"{value:g}"


def speaker_name(blueprint: Blueprint, speaker: str) -> str:
    if speaker in ("narrator", "event"):
        return speaker
    return party_name(blueprint, speaker)


def change_line(change: ChangeRecord) -> str:
    before, after = change["from"], change["to"]
    head = f"{change['value']}: {_num(before)} -> {_num(after)}"
    return f"{head}  [{'; '.join(describe(cause) for cause in change['causes'])}]"


def record_text(blueprint: Blueprint, record: Record) -> list[str]:
    if record["type"] == "start":
        head = f"{blueprint.case.title} · seed {record['seed']} · {record['date']} · {record['phase']}"
        if "prior" not in record:
            return [head]
        prior = record["prior"]  # a case continued from a finished game of the earlier case
        ended = prior.get("ending_title") or prior["ending"]
        head += f"\nContinued from a game of '{prior['case']}' that ended: {ended}"
        return [head, *_story(blueprint, record)]
    if record["type"] == "inject":
        return [f"Injected by the instructor: {record['event']} (happens at the end of the next move)"]
    if record["type"] == "coach":
        from roleplay.game.coach import suggestion_text

        return [f"{suggestion_text(blueprint, record)} (before turn {record['turn'] + 1})"]
    if record["type"] == "undo":
        from roleplay.game.undo import undo_text

        return [f"{undo_text(blueprint, record)} (solo practice)"]
    if record["type"] == "set":
        changes = [f"  {c['value']}: {c['from']} -> {c['to']}" for c in record.get("changes", [])]
        return [f"Set by hand (a playtest) after turn {record['turn']}: {record['name']} = {record['value']}", *changes]
    if record["type"] == "turn":
        head = _turn_head(blueprint, record)
    else:
        head = f"Response to {record['event']}: {record['choice']}"
    return [head, *_story(blueprint, record), *_afterwards(blueprint, record)]


def _turn_head(blueprint: Blueprint, record: TurnRecord) -> str:
    move = blueprint.moves[record["move"]].move
    target = record["target"]
    towards = f" -> {speaker_name(blueprint, target)}" if target else ""
    head = f"Turn {record['turn']} · {record['date']} · {record['phase']}: {move.name}{towards}"
    outcome = record["outcome"]
    if outcome:
        chance = record.get("chances", {}).get(outcome)
        head += f" — {outcome}" + (f" ({chance:.0%})" if chance is not None else "")
    return head


def _story(blueprint: Blueprint, record: StartRecord | TurnRecord | ChoiceRecord) -> list[str]:
    """Who said what, then every change with its causes."""
    lines = [f"  {speaker_name(blueprint, line['speaker'])}: {line['text']}" for line in record.get("lines", [])]
    return lines + [f"    {change_line(change)}" for change in record.get("changes", [])]


def _afterwards(blueprint: Blueprint, record: TurnRecord | ChoiceRecord) -> list[str]:
    """A crisis waiting for a response, and the ending if the talks ended."""
    lines = []
    pending = record.get("pending")
    if pending:
        options = ", ".join(c.choice.id for c in blueprint.events[pending].choices)
        lines.append(f"  awaiting a response to {pending}: {options}")
    ending_id = record.get("ending")
    if ending_id:
        ending = blueprint.endings[ending_id]
        lines.append(f"Ending: {ending.title}{' (what really happened)' if ending.historical else ''}")
    return lines
