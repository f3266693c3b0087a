"""`roleplay graph`: the phase graph drawn from the case's machine."""

from __future__ import annotations

import re

import pytest

from roleplay.authoring.graph import graph_source
from roleplay.cli import main
from roleplay.loading import LoadedCase


def test_mermaid_has_every_phase_ending_and_transition(algiers: LoadedCase) -> None:
    text = graph_source(algiers.blueprint, "mermaid")
    assert text.splitlines()[3] == "stateDiagram-v2"
    for phase_id in algiers.blueprint.phases:
        assert re.search(rf'state "{phase_id}" as (\w+__)?{phase_id}\b', text), phase_id
    for ending in algiers.case.endings:
        assert f'state "{ending.id}" as {ending.id}' in text
    edges = [line for line in text.splitlines() if "-->" in line and "[*]" not in line]
    # every case transition, every ending with a condition, and the clock's timeout
    assert len(edges) == len(algiers.case.transitions) + sum(1 for e in algiers.case.endings if e.when) + 1
    # an edge names the moves (and events) that fire its trigger, in the case's words
    assert "roadmap__signing --> roadmap_separate: by move Sign separately with each coalition / when " in text
    ids = [line.split(" as ")[1] for line in text.splitlines() if line.strip().startswith("state ") and " as " in line]
    assert ids and not any(">" in state_id for state_id in ids)  # Mermaid ids cannot hold '>'


def test_dot_nests_phases_in_clusters(algiers: LoadedCase) -> None:
    text = graph_source(algiers.blueprint, "dot")
    assert text.startswith("digraph")
    assert "subgraph cluster_roadmap" in text


def test_graph_command(capsys: pytest.CaptureFixture[str], algiers: LoadedCase) -> None:
    assert main(["graph", str(algiers.path), "--format", "dot"]) == 0
    assert capsys.readouterr().out.startswith("digraph")


def test_case_text_in_a_label_cannot_break_the_graph(broken_case) -> None:  # type: ignore[no-untyped-def]
    """A move's name is text: quotes, brackets and semicolons are dropped from the label, so a
    name cannot end the label early or write Mermaid or DOT of its own."""
    from roleplay.loading import load_case

    hostile = 'Sign"]; evil[label="x'
    broken = broken_case(('name = "Sign separately with each coalition"', f"name = {hostile!r}"))
    blueprint = load_case(broken.path).blueprint
    for engine in ("mermaid", "dot"):
        text = graph_source(blueprint, engine)  # type: ignore[arg-type]
        assert 'evil[label="x' not in text and "by move Sign evillabel=x" in text
