"""Building blocks shared by the case and persona formats."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

# Ids are used in dotted condition names (trust.coordination), so they must be identifiers.
Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=48),
    Field(description="Lower-case identifier: letters, digits and underscores, starting with a letter."),
]
SourceId = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=48),
    Field(description="Source identifier such as 'ipi-2017'."),
]
Score = Annotated[float, Field(ge=0, le=100, description="A value on the 0-100 scale.")]


def _pair(value: object) -> object:
    """A TOML array as the pair it stands for (strict validation takes tuples only)."""
    return tuple(value) if isinstance(value, list) else value


#: [low, high] on the 0-100 scale, written as a TOML array.
ScorePair = Annotated[tuple[Score, Score], BeforeValidator(_pair)]
Signal = Annotated[float, Field(ge=-1, le=1, description="A perceived-fairness signal in [-1, 1].")]
Share = Annotated[float, Field(ge=0, le=1, description="A share in [0, 1].")]


def _real_date(text: str) -> str:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a day of the calendar") from None
    return text


IsoDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    AfterValidator(_real_date),
    Field(description="A date as YYYY-MM-DD."),
]
#: A history step's date, as precise as the source gives it.
HISTORY_DATE_PATTERN = r"^\d{4}(-\d{2}){0,2}(/\d{1,2}(-\d{2})?)?$"
HistoryDate = Annotated[
    str,
    StringConstraints(pattern=HISTORY_DATE_PATTERN),
    Field(description="A date as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD; a span as 2015-06-05/19."),
]
ConditionText = Annotated[
    str,
    StringConstraints(max_length=1000),
    Field(
        description=(
            "A condition in the safe expression language, e.g. "
            "'trust.coordination >= 40 and phase == \"draft\"'. See docs/authoring.md."
        )
    ),
]


class Strict(BaseModel):
    """Base of every format model: unknown keys are errors, values are immutable."""

    # inf and nan are valid TOML floats but meaningless weights, scores or positions.
    # defer_build: validators are built at the first validation, not on import. A case read
    # from the cache (roleplay.loading.cache) is never validated again, so a game started
    # from it never builds them (~70 ms of start-up and several MiB).
    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_default=True, allow_inf_nan=False, strict=True, defer_build=True
    )


_CITATION = re.compile(r"^\s*([a-z0-9][a-z0-9-]*)\s+(.+?)\s*$", re.S)


class Citation(Strict):
    """Where a fact comes from: a declared source, a locator in it, and optionally a quote.

    In TOML either a table ``{ source = "ipi-2017", at = "§Phase I", quote = "..." }`` or the
    short string ``"ipi-2017 §Phase I"``.
    """

    source: SourceId
    at: str = Field(min_length=1, description="Page, section or paragraph, e.g. 'p.12' or '§Phase I'.")
    quote: str | None = Field(default=None, description="A short verbatim quote from the source.")

    def label(self) -> str:
        return f"{self.source} {self.at}"


def _citation_from_string(value: Any) -> Any:
    if isinstance(value, str):
        match = _CITATION.match(value)
        if not match:
            raise ValueError("a citation string reads '<source-id> <where>', e.g. 'ipi-2017 §Phase I'")
        return {"source": match.group(1), "at": match.group(2)}
    return value


#: The short form as the schema shows it: the source id, a space, then where in it.
_SHORT_CITATION = Annotated[
    str,
    StringConstraints(pattern=r"^\s*[a-z0-9][a-z0-9-]*\s+\S"),
    Field(description="'<source-id> <where>', e.g. 'ipi-2017 §Phase I'."),
]
CitationRef = Annotated[
    Citation, BeforeValidator(_citation_from_string, json_schema_input_type=_SHORT_CITATION | Citation)
]
Citations = Annotated[
    list[CitationRef],
    Field(description="Citations: each '<source-id> <where>' or a table with source, at, quote."),
]
