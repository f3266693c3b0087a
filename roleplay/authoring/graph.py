"""The phase graph of a case as Mermaid or DOT, drawn by transitions' diagram support from a
machine built from the case's data (the same states and transitions sessions run on)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal

from transitions.extensions.diagrams import HierarchicalGraphMachine

from roleplay.engine.blueprint import Blueprint, CompiledEffect
from roleplay.engine.explain import render
from roleplay.engine.machines import SEPARATOR, _state_tree
from roleplay.model import effects as fx

ANYWHERE = "any_phase"  # stands for '*' sources, which would otherwise draw an edge from every state


#: Characters that would end a label or start markup in Mermaid or DOT: case text is text.
_UNSAFE = re.compile(r'["\[\]{}|<>#;`\\]')
#: A label names at most this many moves and events that fire its trigger.
SHOWN_FIRERS = 4


def _label(firers: list[str], trigger: str | None, condition: str) -> str:
    parts = []
    if trigger:
        shown = [_UNSAFE.sub("", who) for who in firers[:SHOWN_FIRERS]]
        shown += [f"{len(firers) - SHOWN_FIRERS} more"] if len(firers) > SHOWN_FIRERS else []
        parts.append(f"by {', '.join(shown)}" if shown else f"trigger {trigger}, which nothing fires")
    if condition != "true":  # written back from the parsed condition: ids, numbers and quoted values
        parts.append(f"when {condition}")
    return " / ".join(parts) or "always"


def firers(blueprint: Blueprint) -> dict[str, list[str]]:
    """Per trigger, the moves (by name) and events (by title) whose effects fire it."""
    found: dict[str, list[str]] = {}

    def note(effects: Iterable[CompiledEffect], who: str) -> None:
        for compiled in effects:
            if isinstance(compiled.effect, fx.AdvanceEffect):
                names = found.setdefault(compiled.effect.trigger, [])
                if who not in names:
                    names.append(who)

    for move in blueprint.moves.values():
        note(move.effects, f"move {move.move.name}")
        for outcome in move.outcomes:
            note(outcome.effects, f"move {move.move.name} ({outcome.outcome.label})")
    for event in blueprint.events.values():
        note(event.effects, f"event {event.event.title}")
        for choice in event.choices:
            note(choice.effects, f"answer {choice.choice.label} to {event.event.title}")
    return found


def graph_source(blueprint: Blueprint, engine: Literal["mermaid", "dot"] = "mermaid") -> str:
    case = blueprint.case
    paths = blueprint.paths

    def name(phase_id: str) -> str:
        return SEPARATOR.join(paths[phase_id])

    states: list[Any] = [_state_tree(p) for p in case.phases] + [e.id for e in case.endings]
    transitions: list[dict[str, str]] = []
    fired_by = firers(blueprint)
    for compiled in blueprint.transitions:
        tr = compiled.transition
        label = _label(fired_by.get(tr.trigger or "", []), tr.trigger, render(compiled.when.tree))
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
