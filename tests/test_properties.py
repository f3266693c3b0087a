"""Properties of the engine for any sequence of choices (hypothesis).

A game is driven by a list of integers: at each step the next integer picks, modulo their
number, one of the currently playable moves or, while an event waits, one of its choices.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import CASE_PATH, MINI_PATH
from helpers import new_session as new
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roleplay.engine.causes import rounded
from roleplay.engine.session import Session
from roleplay.engine.transcript import render
from roleplay.errors import SaveError, ScenarioError
from roleplay.loading import LoadedCase, load_case
from roleplay.loading.loader import read_document
from roleplay.storage.saves import resume, save
from roleplay.storage.transcripts import read_records

CASES = {"algiers": CASE_PATH, "mini": MINI_PATH}


@pytest.fixture(scope="module")
def cases(algiers: LoadedCase, mini: LoadedCase) -> dict[str, LoadedCase]:
    return {"algiers": algiers, "mini": mini}


SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=False)
seeds = st.integers(min_value=0, max_value=2**32)
choices = st.lists(st.integers(min_value=0, max_value=1_000), max_size=40)


def step(session: Session, pick: int) -> dict[str, Any] | None:
    """Take one action chosen by ``pick``; None when the game is over."""
    if session.ended:
        return None
    if session.pending:
        options = session.pending[0].choices
        return session.respond(options[pick % len(options)].choice.id)
    playable = session.playable()
    assert playable, "a session that has not ended always has a move or a pending event"
    return session.play(*playable[pick % len(playable)])


def play(session: Session, picks: list[int]) -> Session:
    for pick in picks:
        if step(session, pick) is None:
            break
    return session


def check_ranges(session: Session) -> None:
    world = session.world
    assert 0 <= world.capital <= 100
    for issue, value in world.draft.items():
        assert issue in world.issues and 0 <= value <= 100, (issue, value)
    for pid, party in world.parties.items():
        for name in ("trust", "ripeness", "cohesion", "capability"):
            assert 0 <= getattr(party, name) <= 100, (pid, name, getattr(party, name))
        for other, value in party.relations.items():
            assert 0 <= value <= 100, (pid, other, value)
        assert set(party.position) == set(world.issues)
        for issue in world.issues:
            low, high = party.red_low[issue], party.red_high[issue]
            assert 0 <= low <= party.position[issue] <= high <= 100, (pid, issue, low, high)
            assert 0 <= party.salience[issue] <= 100


# -- (a) ranges -----------------------------------------------------------------------------------


@SETTINGS
@given(case=st.sampled_from(sorted(CASES)), seed=seeds, picks=choices)
def test_values_stay_in_range(cases: dict[str, LoadedCase], case: str, seed: int, picks: list[int]) -> None:
    session = new(cases[case], seed)
    check_ranges(session)
    for pick in picks:
        if step(session, pick) is None:
            break
        check_ranges(session)
        assert session.ended == (session.ending is not None)
        assert session.ended or session.pending or session.playable()


# -- the ledger tells the truth ----------------------------------------------------------------------


def flat(snapshot: dict[str, Any]) -> dict[str, Any]:
    """A snapshot under the names the transcript uses for changes."""
    values: dict[str, Any] = {
        "capital": snapshot["capital"],
        "day": snapshot["day"],
        "inclusion": snapshot["inclusion"],
    }
    values.update({f"draft.{k}": v for k, v in snapshot["draft"].items()})
    values.update({f"flag.{k}": v for k, v in snapshot["flags"].items()})
    for pid, party in snapshot["parties"].items():
        for name in ("trust", "ripeness", "cohesion", "capability", "ownership", "duress"):
            values[f"{name}.{pid}"] = party[name]
        values[f"standing.{pid}"] = party["standing"]
        for name in ("position", "salience", "red_low", "red_high"):
            values.update({f"{name}.{pid}.{i}": v for i, v in party[name].items()})
        values.update({f"relation.{pid}.{o}": v for o, v in party["relations"].items()})
    return values


@SETTINGS
@given(case=st.sampled_from(sorted(CASES)), seed=seeds, picks=choices)
def test_every_change_is_recorded_with_causes(
    cases: dict[str, LoadedCase], case: str, seed: int, picks: list[int]
) -> None:
    session = new(cases[case], seed)
    for pick in picks:
        before = flat(session.world.snapshot())
        phase = session.phase
        record = step(session, pick)
        if record is None:
            break
        after = flat(session.world.snapshot())
        changes = {c["value"]: c for c in record["changes"]}
        assert len(changes) == len(record["changes"])  # one entry per value
        for name in set(before) | set(after):
            if before.get(name, -1.0) != after.get(name):
                assert name in changes, f"{name} changed without a record"
        for name, item in changes.items():
            assert item["causes"], item
            if name == "phase":
                assert (item["from"], item["to"]) == (phase, session.phase)
                continue
            assert item["to"] == rounded(after[name]), item
            assert item["from"] == rounded(before.get(name, -1.0)), item
            amounts = [c.get("amount") for c in item["causes"]]
            numeric = isinstance(item["to"], float | int) and not isinstance(item["to"], bool)
            if numeric and None not in amounts:
                assert abs(sum(amounts) - (item["to"] - item["from"])) <= 0.011 * len(amounts)


# -- (b) determinism ---------------------------------------------------------------------------------


@SETTINGS
@given(case=st.sampled_from(sorted(CASES)), seed=seeds, picks=choices)
def test_same_seed_and_choices_same_transcript(
    cases: dict[str, LoadedCase], case: str, seed: int, picks: list[int]
) -> None:
    first = play(new(cases[case], seed), picks)
    second = play(new(cases[case], seed), picks)
    assert render(first.records) == render(second.records)
    assert first.world.snapshot() == second.world.snapshot()
    assert first.rng.getstate() == second.rng.getstate()


# -- (c) save and resume --------------------------------------------------------------------------------


@SETTINGS
@given(seed=seeds, picks=choices, more=choices, at=st.integers(min_value=0, max_value=40))
def test_save_resume_continue(algiers: LoadedCase, seed: int, picks: list[int], more: list[int], at: int) -> None:
    loaded = algiers
    original = play(new(loaded, seed), picks[:at])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "save.jsonl"
        save(original, path)
        written = path.read_bytes()
        resumed = resume(path, loaded.blueprint, loaded.digest)
        assert path.read_bytes() == written  # resuming only reads
    assert resumed.records == original.records
    assert resumed.world.snapshot() == original.world.snapshot()
    assert resumed.rng.getstate() == original.rng.getstate()
    assert [e.event.id for e in resumed.pending] == [e.event.id for e in original.pending]
    assert resumed.ending == original.ending
    play(original, more)
    play(resumed, more)
    assert render(resumed.records) == render(original.records)
    assert resumed.world.snapshot() == original.world.snapshot()


@SETTINGS
@given(seed=seeds, picks=choices, more=choices)
def test_fork_then_continue(algiers: LoadedCase, seed: int, picks: list[int], more: list[int]) -> None:
    original = play(new(algiers, seed), picks)
    before = (render(original.records), original.world.snapshot(), original.rng.getstate())
    fork = play(original.fork(), more)
    assert (render(original.records), original.world.snapshot(), original.rng.getstate()) == before
    play(original, more)
    assert render(original.records) == render(fork.records)


# -- (d) arbitrary input ------------------------------------------------------------------------------

toml_like = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(
        st.sampled_from(
            ["[[moves]]", "[moves]", "id = ", '"x"', "= ", "[", "]", "{", "}", "1", "inf", "nan", "\n",
             '"""', "'", "kind = ", "\\", "#", ".", ",", "2014-02-30", "\xff", "é"]
        ),
        max_size=60,
    ).map(lambda parts: "".join(parts).encode("utf-8")),
)  # fmt: skip


def mutate(text: str, seed: int, edits: int) -> str:
    rng = random.Random(seed)
    lines = text.split("\n")
    for _ in range(edits):
        at = rng.randrange(len(lines))
        roll = rng.random()
        if roll < 0.3:
            del lines[at]
        elif roll < 0.6 and "=" in lines[at]:
            key = lines[at].split("=", 1)[0]
            value = rng.choice(['"zz"', "-1", "101", "[]", "{}", "true", '"9**9"', '"a b"', "1e400", '"all"'])
            lines[at] = f"{key}= {value}"
        elif roll < 0.8:
            cut = rng.randrange(len(lines[at]) + 1)
            lines[at] = lines[at][:cut] + rng.choice(['"', "[", "]", "=", "{", "'", "\\"]) + lines[at][cut:]
        else:
            lines.insert(at, lines[rng.randrange(len(lines))])
    return "\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(content=toml_like)
def test_arbitrary_bytes_as_a_case(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.toml"
        path.write_bytes(content)
        try:
            read_document(path)
        except ScenarioError as exc:
            assert exc.problems and all(p.line >= 1 and p.column >= 1 for p in exc.problems)
        try:
            load_case(path)
        except ScenarioError as exc:
            assert exc.problems and all(p.file == str(path) for p in exc.problems)


CASE_TEXT = CASE_PATH.read_text(encoding="utf-8")


@settings(max_examples=60, deadline=None)
@given(seed=seeds, edits=st.integers(min_value=1, max_value=4))
def test_mutated_case_loads_or_says_where(seed: int, edits: int) -> None:
    text = mutate(CASE_TEXT, seed, edits)
    with tempfile.TemporaryDirectory() as folder:
        scenarios = Path(folder) / "scenarios"
        scenarios.mkdir()
        (Path(folder) / "personas").symlink_to(CASE_PATH.parent.parent / "personas")
        path = scenarios / "case.toml"
        path.write_text(text, encoding="utf-8")
        line_count = text.count("\n") + 1
        try:
            loaded = load_case(path)
        except ScenarioError as exc:
            for problem in exc.problems:
                if problem.file == str(path):
                    assert 1 <= problem.line <= line_count, str(problem)
            return
        session = play(new(loaded, seed), list(range(seed % 97, seed % 97 + 30)))
        render(session.records)


@settings(max_examples=60, deadline=None)
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_arbitrary_bytes_as_a_transcript(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.jsonl"
        path.write_bytes(content)
        try:
            records = read_records(path)
        except SaveError:
            return
        assert records[0]["type"] == "start"


@settings(max_examples=40, deadline=None)
@given(seed=seeds, picks=choices, data=st.data())
def test_corrupted_transcript_is_refused_cleanly(
    algiers: LoadedCase, seed: int, picks: list[int], data: st.DataObject
) -> None:
    session = play(new(algiers, seed), picks)
    raw = bytearray(render(session.records).encode("utf-8"))
    position = data.draw(st.integers(min_value=0, max_value=len(raw) - 1))
    byte = data.draw(st.integers(min_value=0, max_value=255))
    raw[position] = byte
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.jsonl"
        path.write_bytes(bytes(raw))
        try:
            resumed = resume(path, algiers.blueprint, algiers.digest)
        except SaveError:
            assert path.read_bytes() == bytes(raw)
            return
        # A save that resumes is one the engine reproduces record for record (a change to the
        # header's case_file, or to the seed of a game without actions, can be such a save).
        assert render(resumed.records) == render(read_records(path))
        assert path.read_bytes() == bytes(raw)


@pytest.mark.parametrize(
    "line",
    ["[" * 100_000, '{"type":"start","x":' + "[" * 100_000 + "]" * 100_000 + "}"],
    ids=["bare-array", "inside-a-record"],
)
def test_deeply_nested_json_in_a_transcript(tmp_path: Path, line: str) -> None:
    """Not left to hypothesis: random bytes almost never nest this deep."""
    path = tmp_path / "deep.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(SaveError):
        read_records(path)
