"""What was known at the start of a case: the sentences of a text that speak of nothing later
than the case's first day. The briefing shows those; the sentences about what came later
(a party's signature in 2015, a protest in 2016) wait for the debrief.

A sentence is later when it names a date after the start: a year after the start's year, a
month of the start's year after its month, or a day after the start. "July 2014" in a case
that starts on 14 July 2014 is known (the month has begun)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH = "|".join(m.capitalize() for m in _MONTHS)
#: "15 May 2015", "May 2015", "2015"; the day and month optional, the year always.
_DATE = re.compile(rf"\b(?:(?:(\d{{1,2}})\s+)?({_MONTH})\s+)?((?:19|20)\d\d)\b")
#: A sentence ends at . ! or ? followed by a space and a capital or a quote (not "Gen. El").
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“'(])")


@dataclass(frozen=True)
class Split:
    known: str  #: the sentences known at the start, as one text
    later: tuple[str, ...]  #: the sentences about what came later


def is_later(sentence: str, start: dt.date) -> bool:
    """Whether the sentence names a date after ``start``."""
    for day, month, year in _DATE.findall(sentence):
        y = int(year)
        if y != start.year:
            if y > start.year:
                return True
            continue
        if not month:
            continue
        m = _MONTHS.index(month.lower()) + 1
        if m > start.month or (m == start.month and day and int(day) > start.day):
            return True
    return False


def split_known(text: str, start: str | dt.date) -> Split:
    """The sentences of ``text`` known at ``start`` (an ISO date), and the later ones."""
    when = dt.date.fromisoformat(start) if isinstance(start, str) else start
    known: list[str] = []
    later: list[str] = []
    for sentence in _SENTENCE.split(text.strip()):
        (later if is_later(sentence, when) else known).append(sentence)
    return Split(" ".join(known), tuple(later))
