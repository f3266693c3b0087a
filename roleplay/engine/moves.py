"""Which moves can be played now, and in words why the others cannot."""

from __future__ import annotations

from dataclasses import dataclass

from roleplay.engine.blueprint import CompiledMove
from roleplay.engine.context import RuleContext
from roleplay.engine.state import GameState
from roleplay.engine.world import Scope, World
from roleplay.errors import MoveError


@dataclass(frozen=True)
class MoveOption:
    """A move the mediator could play now (or could not, and why)."""

    move: str
    name: str
    summary: str
    target: str | None
    available: bool
    reasons: tuple[str, ...]
    days: int
    capital: float


def context_of(state: GameState, target: str | None) -> World | Scope:
    """What the move's conditions are tested on: a move with a target binds 'target'."""
    return state.scopes[target] if target is not None else state.world


def is_open(state: GameState, compiled: CompiledMove, target: str | None) -> bool:
    """Whether the move's own rules allow it now (uses left, capital, its condition)."""
    move, world = compiled.move, state.world
    if move.max_uses is not None and world.played.get(move.id, 0) >= move.max_uses:
        return False
    if move.cost.capital > world.capital + 1e-9:
        return False
    return compiled.available.test(state.scopes[target] if target is not None else world)


def can_play(ctx: RuleContext, move: str, target: str | None) -> bool:
    """Whether this move (with this target) can be played now; cheap, no explanation. False
    for a move that needs a target asked without one (or with one it cannot take), and for a
    move that takes none asked with one, as ``play`` would refuse them."""
    state = ctx.state
    if state.ending is not None or state.pending:
        return False
    compiled = ctx.blueprint.moves[move]
    fits = target in compiled.targets if compiled.needs_target else target is None
    return fits and is_open(state, compiled, target)


def playable(ctx: RuleContext) -> list[tuple[str, str | None]]:
    """The (move, target) pairs that can be played now."""
    state = ctx.state
    if state.ending is not None or state.pending:
        return []
    return [
        (compiled.move.id, target)
        for compiled in ctx.blueprint.moves.values()
        for target in compiled.possible_targets
        if is_open(state, compiled, target)
    ]


def available_moves(ctx: RuleContext) -> list[MoveOption]:
    """Every move, per target, with whether it can be played now and why not."""
    options = []
    for compiled in ctx.blueprint.moves.values():
        move = compiled.move
        for target in compiled.possible_targets:
            reasons = tuple(unavailable(ctx, compiled, target))
            options.append(
                MoveOption(
                    move.id, move.name, move.summary, target, not reasons, reasons, move.cost.days, move.cost.capital
                )
            )
    return options


def unavailable(ctx: RuleContext, compiled: CompiledMove, target: str | None) -> list[str]:
    """Why a move cannot be played now, in words (empty when it can)."""
    state = ctx.state
    if state.ending is not None:
        return ["the session has ended"]
    if state.pending:
        return [f"respond to '{state.pending[0].event.title}' first"]
    if is_open(state, compiled, target):
        return []
    world = state.world
    move = compiled.move
    reasons = []
    if move.max_uses is not None and world.played.get(move.id, 0) >= move.max_uses:
        reasons.append(f"already played {move.max_uses} time(s)")
    if move.cost.capital > world.capital + 1e-9:
        reasons.append(f"needs {move.cost.capital:g} political capital (have {world.capital:.0f})")
    explainer = ctx.blueprint.explainers[frozenset({"target"} if target else ())]
    found = explainer.unmet(compiled.available, context_of(state, target))
    if target is not None:  # say whom: 'standing.gatia is outside', not 'standing.target'
        found = [reason.replace(".target", f".{target}") for reason in found]
    return reasons + found


def checked(ctx: RuleContext, move_id: str, target: str | None) -> CompiledMove:
    """The move, if it can be played with this target now; else MoveError saying why."""
    compiled = ctx.blueprint.moves.get(move_id)
    if compiled is None:
        raise MoveError(f"unknown move '{move_id}'")
    if compiled.needs_target and target not in compiled.targets:
        raise MoveError(f"move '{move_id}' needs a target: one of {', '.join(compiled.targets)}")
    if not compiled.needs_target and target is not None:
        raise MoveError(f"move '{move_id}' takes no target")
    state = ctx.state
    if not is_open(state, compiled, target) or state.ending is not None or state.pending:
        reasons = unavailable(ctx, compiled, target)
        raise MoveError(f"move '{move_id}' is not available: {'; '.join(reasons)}")
    return compiled
