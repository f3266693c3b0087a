"""A validation error of the case or persona format, in the words an author reads: unknown
keys, missing ones, effect kinds, patterns said in words, a table written as a list."""

from __future__ import annotations

from typing import Any

from roleplay.model.common import HISTORY_DATE_PATTERN

#: The format's patterns in words (an author should not have to read a regular expression).
PATTERN_WORDS = {
    r"^[a-z][a-z0-9_]*$": "an id: lower-case letters, digits and underscores, starting with a letter",
    r"^[a-z0-9][a-z0-9-]*$": "a source id: lower-case letters, digits and hyphens, e.g. 'ipi-2017'",
    r"^\d{4}-\d{2}-\d{2}$": "a date written YYYY-MM-DD, e.g. '2014-07-14'",
    HISTORY_DATE_PATTERN: "a date written YYYY, YYYY-MM or YYYY-MM-DD (a span: '2015-06-05/19')",
}


def message(error: Any) -> str:
    kind, loc = error["type"], error["loc"]
    if kind == "extra_forbidden":
        return f"unknown key '{loc[-1]}'"
    if kind == "missing":
        return "required but missing"
    if kind == "union_tag_invalid":
        return f"unknown kind {error['input'].get('kind')!r}; expected one of: {error['ctx']['expected_tags']}"
    if kind == "union_tag_not_found":
        return "needs a 'kind'"
    if kind in ("model_type", "dict_type") and isinstance(error["input"], list):
        name = loc[-1] if loc else "table"
        return f"is one table: write [{name}], not [[{name}]] (that makes a list of tables)"
    if kind == "list_type" and isinstance(error["input"], str):
        return f"needs a list, e.g. [{error['input']!r}], not a single text"
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} is not {PATTERN_WORDS.get(error['ctx']['pattern'], 'in the expected form')}"
    message: str = error["msg"]
    return message.removeprefix("Value error, ")
