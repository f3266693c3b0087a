"""The phase machine's remembered routes lead where the machine itself leads, and refuse what it refuses."""

from __future__ import annotations

import pytest
from conftest import SCENARIOS
from transitions import MachineError

from roleplay.engine.machines import PhaseMachine, phase_machine
from roleplay.engine.world import PhaseCursor
from roleplay.loading import load_case


def _cursor(machine: PhaseMachine, state: str) -> PhaseCursor:
    cursor = PhaseCursor()
    machine.place(cursor, state)
    return cursor


@pytest.mark.parametrize("case", ["algiers-2014-2015", "algiers-roadmap-2014", "bamako-implementation-2015-2017"])
def test_every_route_fired_twice_matches_the_machine(case: str) -> None:
    blueprint = load_case(SCENARIOS / f"{case}.toml").blueprint
    machine = phase_machine(blueprint)
    triggers = sorted({t.trigger_name for t in blueprint.transitions})
    states = machine.get_nested_state_names()
    taken: set[str] = set()
    refused = 0
    for state in states:
        for trigger in triggers:
            reference = _cursor(machine, state)
            try:
                machine.trigger_event(reference, trigger)  # transitions' own nested trigger
            except MachineError:
                for _ in range(2):  # refused the first time and every time after
                    with pytest.raises(MachineError):
                        machine.fire(_cursor(machine, state), trigger)
                refused += 1
                continue
            for _ in range(2):  # resolved by the machine, then remembered
                cursor = _cursor(machine, state)
                machine.fire(cursor, trigger)
                assert cursor.state == reference.state, (state, trigger)
            taken.add(trigger)
    assert taken == set(triggers) and refused > 0
