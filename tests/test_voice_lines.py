"""The parties' lines follow the player (issue 12, "a story that follows the player"): a party
never says it accepts a text the table shows it would not sign (nor rejects one it shows it
would), and a dated line is said only from its date: in October 2020 the junta does not speak
of a partner that came in late 2021, nor call the CMA terrorists as it did in August 2023."""

from __future__ import annotations

import random

import pytest
from conftest import SCENARIOS

from roleplay.engine.knowledge import known_answer
from roleplay.engine.session import Session
from roleplay.loading import load_case
from roleplay.model.persona import DatedLine


def lines_of(session: Session, kind: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for pid, spec in session.blueprint.parties.items():
        found[pid] = {line if isinstance(line, str) else line.text for line in getattr(spec.voice, kind)}
    return found


@pytest.mark.parametrize("seed", range(6))
def test_a_party_never_contradicts_the_table(seed: int) -> None:
    session = Session(load_case(SCENARIOS / "algiers-2014-2015.toml").blueprint, seed)
    accepts, rejects = lines_of(session, "accepts"), lines_of(session, "rejects")
    rng, said = random.Random(seed), 0
    while not session.ended and session.world.turn < 48:
        if session.pending:
            session.respond(rng.choice(session.pending[0].choices).choice.id)
            continue
        record = session.play(*rng.choice(session.playable()))
        state = session.state
        for line in record["lines"]:
            pid, text = line["speaker"], line["text"]
            if pid not in state.world.parties:
                continue
            answer = known_answer(state.world, state.truth, state.knowledge, state.world.parties[pid])
            if text in accepts[pid] - rejects[pid]:
                said += 1
                assert answer != "no", (record["turn"], pid, text)
            if text in rejects[pid] - accepts[pid] and "vetoes" not in str(record):
                said += 1
                assert answer != "yes", (record["turn"], pid, text)
    assert said  # the parties did speak


def test_dated_lines_wait_for_their_date() -> None:
    loaded = load_case(SCENARIOS / "mali-2020-2023.toml")
    junta = loaded.blueprint.parties["transitional_authorities"].voice
    dated = [line for line in junta.protests + junta.walks_out if isinstance(line, DatedLine)]
    assert {line.since for line in dated} == {"2021-12-01", "2023-08-11"}
    early = {line.text for line in dated}
    for seed in range(30):
        session = Session(loaded.blueprint, seed)
        rng = random.Random(seed)
        while not session.ended:
            if session.pending:
                session.respond(rng.choice(session.pending[0].choices).choice.id)
                continue
            record = session.play(*rng.choice(session.playable()))
            for line in record["lines"]:
                if line["text"] in early:
                    since = next(d.since for d in dated if d.text == line["text"])
                    assert since is not None and record["date"] >= since, (record["date"], line["text"])


def test_a_dated_line_is_said_on_its_day() -> None:
    line = DatedLine(text="x", since="2021-12-01", until="2022-01-31")
    assert not line.said_on("2021-11-30")
    assert line.said_on("2021-12-01") and line.said_on("2022-01-31")
    assert not line.said_on("2022-02-01")
