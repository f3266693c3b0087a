"""Why a move cannot be played, in the case's words (roleplay/game/why_not.py)."""

from __future__ import annotations

import re

from conftest import FULL_ALGIERS_PATH
from helpers import new_session

from roleplay.conditions import And, Not, Or, Ref, Truth, parse_condition
from roleplay.engine.moves import is_open
from roleplay.game import Game
from roleplay.game.why_not import case_words, negation_normal_form
from roleplay.loading import load_case
from roleplay.strategies import RandomStrategy

ENGINE_IDS = re.compile(r"p\d_|in_phase\.|standing\.|played\.|flag\.|draft\.|trust\.|accepts\.|\btarget\b")


def test_a_negated_and_is_an_or_of_negations_never_not_a_and_b() -> None:
    a, b = Truth(Ref("flag.a")), Truth(Ref("flag.b"))
    assert negation_normal_form(Not(And((a, b)))) == Or((Not(a), Not(b)))
    assert negation_normal_form(Not(Not(a))) == a


def test_the_words_name_what_the_trainee_knows_with_current_values() -> None:
    loaded = load_case(FULL_ALGIERS_PATH)
    words = case_words(loaded.blueprint)
    session = new_session(loaded)

    def said(source: str) -> list[str]:
        tree = parse_condition(source)
        plan = words.plan(tree, None)
        return [w if isinstance(w, str) else w(session.world) for h, w in plan if not h(session.world)]

    assert said("trust.coordination >= 50") == ["needs the Coordination's trust in you at 50 or more (now 45)"]
    assert said("flag.elements") == ["first table the Elements"]
    assert said("in_phase.p5_initialling") == ["only in Phase V: the initialling ceremony"]
    assert said("played.review_separately >= 2") == [
        "after you have played 'Review the text with one party' twice (not yet)"
    ]
    assert said("draft.framework > 15") == ["once the draft's framework of the talks stands above 15 (no draft yet)"]
    assert said("accepts.coordination") == ["once the Coordination accepts the draft"]
    assert said("standing.gatia != 'outside'") == ["not while GATIA is outside the talks"]
    assert said("not (standing.government == 'at_table' and has_draft == false)") == [
        "either not while the Government is at the table, or once there is a draft on the table"
    ]


def test_the_words_agree_with_the_engine_and_hold_no_engine_id() -> None:
    loaded = load_case(FULL_ALGIERS_PATH)
    for seed in range(5):
        session, strategy = new_session(loaded, seed), RandomStrategy(seed)
        game = Game(loaded, session, None)
        while not session.ended:
            if session.pending:
                session.respond(strategy.respond(session))
                continue
            for choice in game.moves():
                for option in choice.options:
                    compiled = loaded.blueprint.moves[option.move]
                    assert option.available == is_open(session.state, compiled, option.target)
                    for reason in option.reasons:
                        assert not ENGINE_IDS.search(reason), reason
            session.play(*strategy.choose(session))  # type: ignore[misc]


def test_the_list_says_what_the_words_say() -> None:
    """The move list's own loop (cut for speed, benchmarks/bench_moves.py) gives each option
    the first reason and every reason CaseWords gives it."""
    loaded = load_case(FULL_ALGIERS_PATH)
    words = case_words(loaded.blueprint)
    for seed in range(3):
        session, strategy = new_session(loaded, seed), RandomStrategy(seed)
        game = Game(loaded, session, None)
        while not session.ended:
            state = session.state
            for choice in game.moves():
                for option in choice.options:
                    compiled = loaded.blueprint.moves[option.move]
                    assert option.why == (words.closed(state) or words.first(state, compiled, option.target))
                    expected = words.reasons(state, compiled, option.target) if option.why else []
                    assert list(option.reasons) == (expected or ([option.why] if option.why else []))
            if session.pending:
                session.respond(strategy.respond(session))
                continue
            session.play(*strategy.choose(session))  # type: ignore[misc]


def test_a_case_no_one_holds_is_freed_after_its_moves_and_debrief() -> None:
    """The words and rows kept per case (weakly keyed by its blueprint) must not keep it
    alive: benchmarks/fuzz.py grew to 958 MB over 40,000 mutated cases when they did."""
    import gc
    import weakref

    from conftest import CASE_PATH

    from roleplay.debrief import build_debrief
    from roleplay.engine.session import Session
    from roleplay.game.move_list import list_moves
    from roleplay.loading import load_case
    from roleplay.strategies import RandomStrategy, autoplay

    loaded = load_case(CASE_PATH)
    session = Session(loaded.blueprint, 7)
    assert list_moves(loaded.blueprint, session.state)
    autoplay(session, RandomStrategy(7), max_actions=20)
    build_debrief(loaded.blueprint, session.records)
    alive = weakref.ref(loaded.blueprint)
    del loaded, session
    gc.collect()
    assert alive() is None
