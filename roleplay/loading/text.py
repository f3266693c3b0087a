"""What the loader reads in a file's text itself: where a decoded string's characters are in
the file, and the TOML mistakes a parser's message does not explain."""

from __future__ import annotations

import re

_HEADER = re.compile(r"^[ \t]*(\[\[?)[ \t]*([A-Za-z0-9_.\- ]+?)[ \t]*\]\]?[ \t]*(#.*)?$")


def table_and_list(text: str) -> tuple[int, int, str] | None:
    """A name written both as [name] (one table) and as [[name]] (a list of tables): the TOML
    error says only "cannot overwrite a value", at the second; say what to write, at the [name]."""
    single: dict[str, int] = {}
    many: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        match = _HEADER.match(line)
        if match:
            (many if match.group(1) == "[[" else single).setdefault(match.group(2), number)
    for name, number in single.items():
        if name in many:
            return (
                number,
                1,
                f"[{name}] is one table, but [[{name}]] (line {many[name]}) makes a list of them: "
                f"write [[{name}]] here too",
            )
    return None


def raw_offset(line: str, start: int, decoded: int) -> int:
    """Characters of the file between a string's start and its ``decoded``-th character:
    an escape such as \\" or \\u00e9 takes several characters in the file but one in the value."""
    literal = start > 0 and line[start - 1] == "'"
    index = start
    for _ in range(decoded):
        if index >= len(line):
            break
        if not literal and line[index] == "\\":
            following = line[index + 1 : index + 2]
            index += {"u": 6, "U": 10}.get(following, 2)
        else:
            index += 1
    return index - start
