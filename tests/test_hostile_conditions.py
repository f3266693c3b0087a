"""A bounded fuzz of the condition grammar (issue 13): random sentences of the grammar and
of the text near it (tokens dropped, doubled, swapped, glued, or taken from other
languages). Only ConditionError may escape, nothing may hang, and every accepted condition
must mean the same after a round trip through the renderer that lint, validate and the
phase graph use (``roleplay.engine.explain.render``).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import pytest

from roleplay.conditions import (
    Condition,
    ConditionError,
    Name,
    ValueType,
    compile_condition,
    parse_condition,
)
from roleplay.engine.explain import render

SEED = 13
SENTENCES = 3000  # about 4 s on one core: grammar sentences, then one mutation of each
PER_INPUT_S = 1.0  # nothing may take long: a hang would show up here
TOTAL_S = 20.0

STANDINGS = ("at_table", "signed", "walked_out")
_KINDS: dict[str, tuple[ValueType, tuple[Any, ...]]] = {
    "trust.coordination": ("number", (-20, 0, 12.5, 40, 45, 100)),
    "trust.platform": ("number", (-3, 0, 7, 12.5, 60)),
    "standing.cpa": ("string", STANDINGS),
    "standing.platform": ("string", STANDINGS),
    "date": ("string", ("2015-01-01", "2015-03-15", "2016-12-31")),
    "has_draft": ("bool", (True, False)),
    "flag.prisoner_exchange": ("bool", (True, False)),
}


def _getter(key: str) -> Callable[[Any], Any]:
    return lambda ctx: ctx[key]


NAMES: dict[str, Name] = {
    key: Name(kind, _getter(key), frozenset(STANDINGS) if key.startswith("standing.") else None)
    for key, (kind, _) in _KINDS.items()
}
_BY_KIND: dict[str, list[str]] = {
    kind: [k for k, (t, _) in _KINDS.items() if t == kind] for kind in ("number", "string", "bool")
}
_NEAR = [
    "=", "=>", "=<", "<>", "===", "&&", "||", "!", "&", "|", "#", "is", "is not", "in", "not in",
    "(", ")", "[", "]", ",", ".", "-", "+", "*", "**", ":=", "lambda", "if", "else", "None",
    "True", "AND", "or", "and", "not", "\\", "\n", "\t", "'", '"', "1e999", "-1e999", "0x1F",
    "1_000", "1.", ".5", "ｔrust", "ﬁ", "é", "\x00", "\u2028", "__import__('os')", "f'{x}'",
    "b'x'", "x[0]", "a.b()", "{1: 2}", "{1}", "...", "@", "$", "`", "?", ";", ":",
]  # fmt: skip


def _literal(rng: random.Random, kind: str) -> str:
    if kind == "number":
        return rng.choice(["0", "-5", "40", "45", "12.5", "1e3", "-0.25", "100", "7"])
    if kind == "string":
        return rng.choice([f'"{s}"' for s in (*STANDINGS, "2015-03-01", "2016-01-01")] + ["'signed'"])
    return rng.choice(["true", "false", "True", "False"])


def _operand(rng: random.Random, kind: str) -> str:
    return rng.choice(_BY_KIND[kind]) if rng.random() < 0.6 else _literal(rng, kind)


def _comparison(rng: random.Random) -> str:
    kind = rng.choice(["number", "number", "string", "bool"])
    if rng.random() < 0.2 and kind != "bool":  # membership in a literal list
        items = [_literal(rng, kind) for _ in range(rng.randint(0, 3))]
        inside = ", ".join(items) + ("," if items and (len(items) == 1 or rng.random() < 0.3) else "")
        brackets = rng.choice(["()", "[]"]) if items else "()"
        op = rng.choice(["in", "not in"])
        return f"{rng.choice(_BY_KIND[kind])} {op} {brackets[0]}{inside}{brackets[1]}"
    ops = ["==", "!="] + (["<", "<=", ">", ">="] if kind != "bool" else [])
    parts = [_operand(rng, kind)]
    for _ in range(rng.choice([1, 1, 1, 2])):  # sometimes a chain: a < b < c
        parts += [rng.choice(ops), _operand(rng, kind)]
    return " ".join(parts)


def sentence(rng: random.Random, depth: int = 0) -> str:
    """A condition of the grammar (names and types right, so most are accepted)."""
    roll = rng.random()
    if depth > 3 or roll < 0.4:
        return rng.choice(_BY_KIND["bool"]) if rng.random() < 0.15 else _comparison(rng)
    if roll < 0.55:
        return "not " + sentence(rng, depth + 1)
    if roll < 0.7:
        return f"({sentence(rng, depth + 1)})"
    joiner = rng.choice([" and ", " or "])
    return joiner.join(sentence(rng, depth + 1) for _ in range(rng.randint(2, 3)))


def near(rng: random.Random, text: str) -> str:
    """The same text, one step out of the grammar."""
    tokens = text.split(" ")
    i = rng.randrange(len(tokens))
    how = rng.randrange(6)
    if how == 0:
        del tokens[i]
    elif how == 1:
        tokens.insert(i, rng.choice(_NEAR))
    elif how == 2:
        tokens[i] = rng.choice(_NEAR)
    elif how == 3:
        j = rng.randrange(len(tokens))
        tokens[i], tokens[j] = tokens[j], tokens[i]
    elif how == 4:
        tokens.insert(i, tokens[i])
    else:
        return "".join(tokens)  # glued
    return " ".join(tokens)


def _contexts(rng: random.Random, count: int) -> list[dict[str, Any]]:
    return [{key: rng.choice(values) for key, (_, values) in _KINDS.items()} for _ in range(count)]


def _attempt(source: str) -> Condition | None:
    start = time.perf_counter()
    try:
        parse_condition(source)
        condition: Condition | None = compile_condition(source, NAMES)
    except ConditionError as err:
        assert 0 <= err.column <= max(len(source), 1000), (source, err)
        condition = None
    # anything but a ConditionError propagates and fails the test with the source in the trace
    elapsed = time.perf_counter() - start
    assert elapsed < PER_INPUT_S, f"{source!r} took {elapsed:.1f} s"
    return condition


def test_condition_grammar_fuzz() -> None:
    rng = random.Random(SEED)
    contexts = _contexts(rng, 12)
    start = time.perf_counter()
    accepted = round_tripped = refused_near = 0
    for _ in range(SENTENCES):
        source = sentence(rng)
        condition = _attempt(source)
        if condition is not None:
            accepted += 1
            shown = render(condition.tree)
            again = compile_condition(shown, NAMES)  # what lint and validate print must parse
            for ctx in contexts:
                assert again(ctx) == condition(ctx), (source, shown, ctx)
            round_tripped += 1
        if _attempt(near(rng, source)) is None:
            refused_near += 1
    elapsed = time.perf_counter() - start
    assert elapsed < TOTAL_S, f"{2 * SENTENCES} conditions took {elapsed:.1f} s"
    # the generator must keep exercising both sides; a silent drift to all-refused tests nothing
    assert accepted > SENTENCES * 0.8, accepted
    assert round_tripped > SENTENCES * 0.4, round_tripped
    assert refused_near > SENTENCES * 0.3, refused_near


@pytest.mark.parametrize(
    "source",
    [
        "not (has_draft and flag.prisoner_exchange)",
        'standing.cpa in ("signed",)',
        "trust.coordination == 1234567.5",
        "not (0 < trust.platform < 40) or not has_draft",
        "trust.platform in (12.5,) and trust.platform != 0.30000000000000004",
    ],
)
def test_render_keeps_the_meaning(source: str) -> None:
    condition = compile_condition(source, NAMES)
    shown = render(condition.tree)
    again = compile_condition(shown, NAMES)
    assert all(again(ctx) == condition(ctx) for ctx in _contexts(random.Random(0), 50)) and (
        source != "trust.coordination == 1234567.5" or "1234567.5" in shown
    )
