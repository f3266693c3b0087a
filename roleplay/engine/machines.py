"""The two kinds of state machine, built with ``transitions``.

The phase graph comes from the case file: one ``HierarchicalMachine`` per case, shared by
every session of that case (each session adds its own cursor as a model). A party's
standing at the talks is one small machine shared by every party of every session.
The engine chooses which transition to take (so it can explain why); the machines hold
the graph and perform the change, refusing any move the graph does not allow.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import Any

from transitions import Machine
from transitions.extensions.nesting import HierarchicalMachine, NestedState

from roleplay.engine.paths import phase_paths
from roleplay.model.case import Case, Phase

# transitions nests with '_' by default, which our ids use; '>' never appears in an id.
SEPARATOR = ">"


class PhaseState(NestedState):
    separator = SEPARATOR


class _LeanModels:
    """Bind only ``trigger`` and ``may_trigger`` onto each model.

    transitions also binds a method per trigger (``walk_out()``, ``may_walk_out()``) and per
    state (``is_signed()``) onto every model; the engine calls ``trigger``/``may_trigger`` only,
    and skipping the rest makes a session ~10x cheaper to set up (simulations make thousands).
    """

    def _add_trigger_to_model(self, trigger: str, model: object) -> None:
        pass

    def _add_model_to_state(self, state: object, model: object) -> None:
        pass


class PhaseMachine(_LeanModels, HierarchicalMachine):
    state_cls = PhaseState

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._routes: dict[tuple[str, str], str] = {}

    def fire(self, model: Any, trigger: str) -> None:
        """Perform ``trigger`` on ``model``, raising as ``trigger`` does if the graph has no such edge.

        Phase edges carry no conditions and no callbacks (the engine decides which edge to
        take, so it can say why), so where an edge leads is a function of the state and the
        trigger alone. The machine resolves each (state, trigger) the first time it is taken,
        through its nested-event machinery (~50 µs); later the same route is set directly,
        which is what simulations of thousands of playthroughs need. Refused edges are never
        remembered, so they raise every time.
        """
        key = (model.state, trigger)
        dest = self._routes.get(key)
        if dest is None:
            model.trigger(trigger)
            self._routes[key] = model.state
        else:
            model.state = dest


class StandingMachine(_LeanModels, Machine):
    pass


def _state_tree(phase: Phase) -> dict[str, Any] | str:
    if not phase.phases:
        return phase.id
    return {
        "name": phase.id,
        "children": [_state_tree(child) for child in phase.phases],
        "initial": phase.initial or phase.phases[0].id,
    }


def build_phase_machine(case: Case, transitions: Sequence[tuple[str, list[str] | str, str]]) -> PhaseMachine:
    """``transitions``: (trigger, source ids or '*', dest id) triples, in priority order."""
    paths = phase_paths(case)
    states = [_state_tree(phase) for phase in case.phases] + [ending.id for ending in case.endings]

    def name(phase_id: str) -> str:
        return SEPARATOR.join(paths[phase_id])

    edges = []
    for trigger, source, dest in transitions:
        sources = "*" if source == "*" else [name(s) for s in ([source] if isinstance(source, str) else source)]
        edges.append({"trigger": trigger, "source": sources, "dest": name(dest)})
    initial = name(case.initial_phase or case.phases[0].id)
    return PhaseMachine(
        model=None,
        states=states,
        transitions=edges,
        initial=initial,
        auto_transitions=False,
        ignore_invalid_triggers=False,
    )


STANDING_TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "join", "source": "outside", "dest": "at_table"},
    {"trigger": "consult", "source": "at_table", "dest": "consulting"},
    {
        "trigger": "boycott",
        "source": ["at_table", "consulting", "initialled", "signed"],
        "dest": "boycotting",
    },
    {"trigger": "walk_out", "source": ["at_table", "consulting", "initialled"], "dest": "walked_out"},
    # A party that comes back returns to the commitment it had made.
    {
        "trigger": "return",
        "source": ["consulting", "boycotting", "walked_out"],
        "dest": "signed",
        "conditions": "had_signed",
    },
    {
        "trigger": "return",
        "source": ["consulting", "boycotting", "walked_out"],
        "dest": "initialled",
        "conditions": "had_initialled",
    },
    {"trigger": "return", "source": ["consulting", "boycotting", "walked_out"], "dest": "at_table"},
    {"trigger": "initial", "source": ["at_table", "consulting"], "dest": "initialled"},
    {"trigger": "sign", "source": "initialled", "dest": "signed"},
    {
        "trigger": "exclude",
        "source": ["at_table", "consulting", "boycotting", "walked_out"],
        "dest": "outside",
    },
]

_standing_machine: StandingMachine | None = None


def standing_machine() -> StandingMachine:
    global _standing_machine
    if _standing_machine is None:
        from roleplay.engine.world import STANDINGS

        _standing_machine = StandingMachine(
            model=None,
            states=list(STANDINGS),
            transitions=STANDING_TRANSITIONS,
            initial="at_table",
            auto_transitions=False,
            model_attribute="standing",
        )
    return _standing_machine


def attach(owner: object, machine: Machine, model: object, initial: str) -> None:
    """Add ``model`` to a shared machine for as long as ``owner`` lives."""
    machine.add_model(model, initial=initial)
    weakref.finalize(owner, machine.remove_model, model)
