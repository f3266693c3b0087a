"""Hostile team names and class messages (issue 13), and what must never come out of one.

`hostile_name(rng)` joins one to five fragments of the kinds a room of trainees can type or
paste: Rich and Textual markup, Markdown and HTML, line breaks of every kind, terminal escape
sequences (CSI, OSC titles and links, C1 controls), spreadsheet formula starters, bidi
controls, zero-width characters, look-alike letters, lone surrogates (a command-line argument
in bytes that are not UTF-8), emoji and combining marks, and very long runs of any of them.
benchmarks/fuzz_names.py pushes them through every output; the checks are here.
"""

from __future__ import annotations

import random
import re

MARKUP = [
    "[/]",
    "[@click=app.quit]x[/]",
    "[@click=screen.dismiss]y[/]",
    "[b]",
    "[/b]",
    "[bold red]",
    "[link=http://h/x]x[/link]",
    "[link=http://h]",
    "[",
    "]",
    "\\[",
    "[x]",
    ":smile:",
    "[on red]",
    "[reverse]",
    "[/link]",
]
MARKDOWN = [
    "[x](http://h)",
    "![t](http://h/p.png)",
    "[x][1]\n\n[1]: http://h",
    "<http://h>",
    "# heading",
    "## h2",
    "| a | b |",
    "|---|---|",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href='http://h'>x</a>",
    "<iframe src=http://h>",
    "<!-- c -->",
    "**b**",
    "_i_",
    "`c`",
    "```",
    "> q",
    "- item",
    "1. item",
    "&amp;",
    "&#60;script&#62;",
    "\\",
    "~~s~~",
    "---",
    "===",
    "*",
    "|",
    "javascript:alert(1)",
]
BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085", "\v", "\f", "\x1c", "\x1e", "\n# injected\n"]
ESCAPES = [
    "\x1b[2J",
    "\x1b[H",
    "\x1b]0;title\x07",
    "\x1b]2;title\x1b\\",
    "\x1b]8;;http://h\x1b\\x\x1b]8;;\x1b\\",
    "\x9b2J",
    "\x9d0;t\x9c",
    "\x1bc",
    "\x1b[31m",
    "\x1bP+q\x1b\\",
    "\x07",
    "\x08",
    "\x7f",
    "\x00",
    "\x1b",
    "\x85",
    "\x90",
]
FORMULAS = ["=", "+", "-", "@", "\t", "\r", '=HYPERLINK("http://h","x")', "=1+1", "+cmd|' /C calc'!A0", "-2+3"]
FORMULAS += ["@SUM(A1)", "\t=1", "\r=1", "=cmd|'/c calc'!A1", "＝1"]
BIDI = ["\u202e", "\u202d", "\u202a", "\u202b", "\u202c", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]
BIDI += ["\u061c"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad", "\u180e", "\u3000", "\u00a0", "\u2800"]
CONFUSABLES = ["а", "е", "о", "р", "с", "ѕ", "α", "ο", "ı", "ℓ", "Ａ", "ﬁ", "①", "𝐀", "ᴀ", "Ⓐ"]
SURROGATES = ["\ud800", "\udfff", "\udcff", "\udc80"]
OTHER = ["🙂", "👨\u200d👩\u200d👧", "🏳️\u200d🌈", "e\u0301", "a" + "\u0300" * 30, "Z̷̢̛͓a̸l̵g̷o̴", "\U0010ffff", "\ufffd"]
OTHER += ["\uffff", "東京", "مرحبا", "עברית", "Ελληνικά", "'", '"', "%s", "{0}", "${x}", "%n", "NULL", "' OR 1=1 --"]
WORDS = ["Team", "Les Bleus", "équipe 7", "Blue", "A", "x", "Mediators", "7", " ", "  "]
KINDS = [MARKUP, MARKDOWN, BREAKS, ESCAPES, FORMULAS, BIDI, INVISIBLE, CONFUSABLES, SURROGATES, OTHER, WORDS]
#: How often each kind is drawn: surrogates are refused at once, so rarely.
WEIGHTS = [5, 5, 3, 4, 3, 2, 2, 2, 0.4, 3, 6]


def hostile_name(rng: random.Random) -> str:
    """One to five fragments, sometimes a fragment repeated hundreds of times."""
    parts = []
    for _ in range(rng.choice((1, 1, 2, 2, 3, 3, 4, 5))):
        kind = rng.choices(KINDS, WEIGHTS)[0]
        parts.append(rng.choice(kind))
    if rng.random() < 0.03:  # very long: a pasted page, or a fragment held down
        parts.append(rng.choice(parts) * rng.choice((50, 500, 5000)))
    rng.shuffle(parts)
    return "".join(parts)


def hostile_message(rng: random.Random) -> str:
    """A message of the instructor's: the same fragments, longer, with words between them."""
    return " ".join(hostile_name(rng) for _ in range(rng.randint(1, 4)))


#: Control characters (C0 but tab and newline, DEL, C1), bidi embeddings, overrides and
#: isolates, and the Unicode line and paragraph separators: what must never reach a terminal
#: or a page from a typed text.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: The same, newline and tab too: for what is one line (a cell, a header).
UNSAFE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
#: Tags a report page may hold: anything else (a, img, script, iframe...) came from a text.
PAGE_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "section", "svg", "text", "rect", "line"}
PAGE_TAGS |= {"polyline", "h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "strong"}
#: Attributes that load or run something.
PAGE_ATTRIBUTES = re.compile(r"(href|src|on\w+|style|xlink:href|action|formaction)$", re.IGNORECASE)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def unsafe(text: str, *, line: bool = False) -> list[str]:
    """The characters of ``text`` that must not reach an output, as escapes ('\\x1b')."""
    found = (UNSAFE_LINE if line else UNSAFE).findall(text)
    return sorted({char.encode("unicode_escape", "backslashreplace").decode() for char in found})
