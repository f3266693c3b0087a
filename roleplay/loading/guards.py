"""Shape guards run before a file is parsed: a cheap linear scan that refuses, with the line
and a sentence, what would make the TOML parser, the models or the position index slow or
deep (issue 13): very long lines, keys of very many parts, deep nesting, too many items.

The scan skips strings and comments as whole tokens (one regular expression), so its
counts are those of the file's structure, not of its text. It is deliberately loose: a
file it lets through may still be malformed, and tomllib says where.
"""

from __future__ import annotations

import re

#: Far above any real case (the longest shipped line is under 1,000 characters).
MAX_LINE_CHARS = 20_000
#: Parts of one dotted key or table header (``a.b.c`` has three).
MAX_KEY_PARTS = 32
#: Arrays and inline tables inside one another.
MAX_NESTING = 32
#: Keys and array items in the whole file (the largest shipped case has about 5,000).
MAX_ITEMS = 50_000

_TOKENS = re.compile(
    r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""'  # multi-line basic string
    r"|'''.*?'''"  # multi-line literal string
    r'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # basic string
    r"|'[^'\n]*'"  # literal string
    r"|#[^\n]*"  # comment
    r"|[\[\]{}\n=,.]",  # structure
    re.DOTALL,
)


def shape_problem(text: str) -> tuple[int, str] | None:
    """The first line whose shape is refused, with why; None when the shape is fine."""
    for line, content in enumerate(text.split("\n"), start=1):
        if len(content) > MAX_LINE_CHARS:
            return line, f"a line longer than {MAX_LINE_CHARS:,} characters: break it up"
    line, depth, dots, items = 1, 0, 0, 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        first = token[0]
        if first == "\n":
            line, dots = line + 1, 0
        elif first in "\"'":
            line += token.count("\n")
        elif first == ".":
            dots += 1
            if dots >= MAX_KEY_PARTS:
                return line, f"a dotted key or table name of more than {MAX_KEY_PARTS} parts"
        elif first in "[{":
            depth, dots = depth + 1, 0
            if depth > MAX_NESTING:
                return line, f"arrays or inline tables nested more than {MAX_NESTING} deep"
        elif first in "]}":
            depth, dots = max(depth - 1, 0), 0
        elif first in "=,":
            items, dots = items + 1, 0
            if items > MAX_ITEMS:
                return line, f"more than {MAX_ITEMS:,} keys and items: not a case or persona"
    return None
