"""The agreement score (roleplay/engine/scoring.py): content against each party's interests, the
distance to the Pareto front, coverage of the signatures, process parts; endings as bands of
the score; the score and its parts in the end record, the summary and `run --json`."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from conftest import FULL_ALGIERS_PATH, BrokenCase
from helpers import played

from roleplay.cli import main
from roleplay.debrief.build import build_debrief
from roleplay.debrief.markdown import agreement_section
from roleplay.engine.scoring import mean_satisfaction, pareto_search, satisfaction
from roleplay.engine.session import Session
from roleplay.errors import ScenarioError
from roleplay.loading import LoadedCase, load_case


def test_satisfaction_is_100_minus_the_salience_weighted_distance_to_the_interests() -> None:
    text = {"a": 50.0, "b": 50.0}
    assert satisfaction(text, {"a": 50, "b": 50}, {"a": 80, "b": 20}) == 100
    assert satisfaction(text, {"a": 30, "b": 90}, {"a": 75, "b": 25}) == pytest.approx(100 - (0.75 * 20 + 0.25 * 40))


def test_the_search_finds_a_trade_across_issues_the_parties_weigh_differently() -> None:
    """A cares about a, B about b: the midpoint on both is not Pareto-optimal; giving each its
    salient issue makes both better off, and the search finds (nearly) that package."""
    stakes = [
        (50.0, {"a": 0.0, "b": 0.0}, {"a": 90.0, "b": 10.0}),
        (50.0, {"a": 100.0, "b": 100.0}, {"a": 10.0, "b": 90.0}),
    ]
    text = {"a": 50.0, "b": 50.0}
    better = pareto_search(text, stakes)
    for _, interest, salience in stakes:
        assert satisfaction(better, interest, salience) >= satisfaction(text, interest, salience)
    assert mean_satisfaction(better, stakes) > mean_satisfaction(text, stakes) + 30
    assert better["a"] < 10 and better["b"] > 90
    assert pareto_search(text, stakes) == better  # deterministic


def test_a_text_on_the_front_cannot_be_improved_for_all() -> None:
    stakes = [(50.0, {"a": 20.0}, {"a": 50.0}), (50.0, {"a": 80.0}, {"a": 50.0})]
    assert pareto_search({"a": 40.0}, stakes) == {"a": 40.0}  # between the two: someone would lose
    assert pareto_search({"a": 95.0}, stakes)["a"] <= 80.0  # beyond both: both gain by moving in


@pytest.fixture(scope="module")
def algiers_full() -> LoadedCase:
    return load_case(FULL_ALGIERS_PATH)


def _golden(case: LoadedCase, name: str) -> Session:
    path = next(t for t in case.case.tests if t.name.startswith(name))
    session = Session(case.blueprint, path.seed)
    for step in path.steps:
        if not step.startswith("?"):
            session.act(step)
    return session


def test_the_end_record_keeps_the_score_and_its_parts(algiers_full: LoadedCase) -> None:
    session = _golden(algiers_full, "A patient, even-handed")
    assert session.ending is not None and session.ending.id == "inclusive_agreement"
    end = session.records[-1]
    assert end["type"] == "turn" and "agreement" in end
    record = end["agreement"]
    assert record["score"] >= 70  # the ending's band
    assert set(record["parts"]) == {"content", "pareto", "inclusion", "ownership", "durability", "coverage"}
    assert session.summary()["agreement"] == record
    assert all("agreement" not in r for r in session.records[1:-1])  # only the end record
    told = [line["text"] for line in end["lines"] if line["text"].startswith("Agreement score")]
    assert told == [told[0]] and "efficiency" in told[0] and "ownership" in told[0]  # the trainee reads it
    debrief = build_debrief(session.blueprint, session.records)
    assert debrief.ending_band == (70, 100)
    assert "stands for agreement scores from 70 to 100" in "\n".join(agreement_section(debrief))


def test_no_signature_no_agreement(algiers_full: LoadedCase) -> None:
    """A stall with a draft on the table scores 0: nobody is bound by it."""
    session = played(algiers_full, 3, "random")
    assert session.ending is not None and session.ending.id in ("talks_stall", "talks_collapse")
    assert session.world.draft  # a text was on the table
    assert session.state.agreement is not None
    assert session.state.agreement.score == 0 and session.state.agreement.parts["coverage"] == 0


def test_the_historical_path_scores_below_the_patient_one_on_ownership(algiers_full: LoadedCase) -> None:
    history = played(algiers_full, 1, "history").state.agreement
    patient = _golden(algiers_full, "A patient, even-handed").state.agreement
    assert history is not None and patient is not None
    assert history.parts["ownership"] < patient.parts["ownership"]  # type: ignore[operator]
    assert history.score < 70 <= patient.score


def test_a_band_decides_the_ending_at_the_signing(broken_case: Callable[..., BrokenCase]) -> None:
    """Raise the inclusive ending's band above what the patient path reaches: the same signing
    now takes the next transition with its trigger, into 'signed together'."""
    broken = broken_case(("band = [70, 100]", "band = [99, 100]"), source=FULL_ALGIERS_PATH)
    case = load_case(broken.path)
    session = _golden(case, "A patient, even-handed")
    assert session.ending is not None and session.ending.id == "signed_together"
    assert session.state.agreement is not None and session.state.agreement.score < 99


def test_a_band_is_low_then_high(broken_case: Callable[..., BrokenCase]) -> None:
    broken = broken_case(("band = [70, 100]", "band = [70, 60]"), source=FULL_ALGIERS_PATH)
    with pytest.raises(ScenarioError) as info:
        load_case(broken.path)
    assert any("low < high" in p.message for p in info.value.problems)


def test_the_debrief_and_run_json_show_the_parts(algiers_full: LoadedCase, capsys: pytest.CaptureFixture[str]) -> None:
    debrief = build_debrief(algiers_full.blueprint, played(algiers_full, 1, "history").records)
    assert debrief.agreement is not None
    text = "\n".join(agreement_section(debrief))
    assert "## The agreement score" in text and "ownership" in text and "Coordination" in text
    assert main(["run", str(FULL_ALGIERS_PATH), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["agreement"]["parts"]["ownership"] == debrief.agreement.parts["ownership"]
    ownership = summary["rubric"]["national_ownership"]
    assert ownership["score"] < 0 and ownership["parts"][0]["label"].startswith("process")


def test_a_war_voids_the_agreement() -> None:
    """[scoring] void = 'flag.war_resumed' (Mali 2020-2023): when the war resumes, the accord
    binds nobody and scores 0, whatever its parts."""
    case = load_case(FULL_ALGIERS_PATH.parent / "mali-2020-2023.toml")
    session = played(case, 1, "history")
    assert session.world.flags["war_resumed"]
    score = session.state.agreement
    assert score is not None and score.score == 0 and score.parts["coverage"] == 0
    assert "content" not in score.parts  # no text on the table: the text's parts are not measured
