"""Tests for the safe condition language in roleplay.conditions."""

from __future__ import annotations

import pickle
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roleplay.conditions import (
    ALWAYS,
    And,
    Compare,
    ConditionError,
    Const,
    Lit,
    Name,
    Not,
    Or,
    Ref,
    Truth,
    ValueType,
    compile_condition,
    parse_condition,
)

PHASES = frozenset({"opening", "draft", "signing"})
STANDINGS = frozenset({"at_table", "signed", "walked_out"})


def _name(key: str, kind: ValueType, choices: frozenset[str] | None = None) -> Name:
    return Name(kind, lambda ctx: ctx[key], choices)


NAMES: dict[str, Name] = {
    "trust.coordination": _name("trust.coordination", "number"),
    "trust.platform": _name("trust.platform", "number"),
    "phase": _name("phase", "string", PHASES),
    "standing.platform": _name("standing.platform", "string", STANDINGS),
    "standing.cpa": _name("standing.cpa", "string", STANDINGS),
    "date": _name("date", "string"),
    "flag.prisoner_exchange": _name("flag.prisoner_exchange", "bool"),
    "has_draft": _name("has_draft", "bool"),
    "position.government.status": _name("position.government.status", "string"),
}

CTX: dict[str, Any] = {
    "trust.coordination": 45,
    "trust.platform": 12.5,
    "phase": "draft",
    "standing.platform": "at_table",
    "standing.cpa": "signed",
    "date": "2015-03-15",
    "flag.prisoner_exchange": True,
    "has_draft": False,
    "position.government.status": "firm",
}


def run(source: str, **overrides: Any) -> bool:
    return compile_condition(source, NAMES)({**CTX, **overrides})


def rejected(source: str, names: dict[str, Name] | None = None) -> ConditionError:
    with pytest.raises(ConditionError) as info:
        compile_condition(source, NAMES if names is None else names)
    return info.value


# --- acceptance and evaluation -----------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('trust.coordination >= 40 and phase == "draft" and not standing.platform == "walked_out"', True),
        ("trust.coordination >= 50", False),
        ("trust.coordination > 44.5", True),
        ("trust.platform < 12.5", False),
        ("trust.platform <= 12.5", True),
        ("trust.coordination != 45", False),
        ("trust.coordination > -5", True),
        ('standing.cpa in ("at_table", "signed")', True),
        ('standing.cpa not in ["at_table", "signed"]', False),
        ("trust.coordination in (1, 2, 45)", True),
        ("trust.coordination in ()", False),
        ('date >= "2015-03-01"', True),
        ('date < "2015-03-01"', False),
        ('position.government.status == "firm"', True),
        ("flag.prisoner_exchange", True),
        ("flag.prisoner_exchange and not has_draft", True),
        ("has_draft or trust.coordination < 0", False),
        ("has_draft == false", True),
        ("flag.prisoner_exchange != True", False),
        ("trust.coordination > trust.platform", True),
        ("40 <= trust.coordination", True),
        ("50 < trust.coordination", False),
        ('"draft" == phase', True),
        ("1 < 2", True),
        ('"a" in ("b",)', False),
        ('(trust.coordination > 40 or has_draft) and not (phase == "opening")', True),
        ("has_draft or has_draft or has_draft or flag.prisoner_exchange", True),
        ("has_draft and has_draft and has_draft and flag.prisoner_exchange", False),
        ('  phase == "draft"  ', True),  # leading whitespace is fine
        ('(phase == "draft" and\n   trust.coordination > 40)\n', True),  # multi-line TOML
        ('date == "#1" or date != "#"', True),  # '#' inside a string is text
    ],
)
def test_evaluates(source: str, expected: bool) -> None:
    assert run(source) is expected


def test_ir_shape() -> None:
    tree = parse_condition('trust.coordination >= 40 and phase == "draft" and not standing.platform == "x"')
    assert tree == And(
        (
            Compare(Ref("trust.coordination"), ">=", Lit(40)),
            Compare(Ref("phase"), "==", Lit("draft")),
            Not(Compare(Ref("standing.platform"), "==", Lit("x"))),
        )
    )
    assert parse_condition("a or b") == Or((Truth(Ref("a")), Truth(Ref("b"))))
    assert parse_condition('s in ("a", "b")') == Compare(Ref("s"), "in", ("a", "b"))
    assert parse_condition("n not in [-1.5, 2]") == Compare(Ref("n"), "not in", (-1.5, 2))


def test_condition_fields() -> None:
    cond = compile_condition("trust.coordination > 1 or (has_draft and trust.coordination < 0)", NAMES)
    assert cond.names == frozenset({"trust.coordination", "has_draft"})
    assert cond.source.startswith("trust.coordination")
    assert cond == compile_condition(cond.source, NAMES)


def test_short_circuit() -> None:
    def boom(ctx: Any) -> bool:
        raise AssertionError("should not be evaluated")

    names = {**NAMES, "boom": Name("bool", boom)}
    assert compile_condition("has_draft and boom", names)(CTX) is False
    assert compile_condition("flag.prisoner_exchange or boom", names)(CTX) is True


def test_evaluation_tracks_context() -> None:
    cond = compile_condition("trust.coordination >= 40 and not has_draft", NAMES)
    assert cond({**CTX, "trust.coordination": 40}) is True
    assert cond({**CTX, "trust.coordination": 39}) is False
    assert cond({**CTX, "has_draft": True}) is False


# --- true / false ---------------------------------------------------------------------------


def test_true_false_literals() -> None:
    assert parse_condition("true") == Const(True)
    assert parse_condition("False") == Const(False)
    assert parse_condition("has_draft == true") == Compare(Ref("has_draft"), "==", Lit(True))
    assert run("true") is True
    assert run("false") is False
    assert run("true and has_draft == false") is True
    assert compile_condition("true", {}).names == frozenset()


def test_true_can_be_shadowed_by_the_table() -> None:
    names = {"true": Name("bool", lambda ctx: ctx["t"])}
    cond = compile_condition("true", names)
    assert cond.tree == Truth(Ref("true"))
    assert cond({"t": False}) is False


def test_always() -> None:
    assert ALWAYS(None) is True
    assert ALWAYS.source == "true"
    assert ALWAYS.tree == Const(True)
    assert ALWAYS.names == frozenset()


# --- chained comparisons ------------------------------------------------------------------


def test_chained_comparison() -> None:
    assert parse_condition("0 < x <= 5") == And(
        (
            Compare(Lit(0), "<", Ref("x")),
            Compare(Ref("x"), "<=", Lit(5)),
        )
    )
    cond = compile_condition("0 < trust.coordination < 50", NAMES)
    assert cond({**CTX, "trust.coordination": 10}) is True
    assert cond({**CTX, "trust.coordination": 0}) is False
    assert cond({**CTX, "trust.coordination": 50}) is False
    assert run('"1" < date < "3" == "3"') is True


def test_chain_may_end_with_in() -> None:
    assert run('"a" < phase in ("draft", "signing")') is True
    err = rejected('phase in ("draft",) == "x"')
    assert err.column == 'phase in ("draft",) == "x"'.index("(")


# --- rejections ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "at", "fragment"),
    [
        ("has_draft and foo(1)", "foo", "function calls"),
        ("has_draft and ok[0] == 1", "ok[", "indexing"),
        ("trust.coordination + 1 > 2", "trust", "arithmetic"),
        ("trust.coordination > 2 ** 3", "2 **", "arithmetic"),
        ("has_draft and (lambda: 1)", "lambda", "lambda"),
        ("has_draft and [x for x in y]", "[x", "comprehension"),
        ('phase == f"d{1}"', 'f"', "f-strings"),
        ("has_draft and (x := 1)", "x :=", "':='"),
        ("1 if has_draft else 2", "1 if", "if-expressions"),
        ('phase == b"draft"', 'b"', "bytes"),
        ("has_draft == None", "None", "NoneType"),
        ("trust.coordination == 1j", "1j", "complex"),
        ('has_draft and "x".upper', '"x"', "'.' is only allowed"),
        ("has_draft and a.b().c", "a.b()", "function calls"),
        ("-trust.coordination > 1", "-trust", "'-' directly before a number"),
        ("trust.coordination > --1", "--1", "'-' directly before a number"),
        ("trust.coordination > +1", "+1", "'-' directly before a number"),
        ("trust.coordination > ~1", "~1", "'-' directly before a number"),
        ("has_draft == -True", "-True", "'-' directly before a number"),
        ("has_draft is True", "True", "'is' is not allowed"),
        ("phase in date", "date", "needs a literal list"),
        ('phase in ("draft")', '"draft"', "needs a literal list"),
        ('phase in ("draft", 1)', "1)", "mixes string and number"),
        ('phase in ("draft", date)', "date", "literal values"),
        ('phase == ("draft", "x")', '("draft"', "only follow 'in'"),
        ("(has_draft and has_draft) == true", "has_draft", "cannot be compared"),
        ('phase in {"draft"}', "{", "needs a literal list"),
        ("has_draft and {1: 2}", "{", "dicts"),
        ("has_draft and 5", "5", "not a condition"),
        ('"draft"', '"draft"', "not a condition"),
        ("phase in (*x,)", "*x", "'*'"),
    ],
)
def test_rejected(source: str, at: str, fragment: str) -> None:
    err = rejected(source)
    assert fragment in err.message
    assert err.column == source.index(at)
    with pytest.raises(ConditionError):  # the whitelist does not need the name table
        parse_condition(source)


@pytest.mark.parametrize(
    ("source", "column"),
    [
        ("trust.coordination >= ", 22),
        ("has_draft and and", 14),
        ("phase == 'unterminated", 9),
        ("(has_draft", 0),
        ("has_draft)", 9),
        ("has_draft ) or ( has_draft", 10),
        ("has_draft and\nhas_draft", 13),
    ],
)
def test_syntax_errors(source: str, column: int) -> None:
    err = rejected(source)
    assert err.column == column, err
    assert err.column <= len(source)


def test_syntax_error_column_counts_characters_not_bytes() -> None:
    source = 'date == "é" and foo()'
    err = rejected(source)
    assert err.column == source.index("foo")
    source = '(date == "é" and\n  foo())'
    assert rejected(source).column == source.index("foo")


@pytest.mark.parametrize("source", ["", "   ", "\n"])
def test_empty(source: str) -> None:
    assert "empty" in rejected(source).message


def test_too_long() -> None:
    source = " or ".join(["has_draft"] * 100)
    assert len(source) > 1000
    err = rejected(source)
    assert "longer than 1000" in err.message
    assert err.column == 1000


def test_too_many_nodes() -> None:
    source = " or ".join(["x == 1"] * 60)  # under 1000 characters, over 200 nodes
    assert len(source) <= 1000
    assert "too complex" in rejected(source).message


def test_deep_nesting_is_a_condition_error() -> None:
    for source in ["(" * 300 + "x" + ")" * 300, "not " * 240 + "x", "-" * 999 + "1"]:
        with pytest.raises(ConditionError):
            parse_condition(source)


def test_null_bytes_and_surrogates() -> None:
    for source in ["has_draft\x00", "\ud800"]:
        with pytest.raises(ConditionError):
            parse_condition(source)


# --- text that would run differently from how it reads ------------------------------------


@pytest.mark.parametrize(
    ("source", "at"),
    [
        ("trust.coordination > 40 # and has_draft", "#"),
        ("has_draft # or flag.prisoner_exchange", "#"),
        ("(has_draft #\n or flag.prisoner_exchange)", "#"),
        ("(has_draft or # )\n flag.prisoner_exchange)", "#"),  # also unbalanced once cut
        ('phase == "draft" #"', "#"),
    ],
)
def test_hash_is_refused_not_a_comment(source: str, at: str) -> None:
    err = rejected(source)
    assert err.message == "'#' is not part of the condition language"
    assert err.column == source.index(at)
    with pytest.raises(ConditionError, match="'#' is not part"):
        parse_condition(source)


@pytest.mark.parametrize(
    ("source", "name", "read_as"),
    [
        ("\uff54rust.coordination > 40", "\uff54rust", "trust"),  # fullwidth t
        ("trust.coordi\ufb01 > 40", "coordi\ufb01", "coordifi"),  # the fi ligature
        ("flag.prisoner_e\u0445change", "prisoner_e\u0445change", None),  # Cyrillic ha: NFKC-stable
        ("has_draft or \uff48as_draft", "\uff48as_draft", "has_draft"),  # would match the table
        ("(has_draft or\n  \U0001d42dx)", "\U0001d42dx", "tx"),  # mathematical bold t
    ],
)
def test_identifiers_must_be_plain_ascii(source: str, name: str, read_as: str | None) -> None:
    for attempt in (lambda: parse_condition(source), lambda: compile_condition(source, NAMES)):
        with pytest.raises(ConditionError) as info:
            attempt()
        err = info.value
        assert f"name {name!r} is not plain ASCII" in err.message
        assert err.column == source.index(name)
        assert (f"Python would read it as '{read_as}'" in err.message) == (read_as is not None)
    assert run('date == "\u00e9t\u00e9"', date="\u00e9t\u00e9")  # text in strings stays as it is


@pytest.mark.parametrize(
    ("source", "at", "hint"),
    [
        ('phase = "draft"', "=", "did you mean '=='?"),
        ("trust.coordination => 40", "=>", "did you mean '>='?"),
        ("trust.coordination =< 40", "=<", "did you mean '<='?"),
        ("trust.coordination <> 40", "<>", "did you mean '!='?"),
        ("trust.coordination === 40", "= 40", "did you mean '=='?"),
        ("has_draft && flag.prisoner_exchange", "&&", "use 'and'"),
        ("has_draft & flag.prisoner_exchange", "&", "use 'and'"),
        ("has_draft || flag.prisoner_exchange", "||", "use 'or'"),
        ("has_draft | flag.prisoner_exchange", "|", "use 'or'"),
        ("!has_draft", "!", "use 'not'"),
        ("has_draft and ! flag.prisoner_exchange", "!", "use 'not'"),
    ],
)
def test_operators_from_other_languages_get_a_hint(source: str, at: str, hint: str) -> None:
    err = rejected(source)
    assert hint in err.message, err
    assert err.column == source.index(at)


def test_non_finite_numbers_are_refused() -> None:
    for source, at in [("trust.coordination < 1e999", "1e999"), ("trust.coordination > -1e999", "1e999")]:
        err = rejected(source)
        assert "number too large" in err.message
        assert err.column == source.index(at)
    with pytest.raises(ConditionError, match="number too large"):
        parse_condition("trust.coordination in (1, 1e400)")
    assert run("trust.coordination < 1e300")


# --- attacks --------------------------------------------------------------------------------


def test_import_attack_runs_nothing(tmp_path: Path) -> None:
    sentinel = tmp_path / "pwned"
    source = f"__import__('os').system('touch {sentinel}')"
    start = time.perf_counter()
    err = rejected(source)
    assert time.perf_counter() - start < 2.0
    assert "function calls" in err.message
    assert err.column == 0
    with pytest.raises(ConditionError):
        parse_condition(source)
    assert not sentinel.exists()


def test_power_tower_is_not_evaluated() -> None:
    start = time.perf_counter()
    with pytest.raises(ConditionError, match="arithmetic"):
        parse_condition("9**9**9**9")
    with pytest.raises(ConditionError, match="arithmetic"):
        compile_condition("trust.coordination > 9**9**9**9", NAMES)
    assert time.perf_counter() - start < 2.0


# --- names, types, choices ---------------------------------------------------------------


def test_unknown_name_suggests_closest() -> None:
    source = "has_draft and trust.cordination > 3"
    err = rejected(source)
    assert "unknown name 'trust.cordination'" in err.message
    assert "did you mean 'trust.coordination'?" in err.message
    assert err.column == source.index("trust")


def test_unknown_name_without_suggestion() -> None:
    err = rejected("zzzzzz")
    assert err.message == "unknown name 'zzzzzz'"


def test_partial_dotted_name_is_unknown() -> None:
    assert rejected("trust > 3").message == (
        "unknown name 'trust'; did you mean 'trust.coordination' or 'trust.platform'?"
    )


def test_parse_without_table_accepts_any_name() -> None:
    assert parse_condition("anything.at.all > 3") == Compare(Ref("anything.at.all"), ">", Lit(3))


@pytest.mark.parametrize(
    ("source", "at", "fragment"),
    [
        ('trust.coordination >= "40"', '"40"', "cannot compare trust.coordination (number)"),
        ("phase == 3", "3", "with 3 (number)"),
        ("has_draft == 1", "1", "(bool) with 1 (number)"),
        ("trust.coordination == true", "true", "with true (bool)"),
        ("trust.coordination == phase", "phase", "phase (string)"),
        ('trust.coordination in ("1", "2")', '"1"', "with '1' (string)"),
        ('1 == "1"', '"1"', "cannot compare 1"),
        ("has_draft < true", "has_draft", "'<' needs numbers or strings"),
        ("trust.coordination < true", "true", "'<' needs numbers or strings"),
        ("trust.coordination", "trust", "is a number, not a condition"),
        ("has_draft and not phase", "phase", "is a string, not a condition"),
    ],
)
def test_type_errors(source: str, at: str, fragment: str) -> None:
    err = rejected(source)
    assert fragment in err.message, err.message
    assert err.column == source.index(at)


def test_literal_type_errors_without_table() -> None:
    with pytest.raises(ConditionError, match="mixes number and string"):
        parse_condition('x in (1, "a")')
    with pytest.raises(ConditionError, match="cannot compare"):
        parse_condition('x == 1 == "a"')
    with pytest.raises(ConditionError, match="needs numbers or strings"):
        parse_condition("true < false")


@pytest.mark.parametrize(
    ("source", "at"),
    [
        ('standing.platform == "walkedout"', '"walkedout"'),
        ('"walkedout" != standing.platform', '"walkedout"'),
        ('standing.cpa in ("at_table", "sigend")', '"sigend"'),
        ('standing.cpa not in ["nope"]', '"nope"'),
        ('has_draft or phase == "drafting"', '"drafting"'),
    ],
)
def test_choices(source: str, at: str) -> None:
    err = rejected(source)
    assert err.message.startswith("unknown value '")
    assert "expected one of: " in err.message
    assert err.column == source.index(at)


def test_choices_message() -> None:
    err = rejected('standing.platform == "walkedout"')
    assert err.message == (
        "unknown value 'walkedout' for standing.platform; expected one of: at_table, signed, walked_out"
    )


def test_choices_do_not_restrict_ordering_or_unconstrained_names() -> None:
    assert run('phase > "a"') is True
    assert run('position.government.status != "anything"') is True


def test_error_is_a_value_error_with_column() -> None:
    err = ConditionError("bad", 7)
    assert isinstance(err, ValueError)
    assert (err.message, err.column) == ("bad", 7)
    assert "bad" in str(err)
    assert ConditionError("x").column == 0
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.message, copy.column) == ("bad", 7)


def test_multi_line_without_parentheses_gets_a_hint() -> None:
    err = rejected('phase == "draft" and\n  has_draft')
    assert "wrap multi-line conditions in (...)" in err.message


# --- robustness -------------------------------------------------------------------------------

TOKENS = [
    "x",
    "has_draft",
    "trust.coordination",
    "phase",
    "standing.cpa",
    "true",
    "false",
    "True",
    "None",
    "1",
    "-2",
    "3.5",
    "'draft'",
    '"at_table"',
    "and",
    "or",
    "not",
    "in",
    "is",
    "==",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "(",
    ")",
    "[",
    "]",
    ",",
    ".",
    "-",
    "+",
    "*",
    "**",
    "lambda",
    ":",
    ":=",
    "if",
    "else",
    "f'{x}'",
    "b'x'",
    "\n",
    "#",
    "\\",
    "\x00",
    "é",
]


def _never_crashes(source: str) -> None:
    for attempt in (lambda: parse_condition(source), lambda: compile_condition(source, NAMES)):
        try:
            attempt()
        except ConditionError as err:
            assert 0 <= err.column <= max(len(source), 1000)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_only_raises_condition_error(source: str) -> None:
    _never_crashes(source)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join))
def test_token_soup_only_raises_condition_error(source: str) -> None:
    _never_crashes(source)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=20).map("".join))
def test_glued_tokens_only_raise_condition_error(source: str) -> None:
    _never_crashes(source)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(-1000, 1000),
    st.sampled_from(["==", "!=", "<", "<=", ">", ">="]),
    st.integers(-1000, 1000),
)
def test_numeric_comparison_matches_python(value: int, op: str, literal: int) -> None:
    cond = compile_condition(f"trust.coordination {op} {literal}", NAMES)
    flipped = compile_condition(f"{literal} {op} trust.coordination", NAMES)
    expected = {
        "==": value == literal,
        "!=": value != literal,
        "<": value < literal,
        "<=": value <= literal,
        ">": value > literal,
        ">=": value >= literal,
    }[op]
    assert cond({**CTX, "trust.coordination": value}) is expected
    reverse = {
        "==": literal == value,
        "!=": literal != value,
        "<": literal < value,
        "<=": literal <= value,
        ">": literal > value,
        ">=": literal >= value,
    }[op]
    assert flipped({**CTX, "trust.coordination": value}) is reverse
