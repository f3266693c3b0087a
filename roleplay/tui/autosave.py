"""The app's automatic save: whether an unfinished game saved there can be resumed, and
keeping a save that cannot be resumed aside."""

from __future__ import annotations

from pathlib import Path

from roleplay.errors import RoleplayError
from roleplay.storage.transcripts import read_records


def autosave_state(path: Path, digest: str) -> str:
    """Nothing ("") when there is nothing to resume (no autosave, or its game is over),
    "resumable", or why the unfinished game saved there cannot be resumed (the case file
    changed, a damaged file)."""
    if not path.exists():
        return ""
    try:
        records = read_records(path)
    except (RoleplayError, OSError) as exc:
        return f"the file cannot be read ({exc})"
    if len(records) <= 1 or records[-1].get("ending"):
        return ""
    if records[0].get("case_sha256") != digest:
        return "the case file has changed since it was saved"
    return "resumable"


def keep_aside(path: Path) -> Path:
    """Rename ``path`` to a free name beside it (``NAME.unresumed-N.jsonl``)."""
    for number in range(1, 1000):
        kept = path.with_name(f"{path.stem}.unresumed-{number}{path.suffix}")
        if not kept.exists():
            path.rename(kept)
            return kept
    raise OSError(f"too many kept saves beside {path}")
