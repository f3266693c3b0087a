"""The phase graph of a case as Mermaid or DOT, drawn by transitions' diagram support from a
machine built from the case's data (the same states and transitions sessions run on)."""

from __future__ import annotations

import re
from typing import Any, Literal

from transitions.extensions.diagrams import HierarchicalGraphMachine

from roleplay.engine.blueprint import Blueprint
from roleplay.engine.explain import render
from roleplay.engine.machines import SEPARATOR, _state_tree

ANYWHERE = "any_phase"  # stands for '*' sources, which would otherwise draw an edge from every state


def _label(trigger: str | None, condition: str) -> str:
    parts = []
    if trigger:
        parts.append(f"move: {trigger}")
    if condition != "true":
        parts.append(f"when {condition}")
    return " / ".join(parts) or "always"


def graph_source(blueprint: Blueprint, engine: Literal["mermaid", "dot"] = "mermaid") -> str:
    case = blueprint.case
    paths = blueprint.paths

    def name(phase_id: str) -> str:
        return SEPARATOR.join(paths[phase_id])

    states: list[Any] = [_state_tree(p) for p in case.phases] + [e.id for e in case.endings]
    transitions: list[dict[str, str]] = []
    for compiled in blueprint.transitions:
        tr = compiled.transition
        label = _label(tr.trigger, render(compiled.when.tree))
        if compiled.sources is None:
            sources: list[str] = [ANYWHERE]
        else:
            sources = [name(s) for s in sorted(compiled.sources)]
        for source in sources:
            transitions.append(
                {"trigger": f"t{len(transitions)}", "source": source, "dest": name(tr.dest), "label": label}
            )
    clock = case.clock
    transitions.append(
        {
            "trigger": f"t{len(transitions)}",
            "source": ANYWHERE,
            "dest": name(clock.timeout_ending),
            "label": f"time runs out ({clock.end}) or no move is left",
        }
    )
    states.append(ANYWHERE)

    base_state: Any = HierarchicalGraphMachine.state_cls
    graph_state: Any = type("GraphState", (base_state,), {"separator": SEPARATOR})
    case_graph: Any = type("CaseGraph", (HierarchicalGraphMachine,), {"state_cls": graph_state})

    machine = case_graph(
        states=states,
        transitions=transitions,
        initial=name(case.initial_phase or case.phases[0].id),
        auto_transitions=False,
        graph_engine="mermaid" if engine == "mermaid" else "graphviz",
        title=case.title,
        show_state_attributes=False,
    )
    graph = machine.get_graph()
    if engine == "dot":
        return str(graph.source)
    # Mermaid ids allow no '>': write nested ids as parent__child.
    return re.sub(r"(?<=\w)>(?=\w)", "__", str(graph.draw(None)))
