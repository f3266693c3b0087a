"""The two kinds of state machine, built with ``transitions``.

The phase graph comes from the case file: one ``HierarchicalMachine`` per case, shared by
every session of that case. A party's standing at the talks is one small machine shared by
every party of every session. The engine chooses which transition to take (so it can
explain why); the machines hold the graph and perform the change, refusing any move the
graph does not allow.

Models (a session's phase cursor, each party) are passed to the machine on each call rather
than registered with ``add_model``: registering binds methods onto every model and keeps it
in the machine's list until the session is collected, which made a session ~2x dearer to
set up, and simulations make thousands.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from transitions import Machine
from transitions.extensions.nesting import HierarchicalMachine, NestedState

from roleplay.engine.paths import phase_paths
from roleplay.model.case import Case, Phase

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint

# transitions nests with '_' by default, which our ids use; '>' never appears in an id.
SEPARATOR = ">"


class PhaseState(NestedState):
    separator = SEPARATOR


class PhaseMachine(HierarchicalMachine):
    state_cls = PhaseState

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._routes: dict[tuple[str, str], str] = {}

    def fire(self, model: Any, trigger: str) -> None:
        """Perform ``trigger`` on ``model``; MachineError if the graph has no such edge from its state.

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
            self.trigger_event(model, trigger)
            self._routes[key] = model.state
        else:
            model.state = dest

    def place(self, model: Any, state: str) -> None:
        """Put ``model`` in ``state`` (a session's start, or an ending the clock forces);
        a parent phase is entered at its initial child, as far down as the tree goes."""
        nested = self.get_state(state)
        while nested.initial:
            state = f"{state}{SEPARATOR}{nested.initial}"
            nested = self.get_state(state)
        self.set_state(state, model=model)


class StandingMachine(Machine):
    def allows(self, model: Any, trigger: str) -> bool:
        """Whether ``trigger`` can change this model's standing now (its conditions included):
        what transitions binds onto a registered model as ``may_trigger``."""
        return bool(self._can_trigger(model, trigger))

    def fire(self, model: Any, trigger: str) -> None:
        self.events[trigger].trigger(model)


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


_phase_machines: weakref.WeakKeyDictionary[Blueprint, PhaseMachine] = weakref.WeakKeyDictionary()


def phase_machine(blueprint: Blueprint) -> PhaseMachine:
    """The case's phase machine, built when its first session starts and kept while the
    blueprint lives: the blueprint itself never loads transitions, so validating a case
    (roleplay.compile, roleplay.loading) does not pay for importing it."""
    machine = _phase_machines.get(blueprint)
    if machine is None:
        machine = _phase_machines[blueprint] = build_phase_machine(
            blueprint.case,
            [
                (t.trigger_name, "*" if t.sources is None else sorted(t.sources), t.transition.dest)
                for t in blueprint.transitions
            ],
        )
    return machine


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
