"""A party's standing at the talks: the standing machine's changes and the rules of trust
that make a party walk out and come back."""

from __future__ import annotations

from roleplay.engine.causes import Cause
from roleplay.engine.context import RuleContext
from roleplay.engine.knowledge import seen
from roleplay.engine.machines import standing_machine
from roleplay.engine.voice import voice
from roleplay.engine.world import PartyState

#: What a party says when its standing changes, by the standing machine's trigger.
_VOICE = {
    "walk_out": "walks_out",
    "return": "returns",
    "consult": "consults",
    "boycott": "boycotts",
    "initial": "initials",
    "sign": "signs",
    "join": "joins",
    "exclude": "protests",
}


def change_standing(ctx: RuleContext, party: PartyState, action: str, cause: Cause) -> bool:
    """Fire ``action`` on the party's standing; False when the standing machine refuses it."""
    machine = standing_machine()
    if not machine.allows(party, action):
        return False
    before = party.standing
    machine.fire(party, action)
    ctx.state.world.standings_changed()
    if party.standing in ("initialled", "signed"):
        party.committed = party.standing
    ctx.recorder.change(f"standing.{party.id}", before, party.standing, cause)
    ctx.recorder.say(party.id, voice(ctx, party.id, _VOICE[action]))
    return True


def standing_rules(ctx: RuleContext) -> None:
    """After each turn: a party whose trust fell too low walks out; one whose trust is
    restored comes back."""
    for party in ctx.state.world.parties.values():
        standing = party.standing
        if standing not in ("at_table", "consulting", "walked_out"):
            continue
        temper = ctx.state.truth.temperament[party.id]  # drawn for this session
        if standing != "walked_out":
            leaves = party.trust < temper.walk_out_below
            seen(ctx.state.knowledge, party, "walk_out_below", temper.walk_out_below, crossed=leaves)
            if leaves:
                note = f"trust {party.trust:.0f} fell below {temper.walk_out_below:g}"
                change_standing(ctx, party, "walk_out", Cause("rule:walk_out", "Trust too low to stay", note=note))
        else:
            back = party.trust >= temper.return_above
            seen(ctx.state.knowledge, party, "return_above", temper.return_above, crossed=not back)
            if back:
                note = f"trust {party.trust:.0f} is back above {temper.return_above:g}"
                change_standing(ctx, party, "return", Cause("rule:return", "Trust restored", note=note))
