"""Team names: what a team typed, shown as typed (minus invisible controls), and the key under
which two names are the same team (Unicode NFKC, case-folded, spaces collapsed, invisible
format characters removed, Cyrillic and Greek letters that look Latin read as Latin)."""

from __future__ import annotations

import unicodedata

from roleplay.classroom.store.base import StoreError

#: The longest team name, in characters (as shown).
MAX_TEAM_NAME = 40

#: Letters that look like Latin ones, read as those (after case folding): a name typed with a
#: Cyrillic "а" is the same team as the one typed with a Latin "a".
CONFUSABLES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "һ": "h", "і": "i", "ї": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
        "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ь": "b",
        # Greek
        "α": "a", "β": "b", "γ": "y", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k", "μ": "m",
        "ν": "n", "ο": "o", "ρ": "p", "σ": "o", "ς": "c", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c",
        # Latin look-alikes
        "ı": "i", "ȷ": "j", "ℓ": "l",
    }
)  # fmt: skip


#: What a store says of a text that is not valid Unicode (a lone surrogate: a command-line
#: argument in bytes that are not UTF-8), instead of the database driver's UnicodeEncodeError.
NOT_TEXT = "is not valid text (bytes that are not UTF-8: type it again, or set a UTF-8 locale)"


def _visible(text: str) -> str:
    """``text`` without format characters (bidi marks, zero-width joiners: category Cf) and
    control characters (Cc), tabs and line breaks (U+2028 and U+2029 too) read as spaces."""
    out = []
    for char in text:
        category = unicodedata.category(char)
        if category == "Cf":
            continue
        if category in ("Zl", "Zp"):
            out.append(" ")
            continue
        if category == "Cc":
            if char in "\t\n\r\v\f\x1c\x1d\x1e\x1f\x85":
                out.append(" ")
            continue
        out.append(char)
    return "".join(out)


def display_name(typed: str) -> str:
    """The name as the team typed it, without invisible characters or surrounding spaces."""
    return _visible(typed).strip()


def team_key(name: str) -> str:
    """The comparison key: two names with the same key are the same team."""
    text = _visible(unicodedata.normalize("NFKC", name)).casefold()
    text = unicodedata.normalize("NFKC", text).translate(CONFUSABLES)
    return " ".join(text.split())


def checked_name(typed: str) -> tuple[str, str]:
    """The name to show and its key; a name with nothing visible, or too long, is refused."""
    if any(unicodedata.category(char) == "Cs" for char in typed):
        raise StoreError(f"the team name {NOT_TEXT}")
    shown = display_name(typed)
    key = team_key(shown)
    if not key:
        raise StoreError("a team needs a name with at least one visible character")
    if len(shown) > MAX_TEAM_NAME:
        raise StoreError(f"a team name has at most {MAX_TEAM_NAME} characters (this one has {len(shown)})")
    return shown, key


def find_team(rows: list[tuple[str, str | None]], key: str) -> tuple[str, str | None] | None:
    """The (name, token hash) row of the team whose name has ``key``, if any."""
    return next((row for row in rows if team_key(row[0]) == key), None)
