"""A chapter a party cannot give up (docs/model.md, "A chapter it cannot give up"): each game
draws one of the chapters the case names for the party; the party signs no text below its
floor there; the trainee learns which one when the party tells its red lines or judges a text,
and until then sees every chapter it may be; the expert's believed copy never reads the draw."""

from __future__ import annotations

from collections import Counter

import pytest
from conftest import FULL_ALGIERS_PATH

from roleplay.engine.knowledge import known_answer
from roleplay.engine.session import Session
from roleplay.game.coach import believed
from roleplay.game.estimates import aspiration_words, verdict
from roleplay.loading import LoadedCase, load_case


@pytest.fixture(scope="module")
def algiers() -> LoadedCase:
    return load_case(FULL_ALGIERS_PATH)


def _chapter(case: LoadedCase, seed: int) -> str:
    return Session(case.blueprint, seed, record=False).state.truth.aspiration["coordination"]


def test_each_chapter_is_drawn_with_equal_chance_and_the_same_seed_draws_the_same(algiers: LoadedCase) -> None:
    drawn = Counter(_chapter(algiers, seed) for seed in range(400))
    assert set(drawn) == set(algiers.blueprint.parties["coordination"].aspiration)
    assert all(70 <= n <= 130 for n in drawn.values()), drawn  # 100 expected of each of four
    assert [_chapter(algiers, s) for s in range(20)] == [_chapter(algiers, s) for s in range(20)]


def test_the_draw_leaves_the_other_bottom_lines_where_they_were(algiers: LoadedCase) -> None:
    """Its generator is its own: the red lines, thresholds and temperaments drawn for a seed do
    not depend on whether the case names an aspiration."""
    from dataclasses import replace

    from roleplay.engine.knowledge import draw

    blueprint = algiers.blueprint
    parties = dict(blueprint.parties)
    parties["coordination"] = replace(parties["coordination"], aspiration={})
    plain = replace(blueprint, parties=parties)
    for seed in (1, 2, 3):
        with_it, _ = draw(blueprint, seed)
        without, _ = draw(plain, seed)
        drawn = (with_it.red_low, with_it.red_high, with_it.leeway)
        assert drawn == (without.red_low, without.red_high, without.leeway)
        assert without.aspiration == {}


def _on_the_table(case: LoadedCase, seed: int) -> Session:
    """A draft on the table before the Coordination has told anything: its own positions,
    except every chapter it may not give up (but status, whose red line lies above that floor
    at the start) one point short of its floor."""
    session = Session(case.blueprint, seed)
    world = session.world
    coordination = world.parties["coordination"]
    world.draft = dict(coordination.position)
    for issue, floor in case.blueprint.parties["coordination"].aspiration.items():
        if issue != "status":
            world.draft[issue] = floor - 1
    return session


def _not_status(case: LoadedCase) -> int:
    return next(seed for seed in range(40) if _chapter(case, seed) != "status")


def test_the_party_signs_nothing_below_its_floor_and_says_so_when_heard(algiers: LoadedCase) -> None:
    session = _on_the_table(algiers, _not_status(algiers))
    state, world = session.state, session.world
    coordination = world.parties["coordination"]
    chapter = state.truth.aspiration["coordination"]
    floor = algiers.blueprint.parties["coordination"].aspiration[chapter]
    assert "coordination" not in state.knowledge.told
    assert not world.meets_aspiration(coordination) and not world.accepts(coordination)
    # Status is met, the others are not: until it is heard, the trainee cannot tell.
    shown = verdict(algiers.blueprint, state, coordination)
    assert shown.answer == "maybe" and "cannot give up" in shown.text, shown
    assert "one of" in aspiration_words(algiers.blueprint, state, coordination)
    # Heard on the text, it names the chapter; the verdict is then a certain no.
    from roleplay.engine.knowledge import hear_verdict

    assert chapter in hear_verdict(world, state.truth, state.knowledge, coordination, world.draft)
    assert "coordination" in state.knowledge.told
    said = verdict(algiers.blueprint, state, coordination)
    assert said.answer == "no" and "cannot give up" in said.text, said
    assert "it told you" in aspiration_words(algiers.blueprint, state, coordination)
    assert known_answer(world, state.truth, state.knowledge, coordination) == "no"
    world.draft[chapter] = floor
    assert world.meets_aspiration(coordination)
    assert known_answer(world, state.truth, state.knowledge, coordination) != "no"


def test_the_believed_copy_reads_the_chapter_only_once_told(algiers: LoadedCase) -> None:
    """Two games alike on screen whose Coordination drew different chapters: before it has told,
    the mediator's believed copy (what the expert and the coach think ahead on) is the same in
    both, every candidate required; once told, each holds its own chapter."""
    seeds = {}
    for seed in range(40):
        seeds.setdefault(_chapter(algiers, seed), seed)
        if len(seeds) >= 2:
            break
    first, second = (_on_the_table(algiers, s) for s in list(seeds.values())[:2])
    assert first.state.truth.aspiration != second.state.truth.aspiration
    candidates = first.world.aspiration_candidates["coordination"]
    assert believed(first).world.aspiration["coordination"] == candidates
    assert believed(second).world.aspiration["coordination"] == candidates
    for session in (first, second):
        session.state.knowledge.told.add("coordination")
    assert believed(first).world.aspiration != believed(second).world.aspiration
