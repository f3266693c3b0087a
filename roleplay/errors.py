"""The errors roleplay reports to people: each says where and what, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field

Loc = tuple[str | int, ...]


def format_loc(loc: Loc) -> str:
    """('moves', 3, 'effects', 0, 'signal') -> 'moves[3].effects[0].signal'."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(document)"


@dataclass(frozen=True)
class Issue:
    """A problem found in a data structure, located by its path (not yet by file and line)."""

    loc: Loc
    message: str
    column: int | None = None  # offset inside the string value (conditions)
    severity: str = "error"


@dataclass(frozen=True, order=True)
class Problem:
    """A problem located in a file: ``file:line:col: field: message``."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.field}: {self.message}"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }


class RoleplayError(Exception):
    """Base of the errors the command line reports without a traceback."""


@dataclass
class CaseInvalid(RoleplayError):
    """A case that parsed but does not hold together; issues are located by path."""

    issues: list[Issue] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{format_loc(i.loc)}: {i.message}" for i in self.issues)


class ScenarioError(RoleplayError):
    """One or more files failed to load; every problem carries file, line and field."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class SaveError(RoleplayError):
    """A save or transcript that cannot be read or does not reproduce."""


class MoveError(RoleplayError):
    """A move that cannot be played now (unknown, unavailable, or the session is over)."""


class UsageError(RoleplayError):
    """A command used wrongly: a missing argument, options that do not go together, a bad
    --moves item. Reported like every RoleplayError (message, exit code 1)."""
