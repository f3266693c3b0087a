"""How mediation reveals the parties' bottom lines: the ``reveal`` effect (caucus, shuttle,
hearings, a separate review of the text) and what a party says when it vetoes a text.
The estimates themselves live in engine/knowledge.py."""

from __future__ import annotations

from roleplay.engine.causes import Cause
from roleplay.engine.context import RuleContext
from roleplay.engine.knowledge import hear_verdict, keys_of
from roleplay.engine.world import PartyState
from roleplay.model import effects as fx

_ASPECTS = {"red_lines": "red lines", "acceptance": "what it could sign", "temperament": "temperament"}


def reveal(ctx: RuleContext, effect: fx.RevealEffect, party: PartyState, cause: Cause, *_: object) -> None:
    """The estimates of what the effect names narrow around the truth; with a text on the
    table, the party also says how it judges it."""
    state = ctx.state
    state.knowledge.shrink(party.id, keys_of(effect.what, state.world.issues), effect.strength)
    if "red_lines" in effect.what:
        state.knowledge.told.add(party.id)  # a party telling its red lines names what it cannot give up
    crossed: list[str] = []
    if state.world.draft and ("red_lines" in effect.what or "acceptance" in effect.what):
        crossed = hear_verdict(state.world, state.truth, state.knowledge, party, state.world.draft)
    if ctx.recorder.keeps:
        ctx.recorder.say("narrator", _learned(ctx, party.id, effect, crossed))


def _learned(ctx: RuleContext, pid: str, effect: fx.RevealEffect, crossed: list[str]) -> str:
    name = ctx.blueprint.personas[pid].short_name
    what = " and ".join(_ASPECTS[a] for a in effect.what)
    line = f"You learn more of where {name} stands: its {what}."
    if crossed:
        issues = {i.id: i.name for i in ctx.blueprint.case.issues}
        line += f" It cannot accept the text on {', '.join(issues[i] for i in crossed)}."
    return line


def vetoed(ctx: RuleContext, party: PartyState, proposal: dict[str, float]) -> None:
    """A party that vetoes a text says why: where the proposal crosses its red lines, or
    whether it could have signed it. The mediator learns from the refusal."""
    state = ctx.state
    hear_verdict(state.world, state.truth, state.knowledge, party, proposal)
