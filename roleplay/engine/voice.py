"""What a party says: one of its persona's lines of a kind, drawn from the game's generator
(drawn in lean sessions too, so both modes keep the same draws). A dated line is said only on
the days it allows; when the line drawn is not yet (or no longer) sayable, the next one in the
list that is takes its place, so the draws stay the same whatever the date."""

from __future__ import annotations

from roleplay.engine.context import RuleContext
from roleplay.model.persona import Line


def voice(ctx: RuleContext, party: str, kind: str) -> str:
    spec = ctx.blueprint.parties.get(party)
    lines: list[Line] = getattr(spec.voice, kind) if spec is not None else []
    if not lines:
        return ""
    first = ctx.state.rng.randrange(len(lines)) if len(lines) > 1 else 0
    date = ctx.state.world.date
    for step in range(len(lines)):
        line = lines[(first + step) % len(lines)]
        if isinstance(line, str):
            return line
        if line.said_on(date):
            return line.text
    return ""
