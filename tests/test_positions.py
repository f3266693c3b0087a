from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from roleplay.loading.positions import Path_, Position, PositionIndex


def P(line: int, column: int) -> Position:
    return Position(line, column)


def test_top_level_pairs_and_strings() -> None:
    idx = PositionIndex.build("title = \"Algiers\"\n  count   =  3\nlit = 'x'\n")
    assert idx.key(("title",)) == P(1, 1)
    assert idx.value(("title",)) == P(1, 9)
    assert idx.string_value_start(("title",)) == P(1, 10)
    assert idx.key(("count",)) == P(2, 3)
    assert idx.value(("count",)) == P(2, 14)
    assert idx.string_value_start(("count",)) is None
    assert idx.string_value_start(("lit",)) == P(3, 8)
    assert idx.key(("missing",)) is None and idx.value(("missing",)) is None


def test_quoted_keys() -> None:
    idx = PositionIndex.build('"a b" = 1\n\'x\' = 2\n"k\\u00e9\\"q" = 3\n\'lit\\n\' = 4\n"" = 5\n')
    assert idx.key(("a b",)) == P(1, 1)
    assert idx.value(("x",)) == P(2, 7)
    assert idx.value(('ké"q',)) == P(3, 16)
    assert idx.value(("lit\\n",)) == P(4, 11)
    assert idx.value(("",)) == P(5, 6)


def test_tables_and_dotted_keys() -> None:
    text = '[table]\nx = 1\n\n[a.b]\nc.d = 2\n[ a . "e f" ]\ny = 3\n'
    idx = PositionIndex.build(text)
    assert idx.key(("table",)) == idx.value(("table",)) == P(1, 1)
    assert idx.value(("table", "x")) == P(2, 5)
    assert idx.value(("a", "b")) == P(4, 1)
    assert idx.value(("a",)) == P(4, 1)  # implicit table: its first header
    assert idx.key(("a", "b", "c")) == P(5, 1)
    assert idx.key(("a", "b", "c", "d")) == P(5, 3)
    assert idx.value(("a", "b", "c", "d")) == P(5, 7)
    assert idx.value(("a", "e f", "y")) == P(7, 5)


def test_arrays_of_tables_counted_per_parent() -> None:
    lines = []
    for m in range(4):
        lines += ["[[moves]]", f'id = "m{m}"']
        for k in range(m % 3 + 1):
            lines += ["[[moves.outcomes]]", f"k = {k}", "[moves.outcomes.extra]", "z = 1"]
    idx = PositionIndex.build("\n".join(lines) + "\n")
    assert tomllib.loads("\n".join(lines))["moves"][2]["outcomes"][1]["extra"]["z"] == 1
    header = lines.index('id = "m3"')  # 0-based row of the 4th [[moves]] is header - 1
    assert idx.key(("moves",)) == P(1, 1)
    assert idx.key(("moves", 3)) == idx.value(("moves", 3)) == P(header, 1)
    assert idx.value(("moves", 3, "id")) == P(header + 1, 6)
    assert idx.key(("moves", 3, "outcomes", 0)) == P(header + 2, 1)
    assert idx.value(("moves", 3, "outcomes", 0, "k")) == P(header + 3, 5)
    assert idx.value(("moves", 3, "outcomes", 0, "extra", "z")) == P(header + 5, 5)
    assert idx.key(("moves", 3, "outcomes", 1)) is None  # moves[3] has exactly 1 outcome
    assert idx.value(("moves", 2, "outcomes", 1, "k")) is not None
    assert idx.key(("moves", 0, "outcomes", 1)) is None


def test_inline_tables_and_arrays() -> None:
    text = 'effects = [{kind = "trust", delta = 2}, {kind = "x", d.e = [1, [2, 3]]}]\n'
    idx = PositionIndex.build(text)
    assert idx.value(("effects",)) == P(1, 11)
    assert idx.key(("effects", 0)) == idx.value(("effects", 0)) == P(1, 12)
    assert idx.key(("effects", 0, "delta")) == P(1, 29)
    assert idx.value(("effects", 0, "delta")) == P(1, 37)
    assert idx.string_value_start(("effects", 1, "kind")) == P(1, 50)
    assert idx.value(("effects", 1, "d", "e", 1, 1)) == P(1, 68)
    assert idx.value(("effects", 2)) is None


def test_array_comments_and_multiline() -> None:
    idx = PositionIndex.build("xs = [ # first\n  1,\n  # skipped\n  2,\n]\n")
    assert idx.value(("xs", 0)) == P(2, 3)
    assert idx.value(("xs", 1)) == P(4, 3)
    assert idx.value(("xs", 2)) is None


def test_multiline_strings_are_opaque() -> None:
    idx = PositionIndex.build("s = \"\"\"\nx = 1\n[t]\n\"\"\"\nl = '''\ny = 2'''\nz = 3\n")
    assert idx.value(("s",)) == P(1, 5)
    assert idx.string_value_start(("s",)) is None
    for path in [("x",), ("t",), ("t", "x"), ("y",)]:
        assert idx.key(path) is None
    assert idx.value(("z",)) == P(7, 5)


def test_columns_count_characters_not_bytes() -> None:
    line = 'm = { name = "Ménaka “chef”", delta = 2, "Kidal é" = \'ü\' }'
    idx = PositionIndex.build("# ñ\r\n" + line + "\r\n")
    assert idx.key(("m", "delta")) == P(2, line.index("delta") + 1)
    assert idx.value(("m", "delta")) == P(2, line.index("2") + 1)
    assert idx.key(("m", "Kidal é")) == P(2, line.index('"Kidal') + 1)
    assert idx.string_value_start(("m", "Kidal é")) == P(2, line.index("ü") + 1)
    assert idx.string_value_start(("m", "name")) == P(2, line.index("Ménaka") + 1)


def test_invalid_toml_indexes_what_parses() -> None:
    idx = PositionIndex.build("[t]\na = 1\nb = \nc = = 2\n[u]\ne = 3\n")
    assert idx.value(("t", "a")) == P(2, 5)
    assert idx.key(("t", "b")) is None
    assert idx.value(("u", "e")) == P(6, 5)
    junk = [
        "",
        "[[",
        "= = =",
        "a = {",
        "d = [1, 2\n[u]\ne = 3",
        "\x00\ufffd[[x]]]]",
        "a = [" * 3000,
    ]
    for text in junk:
        PositionIndex.build(text)


def test_locate_uses_longest_known_prefix() -> None:
    idx = PositionIndex.build("[[moves]]\nname = 'x'\n[[moves]]\neffects = [{ delta = 2 }]\n")
    assert idx.locate(("moves", 1, "effects", 0, "delta")) == P(4, 22)
    assert idx.locate(("moves", 1, "effects", 0, "kind")) == P(4, 12)
    assert idx.locate(("moves", 1, "cost")) == P(3, 1)
    assert idx.locate(("nowhere", 0)) == P(1, 1)
    assert idx.locate(()) == P(1, 1)


def _strict(text: str) -> PositionIndex:
    """Like build() but without the safety net, so a bug shows up as an exception."""
    idx = PositionIndex(text.encode("utf-8", errors="surrogatepass"))
    idx._index(text.encode("utf-8", errors="surrogatepass"))
    return idx


@settings(max_examples=300)
@given(st.text() | st.binary().map(lambda b: b.decode("utf-8", errors="replace")))
def test_build_never_raises(text: str) -> None:
    _strict(text)
    PositionIndex.build(text)


FRAGMENTS = ["[a]", "[[a]]", "[[a.b]]", "x = 1", 'y = "é"', '"', '"""', "'''", "{", "}", "["]
FRAGMENTS += ["]", ",", ".", "=", "z.w = [", "# c", "\\u", "\r"]


@settings(max_examples=200)
@given(st.lists(st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["", " ", "\n"]))))
def test_build_never_raises_on_toml_fragments(parts: list[tuple[str, str]]) -> None:
    _strict("".join(f + sep for f, sep in parts))


# -- round trip: serialise a generated document, every leaf must be found -----------------

KEY = st.text(st.sampled_from("abcxyz_-é ñ"), min_size=1, max_size=5)
SCALAR = st.integers(-1000, 1000) | st.booleans() | st.text(st.sampled_from("ab \"\\“é'#="))
LEAF = SCALAR | st.lists(SCALAR, max_size=3)
DOC = st.recursive(
    st.dictionaries(KEY, LEAF, max_size=3),
    lambda inner: st.dictionaries(KEY, LEAF | inner | st.lists(inner, min_size=1, max_size=3), max_size=4),
    max_leaves=15,
)


def _key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k, ensure_ascii=False)


def _scalar(v: Any) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(_scalar(x) for x in v) + "]"
    return ("true" if v else "false") if isinstance(v, bool) else json.dumps(v, ensure_ascii=False)


def _is_aot(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def _dump(doc: dict[str, Any], prefix: tuple[str, ...], out: list[str]) -> None:
    items = sorted(doc.items(), key=lambda kv: isinstance(kv[1], dict) + 2 * _is_aot(kv[1]))
    for k, v in items:
        header = ".".join(_key(p) for p in (*prefix, k))
        if isinstance(v, dict):
            out.append(f"[{header}]")
            _dump(v, (*prefix, k), out)
        elif _is_aot(v):
            for element in v:
                out.append(f"[[{header}]]")
                _dump(element, (*prefix, k), out)
        else:
            out.append(f"{_key(k)} = {_scalar(v)}")


def _leaves(doc: Any, path: Path_) -> list[tuple[Path_, Any]]:
    if isinstance(doc, dict):
        return [leaf for k, v in doc.items() for leaf in _leaves(v, (*path, k))]
    if _is_aot(doc) or isinstance(doc, list):
        return [leaf for i, v in enumerate(doc) for leaf in _leaves(v, (*path, i))]
    return [(path, doc)]


@settings(max_examples=200)
@given(DOC)
def test_every_leaf_is_found(doc: dict[str, Any]) -> None:
    out: list[str] = []
    _dump(doc, (), out)
    text = "\n".join(out) + "\n"
    assert tomllib.loads(text) == doc
    lines = text.split("\n")
    idx = _strict(text)
    for path, value in _leaves(doc, ()):
        name = next(p for p in reversed(path) if isinstance(p, str))
        pos = idx.value(path)
        assert pos is not None, path
        assert lines[pos.line - 1][pos.column - 1 :].startswith(_scalar(value)), path
        assert _key(name) in lines[pos.line - 1]
        if not isinstance(path[-1], int):
            key = idx.key(path)
            assert key is not None and lines[key.line - 1][key.column - 1 :].startswith(_key(name))
