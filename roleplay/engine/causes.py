"""Why things changed: every change to the world carries the causes that produced it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.model.transcript import CauseRecord

from roleplay.model.transcript import CauseRecord, ChangeRecord

Value = float | str | bool


def rounded(value: Value) -> Value:
    """Numbers as they appear in transcripts: two decimals, so transcripts stay readable."""
    if isinstance(value, float):
        return round(value, 2)
    return value


@dataclass(frozen=True)
class Cause:
    """One contribution to a change: ``by`` names the source ('move:shuttle', 'event:tabankort',
    'rule:exclusion', ...), ``label`` says it in words, ``amount`` is its share of a numeric change."""

    by: str
    label: str
    amount: float | None = None
    note: str | None = None

    def with_amount(self, amount: float | None, note: str | None = None) -> Cause:
        return Cause(self.by, self.label, amount, note if note is not None else self.note)

    def as_dict(self) -> CauseRecord:
        data: CauseRecord = {"by": self.by, "label": self.label}
        if self.amount is not None:
            data["amount"] = round(self.amount, 2)
        if self.note:
            data["note"] = self.note
        return data


_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def weaker(label: str, plays: int, scale: float) -> str:
    """A repeated move's label, saying why its effects are weaker: 'Sanctions (weaker: third
    time, x0.36)'. Unchanged when nothing is scaled."""
    if scale >= 1.0:
        return label
    nth = _ORDINALS[plays - 1] if plays <= len(_ORDINALS) else f"{plays}th"
    return f"{label} (weaker: {nth} time, x{scale:.2f})"


def describe(cause: CauseRecord, aligned: bool = False) -> str:
    """A recorded cause in words: '+4.0 Proximity talks: heard (chance 64%)'."""
    amount = cause.get("amount")
    has_amount = isinstance(amount, int | float) and not isinstance(amount, bool)
    width = 6 if aligned else 0  # aligned: amounts in a column, for lists of causes
    text = f"{amount:+{width}.1f} " if has_amount else " " * (width + 1 if aligned else 0)
    text += str(cause["label"])
    if cause.get("note"):
        text += f" ({cause['note']})"
    return text


@dataclass
class Change:
    """A value's change over one turn, with every cause that contributed to it."""

    value: str
    before: Value
    after: Value
    causes: list[Cause] = field(default_factory=list)

    def as_dict(self) -> ChangeRecord:
        return {
            "value": self.value,
            "from": rounded(self.before),
            "to": rounded(self.after),
            "causes": [c.as_dict() for c in self.causes],
        }


class NullLedger:
    """For lean sessions (simulations): changes still happen, nobody writes them down."""

    def record(self, value: str, before: Value, after: Value, cause: Cause) -> None:
        pass

    def changes(self) -> list[Change]:
        return []


class Ledger:
    """Collects the changes of one turn; a value changed twice appears once, with both causes."""

    def __init__(self) -> None:
        self._changes: dict[str, Change] = {}

    def record(self, value: str, before: Value, after: Value, cause: Cause) -> None:
        change = self._changes.get(value)
        if change is None:
            self._changes[value] = Change(value, before, after, [cause])
        else:
            change.after = after
            change.causes.append(cause)

    def changes(self) -> list[Change]:
        # A value pushed back to where it started still shows, with its causes: it was contested.
        return list(self._changes.values())
