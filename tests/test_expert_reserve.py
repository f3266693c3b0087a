"""The expert keeps capital for what the story will open (roleplay/game/expert_value.py,
story_reserve): the process moves the move list shows as waiting on the story alone, read
from their why-not words and costs, never from a hidden value or the ending rules."""

from __future__ import annotations

import pytest
from conftest import ROOT
from helpers import expert_weighs, shift_truth_inside_estimates

from roleplay.engine.session import Session
from roleplay.game import expert as expert_module
from roleplay.game.expert_value import RESERVE_MARGIN, story_reserve, waits_on_story
from roleplay.game.why_not import case_words
from roleplay.loading import LoadedCase, load_case

MALI = ROOT / "scenarios" / "mali-2020-2023.toml"


@pytest.fixture(scope="module")
def mali() -> LoadedCase:
    return load_case(MALI)


def _process(move: str) -> bool:
    return expert_module.kind_of(move) in ("confidence", "finish")


def test_the_reserve_is_read_off_the_move_list(mali: LoadedCase) -> None:
    session = Session(mali.blueprint, 0, record=False)
    words = case_words(mali.blueprint)
    waiting = sorted(
        move
        for move, compiled in mali.blueprint.moves.items()
        if compiled.move.cost.capital > 0 and _process(move) and waits_on_story(session, compiled)
    )
    # The handover waits for MINUSMA to leave and the deconfliction line for the jets over
    # Kidal: no move of the mediator's opens either, as their why-not words say.
    assert waiting == ["deconfliction_line", "handover_protocol"]
    for move in waiting:
        reasons = words.reasons(session.state, mali.blueprint.moves[move], None)
        assert reasons and not any(reason.startswith("first ") for reason in reasons)
    # A move the mediator can open itself (the re-reading, once the parties accept a text) is
    # not kept for; while it is still to win, nothing is kept back: first what the talks can reach.
    assert not waits_on_story(session, mali.blueprint.moves["adopt_rereading"])
    assert story_reserve(session, _process) == 0.0
    session.state.world.flags["rereading_agreed"] = True  # its why-not words: "no longer possible"
    costs = sum(mali.blueprint.moves[move].move.cost.capital for move in waiting)
    assert story_reserve(session, _process) == min(0.5 * mali.blueprint.case.mediation.capital, RESERVE_MARGIN * costs)


def test_the_reserve_falls_when_the_story_opens_a_move(mali: LoadedCase) -> None:
    session = Session(mali.blueprint, 0, record=False)
    session.state.world.flags["rereading_agreed"] = True
    before = story_reserve(session, _process)
    session.state.world.flags["minusma_leaving"] = True  # the handover is now on the move list
    after = story_reserve(session, _process)
    assert after == RESERVE_MARGIN * mali.blueprint.moves["deconfliction_line"].move.cost.capital < before


def _weighed(case: LoadedCase, shift: bool) -> list[list[tuple[float, tuple[str, str | None]]]]:
    """What the expert makes of the first moves of a Mali game whose re-reading is agreed (the
    reserve at work), with the Coordination's true red lines moved inside their estimates
    (shift) or not."""
    session = Session(case.blueprint, 5, record=False)
    session.state.world.flags["rereading_agreed"] = True  # so that the reserve counts
    assert story_reserve(session, _process) > 0
    if shift:
        shift_truth_inside_estimates(session)
    return expert_weighs(session, 5)


def test_the_expert_with_its_reserve_never_reads_a_hidden_bottom_line(mali: LoadedCase) -> None:
    assert _weighed(mali, shift=False) == _weighed(mali, shift=True)


def test_the_honesty_test_fails_for_an_expert_that_reads_the_truth(
    mali: LoadedCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same check against an expert that thinks ahead on the true game instead of the
    # believed one: the shifted truth changes what it makes of the moves, so the test has teeth.
    monkeypatch.setattr(expert_module, "believed", lambda session: session.fork())
    assert _weighed(mali, shift=False) != _weighed(mali, shift=True)
