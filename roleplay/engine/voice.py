"""What a party says: one of its persona's lines of a kind, drawn from the game's generator
(drawn in lean sessions too, so both modes keep the same draws)."""

from __future__ import annotations

from roleplay.engine.context import RuleContext


def voice(ctx: RuleContext, party: str, kind: str) -> str:
    spec = ctx.blueprint.parties.get(party)
    lines: list[str] = getattr(spec.voice, kind) if spec is not None else []
    if not lines:
        return ""
    return lines[ctx.state.rng.randrange(len(lines))] if len(lines) > 1 else lines[0]
