"""Bottom lines the mediator has to discover (issue 11, item 1; docs/model.md, bottom lines):
each seed draws the parties' true red lines, thresholds and temperaments within the author's
spreads; the trainee sees estimates that hold the truth and narrow as mediation reveals it;
the views never show the truth during play, and the debrief does."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from conftest import FULL_ALGIERS_PATH
from helpers import answer_events, new_session, played

from roleplay.debrief import build_debrief
from roleplay.debrief.markdown import to_markdown
from roleplay.engine.knowledge import TEMPER_FIELDS, estimate, hear_verdict, keys_of, truth_of
from roleplay.engine.session import Session
from roleplay.engine.state import GameState
from roleplay.engine.transcript import dumps
from roleplay.game import Game
from roleplay.game.estimates import prior_red_line, red_line
from roleplay.game.numbers import number
from roleplay.loading import LoadedCase, load_case
from roleplay.strategies import HistoryStrategy


@pytest.fixture(scope="module")
def full() -> LoadedCase:
    return load_case(FULL_ALGIERS_PATH)


def _every_key(state: GameState) -> list[tuple[str, str]]:
    issues = state.world.issues
    return [
        (pid, key) for pid in state.world.parties for key in keys_of(("red_lines", "acceptance", "temperament"), issues)
    ]


def _truth_inside(state: GameState) -> None:
    for pid, key in _every_key(state):
        party = state.world.parties[pid]
        low, high = estimate(state.truth, state.knowledge, party, key)
        value = truth_of(state.truth, party, key)
        assert low - 1e-9 <= value <= high + 1e-9, (pid, key, low, value, high)


def _widths(state: GameState, pid: str) -> dict[str, float]:
    party = state.world.parties[pid]
    return {
        key: (lambda r: r[1] - r[0])(estimate(state.truth, state.knowledge, party, key))
        for p, key in _every_key(state)
        if p == pid
    }


def test_the_same_seed_draws_the_same_bottom_lines_and_replays_byte_for_byte(full: LoadedCase) -> None:
    first, second = played(full, 7), played(full, 7)
    assert first.state.truth == second.state.truth
    assert first.state.knowledge.margins == second.state.knowledge.margins
    assert [dumps(r) for r in first.records] == [dumps(r) for r in second.records]


def test_the_draws_leave_the_sessions_generator_alone(full: LoadedCase) -> None:
    """A generator of its own: the session's generator starts where random.Random(seed) does,
    so outcomes and events draw in the order they always did."""
    session = new_session(full, 11)
    assert session.rng.getstate() == random.Random(11).getstate()


def test_different_seeds_draw_different_bottom_lines_within_the_spreads(full: LoadedCase) -> None:
    blueprint = full.blueprint
    base = blueprint.case.acceptance.base
    seen: dict[tuple[str, str], set[float]] = {}
    for seed in range(25):
        truth = new_session(full, seed).state.truth
        for pid, spec in blueprint.parties.items():
            spread = spec.uncertainty
            for issue, stance in spec.stances.items():
                for end, value, drawn in (
                    ("low", stance.red_line[0], truth.red_low[pid][issue]),
                    ("high", stance.red_line[1], truth.red_high[pid][issue]),
                ):
                    if value in (0, 100):  # no limit on that side: none is invented
                        assert drawn == value
                    assert abs(drawn - value) <= spread.red_line + 1e-9
                    seen.setdefault((pid, f"{end}.{issue}"), set()).add(drawn)
                assert truth.red_low[pid][issue] <= stance.position <= truth.red_high[pid][issue]
            assert abs(truth.leeway[pid]) <= spread.acceptance + 1e-9 and truth.leeway[pid] >= -base
            temper = truth.temperament[pid]
            for name in TEMPER_FIELDS:
                assert abs(getattr(temper, name) - getattr(spec.temperament, name)) <= spread.temperament + 1e-9
            assert temper.return_above >= temper.walk_out_below
    coordination_status = seen[("coordination", "low.status")]
    assert len(coordination_status) > 10  # the seed decides it


def test_a_spread_of_zero_keeps_the_sourced_values_known(mini: LoadedCase) -> None:
    session = new_session(mini, 3)
    for pid, spec in mini.blueprint.parties.items():
        party = session.world.parties[pid]
        for issue, stance in spec.stances.items():
            assert (party.red_low[issue], party.red_high[issue]) == stance.red_line
            assert red_line(session.state, party, issue).exact
        assert session.state.truth.temperament[pid] == spec.temperament
        assert session.state.truth.leeway[pid] == 0


def test_the_estimates_start_at_the_briefing_and_hold_the_truth(full: LoadedCase) -> None:
    session = new_session(full, 5)
    _truth_inside(session.state)
    for pid, spec in full.blueprint.parties.items():
        party = session.world.parties[pid]
        for issue in spec.stances:
            assert red_line(session.state, party, issue) == prior_red_line(spec, issue)


def test_a_revealing_move_narrows_the_estimates_around_the_truth(algiers: LoadedCase) -> None:
    session = new_session(algiers, 2)
    before = _widths(session.state, "coordination")
    record = session.play("proximity_talks", "coordination")
    after = _widths(session.state, "coordination")
    narrowed = [key for key in before if after[key] < before[key] - 1e-9]
    assert any(key.startswith("red_") for key in narrowed)
    assert all(after[key] <= before[key] + 1e-9 for key in before)
    assert any("You learn more of where" in line["text"] for line in record["lines"])
    _truth_inside(session.state)


def test_estimates_hold_the_truth_through_a_whole_game(full: LoadedCase) -> None:
    session = new_session(full, 4)
    strategy = HistoryStrategy(4)
    for _ in range(60):
        if session.ended:
            break
        answer_events(session)
        if session.ended:
            break
        choice = strategy.choose(session)
        if choice is None:
            break
        session.play(*choice)
        _truth_inside(session.state)
    # Staying at the table at a trust tells the mediator the party leaves only below it.
    start = new_session(full, 4).state
    government = start.world.parties["government"]
    key = "temperament.walk_out_below"
    before = estimate(start.truth, start.knowledge, government, key)
    after = estimate(session.state.truth, session.state.knowledge, session.world.parties["government"], key)
    assert after[1] - after[0] < before[1] - before[0]
    reviewed = _widths(session.state, "coordination")
    assert min(reviewed.values()) < max(_widths(new_session(full, 4).state, "coordination").values())


def test_what_a_party_rejects_tells_where_its_red_line_lies(full: LoadedCase) -> None:
    state = new_session(full, 9).state
    party = state.world.parties["coordination"]
    low = party.red_low["status"]
    assert low > 10
    crossed = hear_verdict(state.world, state.truth, state.knowledge, party, {"status": 10.0})
    assert crossed == ["status"]
    known = estimate(state.truth, state.knowledge, party, "red_low.status")
    assert known[0] >= 10.0 - 1e-9 and known[0] <= low <= known[1]
    # A value it can live with bounds the low end from above.
    hear_verdict(state.world, state.truth, state.knowledge, party, {"status": party.position["status"]})
    assert estimate(state.truth, state.knowledge, party, "red_low.status")[1] <= party.position["status"]
    _truth_inside(state)


def test_a_copy_keeps_its_own_knowledge(full: LoadedCase) -> None:
    session = new_session(full, 1)
    fork = session.fork()
    fork.state.knowledge.shrink("coordination", ["red_low.status"], 0.9)
    assert fork.state.knowledge.margins != session.state.knowledge.margins
    assert fork.state.truth is session.state.truth  # drawn once, never changed


# -- what the trainee sees ------------------------------------------------------------------


def _view_text(game: Game) -> str:
    from roleplay.tui.screens.briefing import briefing_markdown

    parts = [briefing_markdown(game)]
    for row in game.party_rows():
        parts += [row.verdict, row.known, row.answer]
    for issue in game.issue_rows():
        parts.append(repr((issue.common_ground, issue.possible_ground)))
        parts += [f"{p.name} {p.position} {p.red_line.words()} {p.red_line}" for p in issue.parties]
    for move in game.moves():
        parts += [move.why, *move.reasons]
    for record in game.records:
        if record["type"] == "inject":
            continue
        parts += game.vetoes(record)
        parts += [line["text"] for line in record.get("lines", [])]
        for change in record.get("changes", []):
            parts.append(game.describe_change(change))
            parts += game.why(change)
    return "\n".join(parts)


def _shows(text: str, value: float) -> bool:
    """Whether ``text`` shows the number as the views write it (a whole token, not a part)."""
    return re.search(rf"(?<![\d.]){re.escape(number(value))}(?![\d]|\.\d)", text) is not None


def _play(game: Game, steps: list[str]) -> None:
    for step in steps:
        while game.crisis() is not None:
            game.respond(game.crisis().choices[0].id)  # type: ignore[union-attr]
        move, _, target = step.partition(":")
        options = [o for m in game.moves() for o in m.options if o.move == move and o.target == (target or None)]
        if options and options[0].available and not game.ended:
            game.play(move, target or None)


def test_the_views_never_show_the_truth_during_play() -> None:
    """Scan what the trainee reads: the issue view's red lines, the verdicts and the why?
    view's red-line changes show estimates and amounts, never a true value."""
    game = Game.new(FULL_ALGIERS_PATH, 12)
    history = game.case.history
    assert history is not None
    _play(game, [f"{step.move}:{step.target}" if step.target else step.move for step in history.steps[:20]])
    state = game.session.state
    checked = 0
    for issue in game.issue_rows():
        for shown, party in zip(issue.parties, state.world.involved(), strict=True):
            if shown.red_line.exact:
                continue
            truth = f"{number(party.red_low[issue.id])} to {number(party.red_high[issue.id])}"
            assert truth not in shown.red_line.words()
            checked += 1
    for row in game.party_rows():
        party = state.world.parties[row.id]
        low, high = estimate(state.truth, state.knowledge, party, "acceptance")
        if high - low > 0.5:
            assert not _shows(row.verdict + row.known, state.world.tolerance(party))
    red_changes = [
        c
        for r in game.records[1:]
        if r["type"] != "inject"
        for c in r.get("changes", [])
        if c["value"].startswith("red_")
    ]
    assert red_changes and checked  # the test checks something
    for change in red_changes:
        text = " ".join([game.describe_change(change), *game.why(change)])
        assert not _shows(text, float(change["from"])) and not _shows(text, float(change["to"])), text  # type: ignore[arg-type]


def test_the_views_read_the_estimates_not_the_truth() -> None:
    """Move a truth inside its estimate (the estimate kept as it is): nothing on screen changes."""
    game = Game.new(FULL_ALGIERS_PATH, 8)
    game.play("prisoner_exchange", None)
    before = _view_text(game)
    state = game.session.state
    party = state.world.parties["coordination"]
    below, above = state.knowledge.margins[("coordination", "red_low.status")]
    shift = above / 2
    party.red_low["status"] += shift
    state.knowledge.margins[("coordination", "red_low.status")] = (below + shift, above - shift)
    assert _view_text(game) == before


def test_red_line_changes_show_how_far_they_moved_not_where_they_lie(full: LoadedCase) -> None:
    game = Game(full, Session(full.blueprint, 3), None)
    from roleplay.game.change_words import describe_change

    change = {"value": "red_low.coordination.status", "from": 61.7, "to": 53.7, "causes": []}
    text = describe_change(full.blueprint, change)  # type: ignore[arg-type]
    assert "widened by 8.0" in text and "61.7" not in text and "53.7" not in text
    assert game.case.id == "algiers"


def test_the_debrief_reveals_the_truth_beside_the_estimate(finished_algiers: tuple[Session, Path]) -> None:
    session, _ = finished_algiers
    debrief = build_debrief(session.blueprint, session.records)
    rows = [
        r
        for r in debrief.bottom_lines
        if r.party == "Coordination" and r.what == "red line on Institutional status of the north"
    ]
    [row] = rows
    party = session.world.parties["coordination"]
    assert row.truth == f"{number(party.red_low['status'])} to {number(party.red_high['status'])}"
    markdown = to_markdown(debrief)
    assert "## The parties' bottom lines" in markdown
    assert f"| Coordination | {row.what} | {row.estimate} | {row.truth} |" in markdown
