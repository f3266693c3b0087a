"""The rubric measures quality, not a tally: diminishing returns on repeated marks (bounded
by ln(k) + 1 for every move of every shipped case), outcome terms read at the end, and the
historical Algiers path scored poorly on what failed (ownership, consent)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import FULL_ALGIERS_PATH, ROOT
from helpers import played

from roleplay.debrief.build import build_debrief
from roleplay.debrief.markdown import rubric_section, to_markdown
from roleplay.debrief.rubric import MarkTally, diminished, harmonic
from roleplay.engine.session import Session
from roleplay.loading import LoadedCase, load_case

CASES = sorted((ROOT / "scenarios").glob("*.toml"))
REPEATS = (1, 2, 3, 5, 8, 14, 28, 100)


def test_the_kth_play_adds_its_mark_over_k() -> None:
    assert [diminished(2, k) for k in (1, 2, 4)] == [2, 1, 0.5]
    tally = MarkTally()
    for turn in range(1, 9):
        tally.add("college_meeting", {"coherence": 1}, f"turn {turn}")
    assert tally.process("coherence") == pytest.approx(harmonic(8))  # 2.72, not 8
    assert tally.evidence("coherence")[1] == "turn 2 (+1, play 2: +0.50)"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_repeating_any_move_adds_at_most_ln_k_plus_1_times_its_first_mark(path: Path) -> None:
    """Every move and every response of every shipped case, repeated k times: no fundamental
    gains (or loses) more than (ln k + 1) times the first play's mark."""
    case = load_case(path).case
    marked = [(m.id, m.rubric) for m in case.moves]
    marked += [(f"{e.id}/{c.id}", c.rubric) for e in case.events for c in e.choices]
    assert any(rubric for _, rubric in marked), f"{path.stem} marks none of its moves"
    for key, rubric in marked:
        for k in REPEATS:
            tally = MarkTally()
            for turn in range(k):
                tally.add(key, rubric, f"turn {turn}")
            for fundamental, first in rubric.items():
                total = tally.process(fundamental)
                assert abs(total) <= (math.log(k) + 1) * abs(first) + 1e-9, (key, fundamental, k, total)


def test_repeating_a_move_in_a_game_shows_diminishing_marks(algiers_full: LoadedCase) -> None:
    """Eight meetings of the college, played: Coherence gains H(8) = 2.72 from them, not +8."""
    session = Session(algiers_full.blueprint, 1)
    while session.world.played.get("college_meeting", 0) < 8 and not session.ended:
        if session.pending:
            session.respond(session.pending[0].choices[0].choice.id)
        else:
            session.play("college_meeting")
    debrief = build_debrief(algiers_full.blueprint, session.records)
    coherence = next(r for r in debrief.rubric if r.id == "coherence")
    meetings = [e for e in coherence.evidence if "Convene the college" in e]
    assert len(meetings) == 8 and "play 8: +0.12" in meetings[-1]
    process = coherence.parts[0].points
    assert process <= harmonic(8) + 1 + 1e-9  # the meetings, and one mark from a response at most


@pytest.fixture(scope="module")
def algiers_full() -> LoadedCase:
    return load_case(FULL_ALGIERS_PATH)


def _scores(case: LoadedCase, session: Session) -> dict[str, float]:
    return {r.id: r.score for r in build_debrief(case.blueprint, session.records).rubric}


def _golden(case: LoadedCase, name: str) -> Session:
    path = next(t for t in case.case.tests if t.name.startswith(name))
    session = Session(case.blueprint, path.seed)
    for step in path.steps:
        if not step.startswith("?"):
            session.act(step)
    return session


def test_the_real_algiers_path_scores_poorly_on_ownership_and_consent(algiers_full: LoadedCase) -> None:
    """IPI: the Coordination initialled 'only under strong international pressure' and the
    government 'believes that the agreement has been imposed upon them'. The rubric agrees."""
    history = _scores(algiers_full, played(algiers_full, 1, "history"))
    patient = _scores(algiers_full, _golden(algiers_full, "A patient, even-handed"))
    assert history["national_ownership"] < 0
    assert history["consent"] <= 0
    assert patient["national_ownership"] > history["national_ownership"] + 5
    assert patient["consent"] > history["consent"] + 5


def test_each_fundamental_shows_its_parts(algiers_full: LoadedCase) -> None:
    debrief = build_debrief(algiers_full.blueprint, played(algiers_full, 1, "history").records)
    ownership = next(r for r in debrief.rubric if r.id == "national_ownership")
    assert ownership.parts[0].label.startswith("process")
    assert any("declared final" in p.label and p.points == -2 for p in ownership.parts)
    assert ownership.score == pytest.approx(sum(p.points for p in ownership.parts), abs=0.02)
    table = "\n".join(rubric_section(debrief))
    assert "| Parts |" in table and "the text was declared final" in table


def test_impartiality_reads_the_spread_of_trust_not_positions_on_content(algiers_full: LoadedCase) -> None:
    """Impartiality is being seen as fair by all (the lowest trust, the spread of trust);
    proposing content is not partiality: enshrining red lines is marked on consent instead."""
    impartiality = next(f for f in algiers_full.case.rubric if f.id == "impartiality")
    assert {t.value for t in impartiality.terms} == {"trust.lowest", "trust.spread"}
    assert "not neutrality" in impartiality.description
    enshrine = next(m for m in algiers_full.case.moves if m.id == "enshrine_red_lines")
    assert "impartiality" not in enshrine.rubric


def test_the_road_map_has_a_rubric_and_lessons() -> None:
    case = load_case(ROOT / "scenarios" / "algiers-roadmap-2014.toml")
    assert len(case.case.rubric) == 8 and len(case.case.lessons) >= 5
    debrief = build_debrief(case.blueprint, played(case, 1, "history").records)
    assert any(part.points for r in debrief.rubric for part in r.parts[1:])
    assert "## The rubric" in to_markdown(debrief)
