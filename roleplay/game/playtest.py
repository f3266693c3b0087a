"""Playtests from any point, for authors: `--at PHASE --set NAME=VALUE ...` and the debug
panel set values by hand, as engine inputs the transcript records (roleplay/engine/settings.py).
Here: the settings as an author types them, read into typed values."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from roleplay.errors import RoleplayError, UsageError

if TYPE_CHECKING:  # `roleplay play` reads its options here before the first frame: no engine yet
    from roleplay.engine.session import Session

#: A setting as the engine takes it: a name and a number, a truth value or a name.
Setting = tuple[str, float | bool | str]


def parse_value(text: str) -> float | bool | str:
    """'40' is a number, 'true'/'false' a truth value, anything else a name (a phase, a
    standing, a date)."""
    word = text.strip()
    if word.lower() in ("true", "false"):
        return word.lower() == "true"
    try:
        number = float(word)
    except ValueError:
        return word
    if number != number or number in (float("inf"), float("-inf")):
        raise UsageError(f"not a finite number: {text!r}")
    return int(number) if number.is_integer() else number


def parse_setting(text: str) -> Setting:
    """'trust.coordination=40' as (name, value); UsageError saying the form otherwise."""
    name, equals, value = text.partition("=")
    if not equals or not name.strip() or not value.strip():
        raise UsageError(f"--set takes NAME=VALUE (e.g. trust.coordination=40), not {text!r}")
    return name.strip(), parse_value(value)


def settings_of(at: str | None, sets: Sequence[str]) -> list[Setting]:
    """--at and --set as settings: the phase first, then the values in the order given."""
    settings: list[Setting] = [("phase", at)] if at else []
    return settings + [parse_setting(text) for text in sets]


def apply_settings(session: Session, settings: Sequence[Setting]) -> None:
    """Apply the settings in order; the first one refused is a UsageError naming it."""
    for name, value in settings:
        try:
            session.set(name, value)
        except RoleplayError as exc:
            raise UsageError(f"--set {name}={value}: {exc}") from None
