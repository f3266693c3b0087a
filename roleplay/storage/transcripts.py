"""Reading transcripts and saves (JSON Lines) from disk; writing them goes through write_atomic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from roleplay.errors import SaveError


def read_records(path: Path) -> list[dict[str, Any]]:
    """Read a transcript; a truncated or corrupt file gives a SaveError naming the line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SaveError(f"{path}: not a transcript (not UTF-8 text)") from None
    if text and not text.endswith("\n"):
        raise SaveError(f"{path}:{text.count(chr(10)) + 1}: the last record is truncated")
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            record = json.loads(line)
        except (ValueError, RecursionError):
            raise SaveError(f"{path}:{number}: corrupt record (not JSON)") from None
        if not isinstance(record, dict) or "type" not in record:
            raise SaveError(f"{path}:{number}: corrupt record (no type)")
        records.append(record)
    if not records or records[0].get("type") != "start":
        raise SaveError(f"{path}:1: not a roleplay transcript (no start record)")
    header = records[0]
    for key, kind in (("case", str), ("seed", int), ("case_sha256", str), ("case_file", str)):
        if not isinstance(header.get(key), kind):
            raise SaveError(f"{path}:1: start record lacks '{key}'")
    return records
