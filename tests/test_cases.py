"""Every shipped case: loads, plays to an ending with each built-in strategy, reaches its
historical ending when the real mediators' moves are replayed, and is balanced."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from roleplay.engine.session import Session
from roleplay.engine.transcript import replay
from roleplay.loading import LoadedCase, load_case
from roleplay.storage.saves import session_from_header
from roleplay.strategies import STRATEGIES, autoplay

CASES = sorted((ROOT / "scenarios").glob("*.toml"))
SEEDS = {"random": range(40), "history": range(20), "greedy": range(3)}


@pytest.fixture(scope="module", params=CASES, ids=lambda p: p.stem)
def case(request: pytest.FixtureRequest) -> LoadedCase:
    return load_case(request.param)


def play(case: LoadedCase, strategy: str, seed: int, **kwargs: object) -> Session:
    mediator = STRATEGIES[strategy](seed)  # started as the strategy asks (history: no invented events)
    session = Session(case.blueprint, seed, events=mediator.events, **kwargs)  # type: ignore[arg-type]
    autoplay(session, mediator)
    return session


@pytest.mark.parametrize("strategy", ["random", "history", "greedy"])
def test_every_strategy_plays_every_case_to_an_ending(case: LoadedCase, strategy: str) -> None:
    if strategy == "history" and case.case.history is None:
        pytest.skip("no [history]")
    for seed in SEEDS[strategy]:
        session = play(case, strategy, seed, record=False)
        assert session.ending is not None, f"seed {seed} did not end"
        assert session.world.turn <= case.case.clock.max_turns


def test_history_reaches_what_really_happened(case: LoadedCase) -> None:
    historical = {e.id for e in case.case.endings if e.historical}
    assert historical, "a shipped case marks the ending that really happened"
    if case.case.history is None:
        pytest.skip("no [history]")
    for seed in range(20):
        ending = play(case, "history", seed, record=False).ending
        assert ending is not None and ending.id in historical, f"seed {seed}: {ending.id if ending else None}"


def test_a_random_mediator_rarely_reaches_the_best_ending(case: LoadedCase) -> None:
    best = max(case.case.endings, key=lambda e: e.quality)
    runs = 200
    wins = sum(1 for seed in range(runs) if (e := play(case, "random", seed, record=False).ending) and e.id == best.id)
    assert wins / runs < 0.10, f"{best.id}: {wins}/{runs}"


def test_greedy_play_does_not_beat_the_historical_path(case: LoadedCase) -> None:
    if case.case.history is None:
        pytest.skip("no [history]")

    def quality(strategy: str, seeds: range) -> float:
        endings = [play(case, strategy, seed, record=False).ending for seed in seeds]
        return sum(e.quality for e in endings if e) / len(endings)

    greedy, history = quality("greedy", range(3)), quality("history", range(10))
    if greedy > history and case.case.id == "mali_2020_2023":
        # A known defect of this case (issue 11: "greedy beats history"): on the sourced values
        # too, 2 of 10 greedy games restart the accord; seeds 0-2 only hid it until the bottom
        # lines were drawn per seed.
        pytest.xfail("issue 11: greedy beats history in the 2020-2023 case")
    assert greedy <= history


def test_every_case_has_debrief_material(case: LoadedCase) -> None:
    c = case.case
    assert c.simplifications and all(e.debrief or e.historical is False for e in c.endings)
    assert any(p.history for p in case.blueprint.phases.values()) or c.id == "tutorial"
    assert {f.id for f in c.rubric} == {
        "preparedness",
        "consent",
        "impartiality",
        "inclusivity",
        "national_ownership",
        "international_law",
        "coherence",
        "quality_agreements",
    }
    assert c.lessons


def test_implementation_starts_from_how_algiers_ended() -> None:
    algiers = load_case(ROOT / "scenarios" / "algiers-2014-2015.toml")
    bamako = load_case(ROOT / "scenarios" / "bamako-implementation-2015-2017.toml")
    first = play(algiers, "history", 1)
    assert first.ending is not None
    carried = Session(bamako.blueprint, 5, prior=first.summary())
    plain = Session(bamako.blueprint, 5)
    header = carried.records[0]
    assert header["prior"]["ending"] == first.ending.id and header["changes"]
    carried_trust = {c["value"] for c in header["changes"] if any(k["by"] == "prior:algiers" for k in c["causes"])}
    shared = set(first.world.parties) & set(carried.world.parties)
    assert shared and {f"trust.{pid}" for pid in shared} <= carried_trust
    assert carried.world.snapshot() != plain.world.snapshot()
    autoplay(carried, STRATEGIES["random"](5))
    again = session_from_header(bamako.blueprint, carried.records[0])
    assert replay(again, carried.records) is None  # the carried-over session replays exactly


def test_a_quick_peek_agrees_with_the_loaded_case() -> None:
    """The picker, the first frame and the debrief's sequel read a case with a quick peek
    (tomllib only); it must say what the validated case says."""
    from roleplay.loading.peek import peek_folder

    peeks = peek_folder(ROOT / "scenarios")
    assert [p.path for p in peeks] == CASES
    for peek in peeks:
        case = load_case(peek.path).case
        assert (peek.id, peek.title) == (case.id, case.title)
        assert peek.summary == " ".join(case.summary.split())
        assert peek.from_case == (case.carry_over.from_case if case.carry_over else None)
    assert any(p.from_case == "algiers" for p in peeks)


def test_the_peek_reads_only_the_head_and_falls_back_to_the_whole_file(tmp_path: Path) -> None:
    """The peek parses the keys before the first table and [carry_over]; a head cut inside a
    multi-line string (a line of it starts with '[') is parsed whole instead."""
    import tomllib

    from roleplay.loading.peek import peek

    tricky = tmp_path / "tricky.toml"
    tricky.write_text(
        'title = "T"\nsummary = """one\n[not a table]\ntwo"""\n[mediation]\nlead = "x"\n'
        '[carry_over] # from the first case\nfrom_case = "first"\n[[carry_over.endings]]\nid = "e"\n'
        "[[moves]]\nid = 'm'\n",
        encoding="utf-8",
    )
    seen = peek(tricky)
    whole = tomllib.loads(tricky.read_text(encoding="utf-8"))
    assert seen is not None and (seen.title, seen.from_case, seen.playable) == ("T", "first", True)
    assert seen.summary == " ".join(whole["summary"].split())
    broken_later = tmp_path / "later.toml"  # the head is read; validate reports the rest
    broken_later.write_text('title = "B"\n[[moves]]\nid = \n', encoding="utf-8")
    assert peek(broken_later) is not None
    no_moves = tmp_path / "notes.toml"
    no_moves.write_text('title = "N"\n[other]\nmoves = 1\n', encoding="utf-8")
    seen = peek(no_moves)
    assert seen is not None and not seen.playable
    deep = tmp_path / "deep.toml"
    deep.write_text("title = " + "[" * 100 + "]" * 100 + "\n", encoding="utf-8")
    assert peek(deep) is None
