"""The dynamics of a process (docs/model.md): diminishing returns of repeated moves, pressure
that cannot buy consent, and the process values ownership, duress and inclusion, carried into
implementation. Each test names the source passage whose direction it asserts."""

from __future__ import annotations

import itertools
import re

import pytest
from conftest import FULL_ALGIERS_PATH, SCENARIOS
from helpers import answer_events, new_session

from roleplay.compile import compile_case
from roleplay.conditions import ConditionError, compile_condition
from roleplay.engine import influence
from roleplay.engine.causes import describe
from roleplay.engine.session import Session
from roleplay.loading import LoadedCase, load_case
from roleplay.model.dynamics import Dynamics
from roleplay.model.transcript import TurnRecord
from roleplay.strategies import HistoryStrategy, autoplay

BAMAKO_PATH = SCENARIOS / "bamako-implementation-2015-2017.toml"
#: The Algiers golden path up to the relaunch of Phase V (case file, last [[tests]]).
TO_PHASE_FIVE = [
    "prisoner_exchange", "keep_platform", "security_sidelines", "proximity_talks:coordination", "call_for_calm",
    "propose_road_map", "enshrine_red_lines", "proximity_talks:coordination", "road_map_separate",
    "civil_society_hearings", "triumvirate", "powers_not_labels", "thematic_two_tracks", "no_new_groups",
    "proximity_talks:coordination", "enlarge_jtcs", "record_convergences", "prepare_elements", "higher_gear",
    "table_elements", "review_separately:coordination", "review_separately:government", "review_separately:platform",
    "suspend_for_consultations", "hear_and_press_on", "direct_dialogue", "draft_agreement", "guarantees_annex",
    "azawad_preamble", "review_separately:coordination", "proximity_talks:government", "suspend_for_consultations",
    "launch_phase_five",
]  # fmt: skip


@pytest.fixture(scope="module")
def algiers_full() -> LoadedCase:
    return load_case(FULL_ALGIERS_PATH)


def _steps(session: Session, steps: list[str]) -> None:
    for step in steps:
        if session.pending:
            session.respond(step)
        else:
            move, _, target = step.partition(":")
            session.play(move, target or None)


def _variant(loaded: LoadedCase, **dynamics: float) -> Session:
    """A session of the case with other [dynamics] (the case's own table otherwise)."""
    changed = Dynamics.model_validate({**loaded.case.dynamics.model_dump(), **dynamics})
    case = loaded.case.model_copy(update={"dynamics": changed})
    blueprint = compile_case(case, loaded.blueprint.personas)
    return Session(blueprint, 1)


def _adjourn(session: Session) -> TurnRecord:
    """Adjourn the round, answering any crisis that waits first (with the historical choice)."""
    answer_events(session)
    return session.play("adjourn_round")


def _amount(record: TurnRecord, value: str, by: str) -> float:
    """The share of ``value``'s change in this turn caused by ``by`` ('move:x')."""
    for change in record.get("changes", []):
        if change["value"] == value:
            return sum(float(c.get("amount", 0)) for c in change["causes"] if c["by"] == by)
    return 0.0


def _margin(session: Session, party: str) -> float:
    world = session.world
    return world.tolerance(world.parties[party]) - world.distance(world.parties[party])


# -- A. diminishing returns --------------------------------------------------------------------


def test_the_kth_play_of_a_move_is_scaled_by_decay_to_the_k_minus_one(algiers_full: LoadedCase) -> None:
    """Issue 11: "28 separate reviews move the Coordination's status demand from 83.5 to 49".
    IPI §Phase III: the mediation "received each party separately, twice": consultation that
    turns into repetition wears. The k-th adjournment adds cohesion x 0.6^(k-1)."""
    session = new_session(algiers_full, 1)
    _steps(session, TO_PHASE_FIVE[:9])  # into Phase II, where a round may be adjourned
    amounts = []
    for _ in range(3):
        record = _adjourn(session)
        amounts.append(_amount(record, "cohesion.government", "move:adjourn_round"))
    assert amounts == pytest.approx([3.0, 1.8, 1.08], abs=0.01)
    assert [influence.repeat_scale(0.6, k) for k in (1, 2, 3)] == pytest.approx([1.0, 0.6, 0.36])
    causes = [c for ch in record["changes"] for c in ch["causes"] if c["by"] == "move:adjourn_round"]
    assert causes and all("weaker: third time, x0.36" in describe(c) for c in causes)
    assert session.world.repeats["adjourn_round"] == 3


def test_repetition_is_counted_per_target(algiers_full: LoadedCase) -> None:
    """IPI §Phase III: each party was received "separately": a second party hearing the move
    for the first time hears it at full strength."""
    session = new_session(algiers_full, 1)
    _steps(session, TO_PHASE_FIVE[:21])  # the Elements are on the table; one review done
    assert session.world.repeats["review_separately:coordination"] == 1
    record = session.play("review_separately", "government")
    labels = [c["label"] for ch in record["changes"] for c in ch["causes"] if c["by"] == "move:review_separately"]
    assert labels and not any("weaker" in label for label in labels)
    record = session.play("review_separately", "coordination")
    labels = [c["label"] for ch in record["changes"] for c in ch["causes"] if c["by"] == "move:review_separately"]
    assert labels and all("weaker: second time" in label for label in labels)


def test_a_decay_of_one_disables_diminishing_returns(algiers_full: LoadedCase) -> None:
    """The author's switch: repeat_decay = 1 (docs/model.md, Diminishing returns)."""
    session = _variant(algiers_full, repeat_decay=1.0)
    _steps(session, TO_PHASE_FIVE[:9])
    amounts = [_amount(_adjourn(session), "cohesion.government", "move:adjourn_round") for _ in range(3)]
    assert amounts == pytest.approx([3.0, 3.0, 3.0], abs=0.01)


# -- B. pressure -------------------------------------------------------------------------------


def test_pressure_ripeness_is_capped_and_duress_recorded(algiers_full: LoadedCase) -> None:
    """ICG 2017 (Open Letter): "The threat of sanctions during earlier negotiations yielded
    little return". IPI §An Agreement Signed in Two Stages: the Coordination initialled "only
    under strong international pressure". Even without diminishing returns, six threats add at
    most the cap (20) to the Coordination's ripeness, and each adds duress."""
    session = _variant(algiers_full, repeat_decay=1.0)
    _steps(session, TO_PHASE_FIVE)
    coordination = session.world.parties["coordination"]
    duress = [coordination.duress]
    from_pressure = 0.0
    for _ in range(6):
        record = session.play("sanctions_threat")
        from_pressure += _amount(record, "ripeness.coordination", "move:sanctions_threat")
        duress.append(coordination.duress)
    assert from_pressure <= 20.0 + 1e-6
    assert coordination.pressured <= 20.0 + 1e-6
    assert all(b > a for a, b in itertools.pairwise(duress) if a < 100)
    threat = algiers_full.blueprint.moves["sanctions_threat"]
    strength = next(c.effect.strength for c in threat.effects if c.effect.kind == "pressure")  # type: ignore[union-attr]
    assert coordination.duress >= 6 * strength * 30 - 1e-6 or coordination.duress == 100


def test_acceptance_does_not_rise_with_the_sixth_sanctions_threat(algiers_full: LoadedCase) -> None:
    """Issue 11, "Pressure buys consent": six threats took trust from 47 to 17 while the
    acceptance margin rose. ICG 2017: threats "yielded little return"; IPI: consent was given
    "only under strong international pressure". Now the margin falls from threat to threat."""
    session = new_session(algiers_full, 1)
    _steps(session, TO_PHASE_FIVE)
    margins = [_margin(session, "coordination")]
    for _ in range(6):
        session.play("sanctions_threat")
        margins.append(_margin(session, "coordination"))
    assert margins[6] <= margins[5] + 1e-9
    assert margins[6] <= margins[0]


def test_ripeness_made_by_pressure_counts_less_than_organic_ripeness() -> None:
    """docs/model.md, Acceptance: the same ripeness made by pressure gives less tolerance,
    and duress takes tolerance away."""
    organic = influence.tolerance(50.0, 60.0)
    forced = influence.tolerance(50.0, 60.0, pressured=20.0)
    under_duress = influence.tolerance(50.0, 60.0, pressured=20.0, duress=40.0)
    assert organic - forced == pytest.approx(0.15 * 0.5 * 20.0)
    assert forced - under_duress == pytest.approx(0.05 * 40.0)


# -- C. ownership and inclusion ----------------------------------------------------------------


def test_an_imposed_text_lowers_the_governments_ownership(algiers_full: LoadedCase) -> None:
    """IPI §The Government's Role in Implementation: the government "believes that the
    agreement has been imposed upon them". Opening every issue imposes a framework the
    government rejects: by rule, its ownership falls by the distance the imposition added."""
    session = new_session(algiers_full, 1)
    _steps(session, TO_PHASE_FIVE[:6])  # a road map is on the table
    government = session.world.parties["government"]
    before = government.ownership
    record = session.play("open_every_issue")
    assert government.ownership < before
    change = next(c for c in record["changes"] if c["value"] == "ownership.government")
    assert "imposed on it" in describe(change["causes"][0])


def test_presenting_the_text_as_final_costs_government_and_coordination_ownership(algiers_full: LoadedCase) -> None:
    """IPI §Phase V: the mediators "stood firm, refusing ... to allow more time for
    consultation"; §The Government's Role: the government felt the agreement imposed."""
    session = new_session(algiers_full, 1)
    _steps(session, TO_PHASE_FIVE)
    parties = session.world.parties
    before = {p: parties[p].ownership for p in ("government", "coordination")}
    session.play("present_as_final")
    assert all(parties[p].ownership < before[p] for p in before)


def test_a_consulted_revision_raises_the_governments_ownership(algiers_full: LoadedCase) -> None:
    """IPI §Phase III: the third phase was suspended "to enable the parties to consult with
    their constituencies on the draft document"; a revision every party present could veto and
    that stands means each was consulted (the road map proposed as a compromise)."""
    session = new_session(algiers_full, 1)
    _steps(session, TO_PHASE_FIVE[:5])
    government = session.world.parties["government"]
    before = government.ownership
    record = session.play("propose_road_map")
    assert government.ownership > before
    change = next(c for c in record["changes"] if c["value"] == "ownership.government")
    assert "consulted" in describe(change["causes"][0])


def test_hearing_civil_society_raises_inclusion(algiers_full: LoadedCase) -> None:
    """IPI §Phase II: the hearings' delegations "included representatives of refugees and the
    diaspora, traditional leaders, women, youth, and religious leaders"."""
    session = new_session(algiers_full, 1)
    _steps(session, TO_PHASE_FIVE[:9])
    before = session.world.inclusion
    session.play("civil_society_hearings")
    assert session.world.inclusion > before


def test_the_process_values_are_names_of_the_condition_language(algiers_full: LoadedCase) -> None:
    """ownership.P, duress.P and inclusion read the state; a misspelt one is refused with a hint."""
    names = algiers_full.blueprint.names
    session = new_session(algiers_full, 1)
    held = compile_condition("ownership.government >= 50 and duress.coordination == 0 and inclusion == 30", names)
    assert held.test(session.world)
    with pytest.raises(ConditionError, match=re.escape("did you mean 'ownership.government'")):
        compile_condition("ownershp.government > 1", names)


# -- D. carry-over -----------------------------------------------------------------------------


def test_ownership_carries_into_bamako_for_the_government(algiers_full: LoadedCase) -> None:
    """IPI §The Government's Role in Implementation: the government "believes that the
    agreement has been imposed upon them". Its ownership at the end of Algiers is its ownership
    in Bamako, and low ownership costs it trust there (the case's [carry_over] effects)."""
    bamako = load_case(BAMAKO_PATH)
    finished = autoplay(new_session(algiers_full, 1), HistoryStrategy(1))
    summary = finished.summary()
    government = summary["parties"]["government"]
    later = Session(bamako.blueprint, 1, prior=summary)
    assert later.world.parties["government"].ownership == pytest.approx(government["ownership"])
    assert later.world.parties["coordination"].duress == pytest.approx(summary["parties"]["coordination"]["duress"])
    assert later.world.inclusion == pytest.approx(summary["inclusion"])
    owned = {**summary, "parties": {**summary["parties"], "government": {**government, "ownership": 70.0}}}
    imposed = {**summary, "parties": {**summary["parties"], "government": {**government, "ownership": 20.0}}}
    trust_owned = Session(bamako.blueprint, 1, prior=owned).world.parties["government"].trust
    trust_imposed = Session(bamako.blueprint, 1, prior=imposed).world.parties["government"].trust
    assert trust_imposed < trust_owned


def test_summaries_without_process_values_still_carry_over() -> None:
    """A summary written before the process values existed starts Bamako from its own values."""
    bamako = load_case(BAMAKO_PATH)
    prior = {"case": "algiers", "ending": "signed_two_stages", "parties": {"government": {"trust": 40.0}}}
    session = Session(bamako.blueprint, 1, prior=prior)  # type: ignore[arg-type]
    assert session.world.parties["government"].ownership == 35.0


# -- determinism -------------------------------------------------------------------------------


def test_copies_and_replays_keep_counts_and_process_values(algiers_full: LoadedCase) -> None:
    """A fork plays on exactly like its original: the repeat counts and the process values
    live in the state (docs/model.md, Determinism)."""
    one = new_session(algiers_full, 7)
    _steps(one, TO_PHASE_FIVE[:12])
    fork = one.fork()
    for session in (one, fork):
        for _ in range(3):
            _adjourn(session)
    assert one.world.snapshot() == fork.world.snapshot()
    assert fork.world.repeats["adjourn_round"] == 3
    again = new_session(algiers_full, 7)
    _steps(again, TO_PHASE_FIVE[:12])
    for _ in range(3):
        _adjourn(again)
    assert again.records == one.records
    assert again.summary() == one.summary()
