"""The expert works toward the steps the move list shows as waiting on visible numbers
(roleplay/game/expert_value.py, visible_goals): the Kidal pact of the Bamako case needs three
forums and the coalitions' relations at 40 both ways, as its why-not words say; the gap is read
from those words' numbers, never from a hidden value, an event or the ending rules."""

from __future__ import annotations

import pytest
from conftest import ROOT
from helpers import expert_weighs, shift_truth_inside_estimates

from roleplay.engine.session import Session
from roleplay.game import expert as expert_module
from roleplay.game.expert_value import PLAY_POINTS, visible_goals
from roleplay.game.why_not import case_words
from roleplay.loading import LoadedCase, load_case

BAMAKO = ROOT / "scenarios" / "bamako-implementation-2015-2017.toml"
MALI = ROOT / "scenarios" / "mali-2020-2023.toml"
PACT = "broker_kidal_pact"


@pytest.fixture(scope="module")
def bamako() -> LoadedCase:
    return load_case(BAMAKO)


def _process(move: str) -> bool:
    return expert_module.kind_of(move) == "confidence"


def test_the_pact_is_a_step_whose_needs_the_move_list_shows(bamako: LoadedCase) -> None:
    session = Session(bamako.blueprint, 0, record=False)
    world = session.world
    world.parties["coordination"].relations["platform"] = 33.0
    world.parties["platform"].relations["coordination"] = 38.0
    world.played["regional_forum"] = 1
    reasons = case_words(bamako.blueprint).reasons(session.state, bamako.blueprint.moves[PACT], None)
    assert "needs the Coordination's trust in the Platform at 40 or more (now 33)" in reasons
    assert "needs the Platform's trust in the Coordination at 40 or more (now 38)" in reasons
    assert any("3 times (once so far)" in reason for reason in reasons)
    # The gaps are those numbers' distance from their bounds: 7 and 2 points, two forums to go.
    goals = visible_goals(session, _process)
    assert sum(gap(world) for gap in goals) == pytest.approx(7 + 2 + 2 * PLAY_POINTS)
    # Met numbers leave no gap, though the pact still waits (on the seats, a move of the mediator's).
    world.parties["coordination"].relations["platform"] = 41.0
    world.parties["platform"].relations["coordination"] = 40.0
    world.played["regional_forum"] = 3
    assert sum(gap(world) for gap in goals) == 0.0


def test_no_goal_once_the_step_is_taken_or_where_none_waits_on_numbers(bamako: LoadedCase) -> None:
    session = Session(bamako.blueprint, 0, record=False)
    # The development push is a confidence step too (peace dividends); with the fund disbursing
    # it is a closed door, which leaves the pact the only step waiting on numbers.
    session.world.flags["dividends_flowing"] = True
    assert visible_goals(session, _process)
    session.world.played[PACT] = 1
    assert visible_goals(session, _process) == ()
    session = Session(bamako.blueprint, 0, record=False)
    session.world.flags["dividends_flowing"] = True
    session.world.flags["kidal_reconciled"] = True  # "no longer possible": a closed door
    assert visible_goals(session, _process) == ()
    mali = load_case(MALI)
    assert visible_goals(Session(mali.blueprint, 0, record=False), _process) == ()


def _weighed(case: LoadedCase, shift: bool) -> list[list[tuple[float, tuple[str, str | None]]]]:
    """What the expert makes of the first moves of a Bamako game (the pact a goal all along),
    with the Coordination's true red lines moved inside their estimates (shift) or not."""
    session = Session(case.blueprint, 5, record=False)
    assert visible_goals(session, _process)
    if shift:
        shift_truth_inside_estimates(session)
    return expert_weighs(session, 5)


def test_the_expert_with_its_goals_never_reads_a_hidden_bottom_line(bamako: LoadedCase) -> None:
    assert _weighed(bamako, shift=False) == _weighed(bamako, shift=True)


def test_a_step_kept_open_until_done_is_not_worn_by_failed_tries(bamako: LoadedCase) -> None:
    """ipi-2017 §The Missing Pieces: the development strategy and fund were never operational.
    The move list keeps 'Press for the development strategy and fund' open until the fund
    disburses, which only its own first stage (the strategy adopted) opens: the expert keeps at
    it after the strategy or a try that stalled. A step in one stage (the patrols, the pact) is
    no such step, nor is any move of the Algiers and Mali cases."""
    from roleplay.game.expert_value import unfinished

    blueprint = bamako.blueprint
    assert unfinished(blueprint, "development_push")
    assert [move for move in blueprint.moves if unfinished(blueprint, move)] == ["development_push"]
    for other in (load_case(MALI), load_case(ROOT / "scenarios" / "algiers-2014-2015.toml")):
        assert not any(unfinished(other.blueprint, move) for move in other.blueprint.moves)
    assert expert_module.kind_of("development_push") == "confidence"


def test_full_seats_for_splinters_are_avoided() -> None:
    """docs/cases/lessons.md, lesson 17 (IPI, ICG 2017): a seat for every splinter rewards
    splitting; the face-saving invitee seats stay an inclusion move."""
    assert expert_module.kind_of("full_seats") == "avoid"
    assert expert_module.kind_of("invitee_seats") == "inclusion"


def test_backing_a_pact_between_parties_at_odds_is_not_taking_sides(bamako: LoadedCase) -> None:
    """ipi-2017 §Armed Groups: the Anefis rapprochements "resulted from direct bilateral talks
    between the Coordination and the Platform/GATIA"; Crisis Group (2015) urged backing such peace
    from below. Two parties at odds (relations below 30 both ways, as the table shows) that both
    welcome an answer are reconciled, not sided with, though the government frowns on a deal it
    was not part of; between friends the same gains would be taking sides."""
    session = Session(bamako.blueprint, 0, record=False)
    world = session.world
    assert expert_module._at_odds(session, ["coordination", "platform"])
    world.parties["coordination"].relations["platform"] = 45.0
    world.parties["platform"].relations["coordination"] = 45.0
    assert not expert_module._at_odds(session, ["coordination", "platform"])
    assert not expert_module._at_odds(session, ["coordination"])
    assert expert_module.BAD_ANSWER.search("keep a distance: a business deal between traffickers")


def test_leverage_is_restored_while_a_goal_waits(bamako: LoadedCase) -> None:
    """ipi-2017 §Lessons for the United Nations, fourth lesson: "UN assets such as logistics and
    expertise provide opportunities for leverage". With the team's capital low, aligning it or
    lending UN assets restores capital without moving the talks on; a ministerial relaunch, a
    limited move the phase graph needs to move on, is kept for that. The rule is weighed only
    while a visible goal waits (never in the Mali case, whose steps wait on no such numbers)."""
    from roleplay.engine.actions import Play
    from roleplay.game.coach import believed
    from roleplay.game.lookahead import try_action

    session = Session(bamako.blueprint, 0, record=False)
    session.play("ministerial_meeting", None)
    session.play("invitee_seats", None)
    session.world.capital = 20.0
    base = believed(session)

    def restores(move: str) -> bool:
        tried = try_action(base, Play(move, None), lambda s: 0.0)
        assert tried is not None
        return expert_module.restores_leverage(session, move, tried)

    assert restores("align_team") and restores("un_assets")
    assert not restores("ministerial_meeting")  # it moves the talks on (the relaunch)
    assert not restores("regional_forum")  # spends capital
    session.world.capital = 40.0
    assert not restores("align_team")  # leverage not running out
    assert not visible_goals(Session(load_case(MALI).blueprint, 0, record=False), _process)


def test_a_goal_whose_numbers_are_met_counts_a_lump(bamako: LoadedCase) -> None:
    """A step pays once it can be taken: the state where the pact's numbers are all met (three
    forums, relations at 40 both ways) is worth Weights.goal_open more than the gaps alone say."""
    from roleplay.game.expert_value import WEIGHTS, state_value

    session = Session(bamako.blueprint, 0, record=False)
    goals = visible_goals(session, _process)
    world = session.world
    world.played["regional_forum"] = 3
    world.parties["coordination"].relations["platform"] = 39.0
    world.parties["platform"].relations["coordination"] = 40.0
    short = state_value(session, 1.0, goals=goals)
    world.parties["coordination"].relations["platform"] = 40.0
    met = state_value(session, 1.0, goals=goals)
    gained = met - short
    # one point of relations (the goal's gap, and the relation terms) plus the lump
    assert gained == pytest.approx(WEIGHTS.goal_open + WEIGHTS.goal)
