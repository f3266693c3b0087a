"""The transcript and save format: JSON Lines, one record per line.

A file written by this version first says how many records it holds (a ``transcript``
line: a save cut short, even at a record boundary, is refused); files written before it
have no such line and are still read. A transcript starts with a ``start`` record; each
trainee input adds a ``turn`` (a move), a ``choice`` (a response to a crisis) or an
``inject`` (an instructor's event) record. A save *is* a transcript. The records are
TypedDicts: the engine builds them as plain dicts at no cost on its hot path, mypy checks
every key that is read, and pydantic validates them when a file is read (roleplay.storage)
and writes their JSON Schema (docs/schema/transcript.json). Every number must be finite.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal, NotRequired

from pydantic import AllowInfNan, ConfigDict, Field, TypeAdapter, with_config
from typing_extensions import TypedDict  # pydantic reads TypedDicts from here before 3.12

Finite = Annotated[float, AllowInfNan(False)]
#: A number as written: whole numbers stay whole (a record reads back byte for byte).
Number = int | Finite
#: A value as it changed: a number (two decimals), a phase or standing, or a flag.
Value = bool | int | Finite | str
#: A record holds exactly its fields: a key the engine never writes means the file was edited.
_STRICT = ConfigDict(extra="forbid")


@with_config(_STRICT)
class Line(TypedDict):
    """One line of the story: who speaks ('narrator', 'event' or a party id) and what."""

    speaker: str
    text: str
    note: NotRequired[str]


@with_config(_STRICT)
class CauseRecord(TypedDict):
    """One contribution to a change: ``by`` names its source ('move:shuttle', 'rule:exclusion')."""

    by: str
    label: str
    amount: NotRequired[Number]
    note: NotRequired[str]


#: A value's change over one turn with every cause that contributed ('from' is a keyword).
ChangeRecord = TypedDict(
    "ChangeRecord",
    {"value": str, "from": Value, "to": Value, "causes": list[CauseRecord]},
)
ChangeRecord.__pydantic_config__ = _STRICT  # type: ignore[attr-defined]


@with_config(_STRICT)
class PriorParty(TypedDict):
    """A party as the earlier case left it (ownership and duress: from 2026-12 on)."""

    trust: Number
    relations: dict[str, Number]
    ownership: NotRequired[Number]
    duress: NotRequired[Number]


@with_config(_STRICT)
class Prior(TypedDict):
    """How the earlier case of a carry-over ended: what the later case starts from."""

    case: str
    ending: str | None
    parties: dict[str, PriorParty]
    ending_title: NotRequired[str]
    inclusion: NotRequired[Number]


@with_config(_STRICT)
class StartRecord(TypedDict):
    """The first record: which engine, case (file and SHA-256) and seed made the transcript."""

    type: Literal["start"]
    engine: str
    case: str
    case_file: str
    case_sha256: str
    seed: int
    date: str
    phase: str
    prior: NotRequired[Prior]
    lines: NotRequired[list[Line]]
    changes: NotRequired[list[ChangeRecord]]


@with_config(_STRICT)
class TurnRecord(TypedDict):
    """A move: what was played, the outcome drawn (with every outcome's chance), and after it
    the date, phase, story lines, events fired, changes with causes, any crisis waiting for
    a response and the ending if the talks ended."""

    type: Literal["turn"]
    turn: int
    move: str
    target: str | None
    outcome: str | None
    chances: NotRequired[dict[str, Number]]
    date: NotRequired[str]
    phase: NotRequired[str]
    lines: NotRequired[list[Line]]
    events: NotRequired[list[str]]
    changes: NotRequired[list[ChangeRecord]]
    pending: NotRequired[str | None]
    ending: NotRequired[str | None]


@with_config(_STRICT)
class ChoiceRecord(TypedDict):
    """A response to a crisis, with the same consequences as a turn."""

    type: Literal["choice"]
    turn: int
    event: str
    choice: str
    date: NotRequired[str]
    phase: NotRequired[str]
    lines: NotRequired[list[Line]]
    events: NotRequired[list[str]]
    changes: NotRequired[list[ChangeRecord]]
    pending: NotRequired[str | None]
    ending: NotRequired[str | None]


@with_config(_STRICT)
class InjectRecord(TypedDict):
    """An instructor's event, delivered at the end of the team's next input."""

    type: Literal["inject"]
    turn: int
    event: str


@with_config(_STRICT)
class CountLine(TypedDict):
    """The first line of a file: how many records follow, so that a copy cut short is refused
    (a final line would be lost by the very cut it should reveal). Not a record of the game:
    files written before it have none, and are read without the check."""

    type: Literal["transcript"]
    records: Annotated[int, Field(ge=1)]


#: Any record after the start record.
ActionRecord = Annotated[TurnRecord | ChoiceRecord | InjectRecord, Field(discriminator="type")]
Record = Annotated[StartRecord | TurnRecord | ChoiceRecord | InjectRecord, Field(discriminator="type")]
#: A transcript as read or played: a start record, then action records.
Records = Sequence[Record]

START = TypeAdapter(StartRecord)
ACTION: TypeAdapter[TurnRecord | ChoiceRecord | InjectRecord] = TypeAdapter(ActionRecord)
RECORD: TypeAdapter[StartRecord | TurnRecord | ChoiceRecord | InjectRecord] = TypeAdapter(Record)
COUNT = TypeAdapter(CountLine)
#: Any line of a transcript file.
LINE: TypeAdapter[CountLine | StartRecord | TurnRecord | ChoiceRecord | InjectRecord] = TypeAdapter(
    Annotated[CountLine | StartRecord | TurnRecord | ChoiceRecord | InjectRecord, Field(discriminator="type")]
)


def transcript_schema() -> dict[str, object]:
    """The JSON Schema of one transcript line (docs/schema/transcript.json)."""
    schema = LINE.json_schema()
    schema["title"] = "roleplay transcript record (one JSON object per line)"
    return schema


def start_of(records: Records) -> StartRecord:
    """The start record that heads every transcript (read_records and Session guarantee it)."""
    first = records[0]
    if first["type"] != "start":
        raise ValueError("a transcript starts with its start record")
    return first
