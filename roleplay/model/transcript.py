"""The transcript and save format: JSON Lines, one record per line.

A file written by this version first says how many records it holds (a ``transcript``
line: a save cut short, even at a record boundary, is refused) and says it again on its
last line (an ``end`` line: a file whose first line was deleted is refused as damaged, not
read as an older file); files written before either line are still read. A transcript
starts with a ``start`` record; each trainee input adds a ``turn`` (a move), a ``choice``
(a response to a crisis) or an ``inject`` (an instructor's event) record, and a playtest a
``set`` record for each value an author set by hand. A save *is* a transcript. The records are
TypedDicts: the engine builds them as plain dicts at no cost on its hot path, mypy checks
every key that is read, and pydantic validates them when a file is read (roleplay.storage)
and writes their JSON Schema (docs/schema/transcript.json). Every number must be finite.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Annotated, Literal, NotRequired

from pydantic import AllowInfNan, ConfigDict, Field, TypeAdapter, with_config
from typing_extensions import TypedDict  # pydantic reads TypedDicts from here before 3.12

Finite = Annotated[float, AllowInfNan(False)]
#: A number as written: whole numbers stay whole (a record reads back byte for byte).
Number = int | Finite
#: A value as it changed: a number (two decimals), a phase or standing, or a flag.
Value = bool | int | Finite | str
#: Which events a session lets happen: "all" (the case as written) or "historical" (no random
#: event and no event the case marks counterfactual: the history strategy's faithful replay).
EventMode = Literal["all", "historical"]
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
    """The first record: which engine, case (file and SHA-256) and seed made the transcript,
    and any session option that changes the game (``events``: written only when not "all",
    so transcripts made without options read back byte for byte)."""

    type: Literal["start"]
    engine: str
    case: str
    case_file: str
    case_sha256: str
    seed: int
    date: str
    phase: str
    events: NotRequired[EventMode]
    prior: NotRequired[Prior]
    lines: NotRequired[list[Line]]
    changes: NotRequired[list[ChangeRecord]]


@with_config(_STRICT)
class AgreementRecord(TypedDict):
    """The agreement score when the game ended, with its parts (0-100 each; docs/model.md) and
    each party's satisfaction with the text."""

    score: Number
    parts: dict[str, Number]
    satisfaction: dict[str, Number]


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
    #: The outcome was pinned by a test (a golden path's 'move@outcome'), not drawn.
    pinned: NotRequired[bool]
    date: NotRequired[str]
    phase: NotRequired[str]
    lines: NotRequired[list[Line]]
    events: NotRequired[list[str]]
    changes: NotRequired[list[ChangeRecord]]
    pending: NotRequired[str | None]
    ending: NotRequired[str | None]
    agreement: NotRequired[AgreementRecord]


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
    agreement: NotRequired[AgreementRecord]


@with_config(_STRICT)
class InjectRecord(TypedDict):
    """An instructor's event, delivered at the end of the team's next input."""

    type: Literal["inject"]
    turn: int
    event: str


@with_config(_STRICT)
class SetRecord(TypedDict):
    """An author's setting in a playtest (`--at`, `--set`, the debug panel): a value or the
    phase set by hand, with its change. No rule runs after it until the next move."""

    type: Literal["set"]
    turn: int
    name: str
    value: Value
    changes: NotRequired[list[ChangeRecord]]


@with_config(_STRICT)
class CoachRecord(TypedDict):
    """A trainee asked the coach (solo practice): what it suggested, a move (with its target)
    or the answer to a waiting crisis. Nothing in the game changes; the debrief shows it."""

    type: Literal["coach"]
    turn: int
    move: str | None
    target: str | None
    choice: str | None


@with_config(_STRICT)
class UndoRecord(TypedDict):
    """A trainee took back a move (solo practice): the move's record and those after it (the
    crisis responses, the coach's advice) left the transcript, and the game is as it was
    before the move. This record keeps that it happened, for the debrief; nothing in the game
    changes when it is played again."""

    type: Literal["undo"]
    #: The turns played when the move was taken back (the move was turn ``turn + 1``).
    turn: int
    move: str
    target: str | None


@with_config(_STRICT)
class CountLine(TypedDict):
    """The first line of a file: how many records follow, so that a copy cut short is refused
    (a final line would be lost by the very cut it should reveal). Not a record of the game:
    files written before it have none, and are read without the check."""

    type: Literal["transcript"]
    records: Annotated[int, Field(ge=1)]


@with_config(_STRICT)
class EndLine(TypedDict):
    """The last line of a file: the record count again. A file whose first line was deleted
    still ends with it, so it is refused as damaged instead of being read as a file written
    before counts (which ends with a record). Files written before it have none."""

    type: Literal["end"]
    records: Annotated[int, Field(ge=1)]


#: Any record after the start record.
ActionRecord = Annotated[
    TurnRecord | ChoiceRecord | InjectRecord | SetRecord | CoachRecord | UndoRecord, Field(discriminator="type")
]
Record = Annotated[
    StartRecord | TurnRecord | ChoiceRecord | InjectRecord | SetRecord | CoachRecord | UndoRecord,
    Field(discriminator="type"),
]
#: A transcript as read or played: a start record, then action records.
Records = Sequence[Record]


# The validators are built on first use, not on import: the engine imports these types, and a
# game that reads no file (a new one) never needs them (~20 ms and a few MiB at start-up).
@cache
def start_adapter() -> TypeAdapter[StartRecord]:
    return TypeAdapter(StartRecord)


@cache
def action_adapter() -> TypeAdapter[TurnRecord | ChoiceRecord | InjectRecord | SetRecord | CoachRecord | UndoRecord]:
    return TypeAdapter(ActionRecord)


@cache
def count_adapter() -> TypeAdapter[CountLine]:
    return TypeAdapter(CountLine)


@cache
def end_adapter() -> TypeAdapter[EndLine]:
    return TypeAdapter(EndLine)


@cache
def line_adapter() -> TypeAdapter[
    CountLine | EndLine | StartRecord | TurnRecord | ChoiceRecord | InjectRecord | SetRecord | CoachRecord | UndoRecord
]:
    """Any line of a transcript file."""
    return TypeAdapter(
        Annotated[
            CountLine
            | EndLine
            | StartRecord
            | TurnRecord
            | ChoiceRecord
            | InjectRecord
            | SetRecord
            | CoachRecord
            | UndoRecord,
            Field(discriminator="type"),
        ]
    )


def transcript_schema() -> dict[str, object]:
    """The JSON Schema of one transcript line (docs/schema/transcript.json)."""
    schema = line_adapter().json_schema()
    schema["title"] = "roleplay transcript record (one JSON object per line)"
    return schema


def start_of(records: Records) -> StartRecord:
    """The start record that heads every transcript (read_records and Session guarantee it)."""
    first = records[0]
    if first["type"] != "start":
        raise ValueError("a transcript starts with its start record")
    return first
