"""The engine on the Algiers case (and on a tiny fixture case for the standing machine)."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, HISTORICAL_ENDING, MINI_PATH, BrokenCase
from helpers import answer_events
from helpers import new_session as new

from roleplay.engine import influence
from roleplay.engine.session import Session
from roleplay.engine.transcript import render
from roleplay.errors import MoveError, SaveError
from roleplay.loading import LoadedCase, load_case
from roleplay.storage.saves import resume, save
from roleplay.strategies import HistoryStrategy, RandomStrategy, autoplay

Make = Callable[..., BrokenCase]


def state(session: Session) -> tuple[Any, ...]:
    """Everything a refused action must leave alone."""
    return (
        copy.deepcopy(session.world.snapshot()),
        render(session.records),
        session.rng.getstate(),
        [e.event.id for e in session.pending],
        session.ending,
        session.phase,
    )


def change(record: dict[str, Any], value: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [c for c in record["changes"] if c["value"] == value]
    assert len(found) == 1, f"{value} changed {len(found)} times in {record}"
    return found[0]


# -- what can be played --------------------------------------------------------------------


def test_unavailable_moves_say_why_with_the_current_value(algiers: LoadedCase) -> None:
    session = new(algiers)
    options = {(o.move, o.target): o for o in session.available_moves()}
    assert options[("college_meeting", None)].available
    draft = options[("propose_road_map", None)]
    assert not draft.available
    assert draft.reasons == ("needs phase == 'drafting' (phase is opening)",)
    red_lines = options[("enshrine_red_lines", None)]
    assert "needs draft.framework > 15 (draft.framework is -1)" in red_lines.reasons
    # Every move is listed, once per eligible target.
    for move_id, compiled in algiers.blueprint.moves.items():
        targets = compiled.targets if compiled.move.target == "one" else (None,)
        assert {t for (m, t) in options if m == move_id} == set(targets)
    assert {(o.move, o.target) for o in session.available_moves() if o.available} == set(session.playable())


def test_the_reason_follows_the_value(algiers: LoadedCase) -> None:
    session = new(algiers)
    for times in range(1, 4):
        session.play("college_meeting")
        answer_events(session)
        [option] = [o for o in session.available_moves() if o.move == "college_meeting"]
        assert option.available == (times < 3)
    assert option.reasons == (f"needs played.college_meeting < 3 (played.college_meeting is {times})",)


@pytest.mark.parametrize(
    ("move", "target", "message"),
    [
        ("bogus", None, "unknown move 'bogus'"),
        ("propose_road_map", None, "not available: needs phase == 'drafting' (phase is opening)"),
        ("proximity_talks", None, "needs a target"),
        ("proximity_talks", "algeria", "needs a target"),
        ("college_meeting", "government", "takes no target"),
    ],
)
def test_refused_moves_change_nothing(algiers: LoadedCase, move: str, target: str | None, message: str) -> None:
    session = new(algiers, seed=4)
    session.play("college_meeting")
    answer_events(session)
    before = state(session)
    with pytest.raises(MoveError, match=re.escape(message)):
        session.play(move, target)
    assert state(session) == before


def test_a_move_used_up_is_refused(algiers: LoadedCase) -> None:
    session = new(algiers)
    session.play("prisoner_exchange")
    answer_events(session)
    before = state(session)
    with pytest.raises(MoveError, match=r"already played 1 time"):
        session.play("prisoner_exchange")
    assert state(session) == before


def test_nothing_can_be_played_after_the_end(algiers: LoadedCase) -> None:
    session = autoplay(new(algiers, 2), HistoryStrategy(2))
    assert session.ended
    before = state(session)
    assert session.playable() == []
    assert all(o.reasons == ("the session has ended",) for o in session.available_moves())
    with pytest.raises(MoveError):
        session.play("college_meeting")
    with pytest.raises(MoveError):
        session.respond("keep_platform")
    assert state(session) == before


# -- causes -----------------------------------------------------------------------------------


def test_every_change_has_a_cause_that_exists(algiers: LoadedCase) -> None:
    blueprint = algiers.blueprint
    for seed in range(8):
        session = autoplay(new(algiers, seed), RandomStrategy(seed))
        for record in session.records[1:]:
            assert record["changes"] or record["type"] == "choice" or record["lines"]
            for item in record["changes"]:
                assert item["causes"], item
                for cause in item["causes"]:
                    kind, _, what = cause["by"].partition(":")
                    assert cause["label"]
                    if kind == "move":
                        assert record["type"] == "turn" and what == record["move"]
                    elif kind == "outcome":
                        move, _, outcome = what.partition("/")
                        assert move == record["move"] and outcome == record["outcome"]
                    elif kind == "event":
                        assert what in record["events"] and what in blueprint.events
                    elif kind == "choice":
                        assert record["type"] == "choice"
                        assert what == f"{record['event']}/{record['choice']}"
                    elif kind == "transition":
                        assert 0 <= int(what) < len(blueprint.transitions)
                    else:
                        assert kind == "rule", cause


def test_trust_changes_carry_the_move(algiers: LoadedCase) -> None:
    session = new(algiers)
    record = session.play("prisoner_exchange")
    for party in ("government", "coordination"):
        trust = change(record, f"trust.{party}")
        assert trust["to"] > trust["from"]
        [cause] = trust["causes"]
        assert cause["by"] == "move:prisoner_exchange"
        assert cause["amount"] == pytest.approx(trust["to"] - trust["from"], abs=0.011)
        assert session.world.parties[party].trust == pytest.approx(trust["to"], abs=0.005)
    assert change(record, "flag.prisoners_exchanged")["causes"][0]["by"] == "move:prisoner_exchange"
    spent = change(record, "capital")
    assert spent["from"] - spent["to"] == algiers.blueprint.moves["prisoner_exchange"].move.cost.capital


def test_outcome_trust_change_names_the_move(algiers: LoadedCase) -> None:
    session = new(algiers, seed=1)
    record = session.play("proximity_talks", "coordination")
    assert record["outcome"] in {o.outcome.id for o in algiers.blueprint.moves["proximity_talks"].outcomes}
    assert sum(record["chances"].values()) == pytest.approx(1, abs=0.002)
    trust = change(record, "trust.coordination")
    assert [c["by"] for c in trust["causes"]] == [f"outcome:proximity_talks/{record['outcome']}"]


def test_exclusion_lowers_the_trust_of_those_left_out(algiers: LoadedCase) -> None:
    blueprint = algiers.blueprint
    move = blueprint.moves["proximity_talks"].move
    assert move.target == "one" and move.excludes > 0
    session = new(algiers, seed=3)
    before = {pid: p.trust for pid, p in session.world.parties.items()}
    record = session.play("proximity_talks", "coordination")
    for pid in ("government", "platform"):
        trust = change(record, f"trust.{pid}")
        [cause] = [c for c in trust["causes"] if c["by"] == "rule:exclusion"]
        sensitivity = session.state.truth.temperament[pid].exclusion / 100  # drawn for this seed
        expected = influence.trust_delta(before[pid], 0.0, -move.excludes * sensitivity)
        assert expected < 0
        assert cause["amount"] == pytest.approx(expected, abs=0.006)
        assert trust["to"] < trust["from"] == pytest.approx(before[pid], abs=0.005)
    target_causes = [c["by"] for c in change(record, "trust.coordination")["causes"]]
    assert "rule:exclusion" not in target_causes


def test_moves_for_everyone_exclude_no_one(algiers: LoadedCase) -> None:
    session = new(algiers, seed=3)
    for move in ("hundred_days", "college_meeting"):
        record = session.play(move)
        answer_events(session)
        assert not [c for ch in record["changes"] for c in ch["causes"] if c["by"] == "rule:exclusion"]


# -- events ------------------------------------------------------------------------------------


def test_a_pending_event_blocks_moves_until_answered(algiers: LoadedCase) -> None:
    session = new(algiers, seed=0)
    record = session.play("prisoner_exchange")  # three days: 17 July, after the 16 July event
    assert record["pending"] == "platform_recognition"
    assert session.pending_event is not None
    assert session.playable() == []
    for option in session.available_moves():
        assert option.reasons == ("respond to 'The Coordination refuses to recognise the Platform' first",)
    before = state(session)
    with pytest.raises(MoveError, match="not available: respond to"):
        session.play("college_meeting")
    with pytest.raises(MoveError, match="not a response to platform_recognition"):
        session.respond("call_for_calm")
    assert state(session) == before
    answer = session.respond("keep_platform")
    assert answer["type"] == "choice" and answer["event"] == "platform_recognition"
    assert answer["turn"] == 1  # a response is not a turn
    assert change(answer, "trust.platform")["causes"][0]["by"] == "choice:platform_recognition/keep_platform"
    assert session.pending == [] and session.playable()
    with pytest.raises(MoveError, match="no event is waiting"):
        session.respond("keep_platform")


# -- whole games --------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(30))
def test_history_reaches_the_historical_ending(algiers: LoadedCase, seed: int) -> None:
    strategy = HistoryStrategy(seed)
    session = autoplay(new(algiers, seed), strategy)
    assert session.ending is not None
    assert session.ending.id == HISTORICAL_ENDING
    assert session.ending.historical
    assert session.summary()["historical"] is True
    assert session.records[-1]["ending"] == HISTORICAL_ENDING


def test_random_play_runs_out_of_time(algiers: LoadedCase) -> None:
    clock = algiers.case.clock
    timed_out = 0
    for seed in range(20):
        session = autoplay(new(algiers, seed), RandomStrategy(seed))
        assert session.ending is not None
        last = session.records[-1]
        assert last["ending"] == session.ending.id == session.phase
        phase = change(last, "phase")
        if any(c["by"] == "rule:clock" for c in phase["causes"]):
            timed_out += 1
            assert session.ending.id == clock.timeout_ending
            assert session.world.date >= clock.end or session.world.turn >= clock.max_turns
            assert last["date"] == session.world.date
    assert timed_out >= 5  # the random mediator mostly runs out the clock


# -- fork ----------------------------------------------------------------------------------------


def test_fork_is_independent_and_faithful(algiers: LoadedCase) -> None:
    session = new(algiers, seed=7)
    session.play("prisoner_exchange")
    answer_events(session)
    session.play("proximity_talks", "platform")
    answer_events(session)
    before = state(session)
    fork = session.fork()
    assert state(fork) == before
    # Playing on the fork leaves the original alone.
    for move in [("security_sidelines", None), ("college_meeting", None), ("proximity_talks", "government")]:
        fork.play(*move)
        answer_events(fork)
    assert fork.world.snapshot() != session.world.snapshot()
    assert state(session) == before
    # And the original then plays exactly as the fork did: same state, same generator.
    for move in [("security_sidelines", None), ("college_meeting", None), ("proximity_talks", "government")]:
        session.play(*move)
        answer_events(session)
    assert render(session.records) == render(fork.records)
    assert session.world.snapshot() == fork.world.snapshot()


# -- saves ----------------------------------------------------------------------------------------


def test_save_and_resume(algiers: LoadedCase, tmp_path: Path) -> None:
    session = new(algiers, seed=11)
    for _ in range(4):
        session.play(*RandomStrategy(11).choose(session))  # type: ignore[misc]
        answer_events(session)
    path = tmp_path / "save.jsonl"
    save(session, path)
    resumed = resume(path, algiers.blueprint, algiers.digest)
    written = path.read_text(encoding="utf-8").split("\n")[1:-2]  # between the count and the end line
    assert render(resumed.records) == render(session.records) == "\n".join(written) + "\n"
    assert resumed.world.snapshot() == session.world.snapshot()
    assert resumed.rng.getstate() == session.rng.getstate()


def test_resume_refuses_a_bad_save_and_leaves_it_alone(algiers: LoadedCase, tmp_path: Path) -> None:
    session = autoplay(new(algiers, seed=2), HistoryStrategy(2))
    path = tmp_path / "save.jsonl"
    save(session, path)
    raw = path.read_bytes()
    with pytest.raises(SaveError, match="has changed"):
        resume(path, algiers.blueprint, "0" * 64)
    path.write_bytes(raw[:-10])
    with pytest.raises(SaveError, match="truncated"):
        resume(path, algiers.blueprint, algiers.digest)
    assert path.read_bytes() == raw[:-10]
    tampered = raw.replace(b'"move":"hundred_days"', b'"move":"college_meeting"', 1)
    assert tampered != raw
    path.write_bytes(tampered)
    with pytest.raises(SaveError, match="does not reproduce"):
        resume(path, algiers.blueprint, algiers.digest)
    assert path.read_bytes() == tampered
    mini = load_case(MINI_PATH)
    path.write_bytes(raw)
    with pytest.raises(SaveError, match="saved for case"):
        resume(path, mini.blueprint)


# -- the standing machine (tiny fixture case) -------------------------------------------------


def test_fixture_case_is_what_the_tests_expect(mini: LoadedCase) -> None:
    parties = mini.blueprint.parties
    assert parties["alpha"].trust == 40 and parties["alpha"].temperament.walk_out_below == 30
    assert parties["alpha"].temperament.return_above == 50
    assert mini.case.clock.random_event_chance == 0
    assert (FIXTURES / "mini" / "personas" / "alpha.toml").is_file()


def test_a_party_below_its_threshold_walks_out_at_the_end_of_the_turn(mini: LoadedCase) -> None:
    session = new(mini)
    record = session.play("insult", "alpha")
    trust = change(record, "trust.alpha")
    assert trust["to"] < 30 <= trust["from"]
    standing = change(record, "standing.alpha")
    assert (standing["from"], standing["to"]) == ("at_table", "walked_out")
    [cause] = standing["causes"]
    assert cause["by"] == "rule:walk_out"
    assert "below 30" in cause["note"]
    assert session.standing("alpha") == "walked_out"
    assert {"speaker": "alpha", "text": "Alpha leaves the room."} in record["lines"]
    # A walked-out party cannot be insulted again, and the talks cannot close without it.
    options = {(o.move, o.target): o for o in session.available_moves()}
    assert not options[("insult", "alpha")].available
    assert "standing.alpha is walked_out" in options[("insult", "alpha")].reasons[0]
    assert not options[("close", None)].available


def test_a_walked_out_party_returns_once_trust_is_restored(mini: LoadedCase) -> None:
    session = new(mini)
    session.play("insult", "alpha")
    returned_at = None
    for turn in range(2, 20):
        record = session.play("apologise", "alpha")
        party = session.world.parties["alpha"]
        if party.standing == "at_table":
            returned_at = turn
            standing = change(record, "standing.alpha")
            assert (standing["from"], standing["to"]) == ("walked_out", "at_table")
            assert standing["causes"][0]["by"] == "rule:return"
            assert party.trust >= 50
            break
        assert party.trust < 50
    assert returned_at is not None
    record = session.play("close")
    assert record["ending"] == "deal"


def test_two_walk_outs_end_the_talks(mini: LoadedCase) -> None:
    session = new(mini)
    session.play("insult", "alpha")
    # Beta (trust 60, walks out below 15) needs two insults.
    record = session.play("insult", "beta")
    assert session.standing("beta") == "at_table" and not session.ended
    record = session.play("insult", "beta")
    assert session.standing("beta") == "walked_out"
    assert record["ending"] == "collapse" and session.ending is not None and session.ending.id == "collapse"
    assert change(record, "phase")["to"] == "collapse"


def test_the_clock_runs_out(mini: LoadedCase) -> None:
    session = new(mini)
    for turn in range(1, 4):  # 3 days a turn: 4, 7, 10 January
        record = session.play("wait")
        assert not session.ended, turn
    record = session.play("wait")  # 13 January, past the end on the 11th
    assert record["ending"] == "stalled" and record["date"] == "2020-01-13"
    [cause] = change(record, "phase")["causes"]
    assert cause["by"] == "rule:clock"
    with pytest.raises(MoveError):
        session.play("wait")


def test_the_turn_limit_ends_the_talks(broken_case: Make) -> None:
    broken = broken_case(
        ("max_turns = 50", "max_turns = 3"), source=MINI_PATH, personas=MINI_PATH.parent.parent / "personas"
    )
    loaded = load_case(broken.path)
    session = new(loaded)
    session.play("apologise", "beta")
    session.play("apologise", "beta")
    assert not session.ended
    record = session.play("apologise", "beta")
    assert record["ending"] == "stalled" and record["date"] == "2020-01-01"


def test_positions_stay_inside_red_lines(mini: LoadedCase) -> None:
    session = new(mini)
    record = session.play("push")
    alpha, beta = session.world.parties["alpha"], session.world.parties["beta"]
    assert (alpha.position["land"], beta.position["land"]) == (90, 50)  # their red_line highs
    assert change(record, "position.alpha.land")["causes"][0]["amount"] == 20
    record = session.play("pull")  # -80, then red lines narrowed by 30 on each side
    assert (alpha.position["land"], beta.position["land"]) == (40, 0)  # their red_line lows
    assert (alpha.red_low["land"], alpha.red_high["land"]) == (40, 60)
    assert (beta.red_low["land"], beta.red_high["land"]) == (0, 20)
    assert alpha.cohesion == beta.cohesion == 0
    session.play("push")
    session.play("pull")
    for party in (alpha, beta):  # narrowing never excludes the party's own position
        assert party.red_low["land"] <= party.position["land"] <= party.red_high["land"]


def test_an_injected_event_arrives_at_the_next_turn_and_replays(algiers: LoadedCase) -> None:
    from roleplay.engine.transcript import replay

    session = Session(algiers.blueprint, 3)
    session.play("college_meeting")
    while session.pending:
        session.respond(session.pending[0].choices[0].choice.id)
    record = session.inject("peacekeepers_targeted")
    assert record == {"type": "inject", "turn": 1, "event": "peacekeepers_targeted"}
    assert session.world.fired.get("peacekeepers_targeted", 0) == 0  # not before the next turn
    turn = session.play("college_meeting")
    assert "peacekeepers_targeted" in turn["events"]
    again = Session(algiers.blueprint, 3)
    assert replay(again, session.records) is None
    with pytest.raises(MoveError):
        session.inject("no_such_event")
