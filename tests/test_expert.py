"""The expert mediator (issue 11, item 12): it plays from what the trainee sees, never the
session's future random numbers, and keeps to the literature's rules; `run --json` carries
the rubric per fundamental and the ending's score parts (item 11)."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from helpers import shift_truth_inside_estimates

from roleplay.engine.session import Session
from roleplay.game.expert import ExpertStrategy, kind_of
from roleplay.game.mediators import MEDIATORS
from roleplay.loading import LoadedCase, load_case
from roleplay.strategies import autoplay

ALGIERS = ROOT / "scenarios" / "algiers-2014-2015.toml"


@pytest.fixture(scope="module")
def algiers() -> LoadedCase:
    return load_case(ALGIERS)


@pytest.mark.parametrize(
    ("move", "kind"),
    [
        ("amnesty_clause", "avoid"),
        ("present_as_final", "avoid"),
        ("enshrine_red_lines", "impose"),
        ("proximity_talks", "proximity"),
        ("sanctions_threat", "pressure"),
        ("second_signing", "finish"),
        ("prisoner_exchange", "confidence"),
        ("civil_society_hearings", "inclusion"),
        ("admit_splinter", "inclusion"),
        ("review_separately", "consult"),
        ("grant_consultation_time", "consult"),
        ("direct_dialogue", "dialogue"),
        ("propose_timeline", "draft"),
        ("college_meeting", "team"),
    ],
)
def test_moves_are_read_by_their_names(move: str, kind: str) -> None:
    assert kind_of(move) == kind


def test_the_expert_never_draws_the_sessions_random_numbers(algiers: LoadedCase) -> None:
    # It thinks ahead on believed copies with generators of their own (game/lookahead.reseeded):
    # the session's generator is where it was before each decision.
    session = Session(algiers.blueprint, 4, record=False)
    expert = ExpertStrategy(4)
    for _ in range(30):
        if session.ended:
            break
        before = session.rng.getstate()
        if session.pending:
            choice = expert.respond(session)
            assert session.rng.getstate() == before
            session.respond(choice)
            continue
        move = expert.choose(session)
        assert session.rng.getstate() == before
        assert move is not None
        session.play(*move)


def test_the_expert_never_reads_a_hidden_bottom_line(algiers: LoadedCase) -> None:
    # The truth of the Coordination's red lines moves inside its estimates, the estimates kept
    # as they are (as tests/test_coach.py does): what the expert makes of every move is the same.
    def weighed(shift: bool) -> list[list[tuple[float, tuple[str, str | None]]]]:
        session = Session(algiers.blueprint, 3, record=False)
        if shift:
            shift_truth_inside_estimates(session)
        expert, seen = ExpertStrategy(3), []
        for move in (("prisoner_exchange", None), ("security_sidelines", None), ("propose_road_map", None)):
            while session.pending:
                session.respond(expert.respond(session))
            seen.append(expert.weigh(session))
            session.play(*move)
        return seen

    assert weighed(shift=False) == weighed(shift=True)


def test_the_expert_never_grants_amnesty_nor_closes_the_text(algiers: LoadedCase) -> None:
    for seed in range(3):
        session = autoplay(Session(algiers.blueprint, seed, record=False), ExpertStrategy(seed))
        assert session.ending is not None
        played = set(session.world.played)
        assert not played & {"amnesty_clause", "present_as_final", "open_every_issue", "sanctions_threat"}
        assert {"prisoner_exchange", "security_sidelines"} <= played  # confidence first
        assert {"consult_women", "direct_dialogue"} <= played  # inclusion, dialogue
        assert played & {"civil_society_hearings", "civil_society_at_table"}  # civil society heard or seated


def test_the_expert_is_deterministic_and_registered(algiers: LoadedCase) -> None:
    def moves(seed: int) -> dict[str, int]:
        return dict(autoplay(Session(algiers.blueprint, seed, record=False), ExpertStrategy(seed)).world.played)

    assert moves(7) == moves(7)
    assert MEDIATORS["expert"] is ExpertStrategy


def test_run_json_has_the_rubric_and_the_ending_score(capsys: pytest.CaptureFixture[str], algiers: LoadedCase) -> None:
    from roleplay.cli import main

    assert main(["run", str(ALGIERS), "--strategy", "expert", "--seed", "2", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["strategy"] == "expert" and summary["events"] == "all"
    assert set(summary["rubric"]) == {f.id for f in algiers.case.rubric}
    assert all(isinstance(r["score"], int | float) and r["parts"] for r in summary["rubric"].values())
    score = summary["ending_score"]
    assert score["quality"] == summary["quality"]
    assert score["of"] == len(score["parties"]) and 0 <= score["accepting"] <= score["of"]
    assert score["inclusion"] == summary["inclusion"]
    assert all({"distance", "accepts", "trust", "ownership", "duress"} <= set(p) for p in score["parties"].values())
    assert score["accepting"] == sum(
        1 for p in summary["parties"].values() if p["accepts"] and p["standing"] != "outside"
    )


def test_the_history_rubric_differs_from_the_experts(capsys: pytest.CaptureFixture[str]) -> None:
    from roleplay.cli import main

    tallies = []
    for strategy in ("history", "expert"):
        assert main(["run", str(ALGIERS), "--strategy", strategy, "--seed", "2", "--json"]) == 0
        tallies.append({k: v["score"] for k, v in json.loads(capsys.readouterr().out)["rubric"].items()})
    assert tallies[0] != tallies[1]


def test_every_command_offers_every_mediator() -> None:
    from roleplay.cli import run, simulate
    from roleplay.game.mediators import MEDIATOR_NAMES

    assert run.STRATEGY_NAMES == MEDIATOR_NAMES  # run keeps its own list to start fast
    assert set(simulate.STRATEGY_CHOICES) == {*MEDIATOR_NAMES, "all"}
