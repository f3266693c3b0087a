"""Continuing the story: start a case from how a session of the earlier case ended.

A case with ``[carry_over]`` (the Bamako implementation case carries over from Algiers) can
start from the final state of a finished game of its earlier case instead of from history.
The earlier game is given as its save or transcript; it is replayed, so a save that does not
reproduce, or that has not ended, is refused.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from roleplay.errors import SaveError


def prior_from_save(path: Path) -> Mapping[str, Any]:
    """The summary of the finished session saved at ``path``, for ``Session(prior=...)``."""
    from roleplay.game.game import resume_session
    from roleplay.model.transcript import start_of
    from roleplay.storage.saves import case_path_of
    from roleplay.storage.transcripts import read_records

    records = read_records(path)
    loaded, session = resume_session(case_path_of(path, start_of(records)), path)
    if not session.ended:
        raise SaveError(f"{path}: this game of '{loaded.case.id}' has not ended yet; finish it first")
    return session.summary()


def sequels(scenarios: Path, case_id: str) -> list[tuple[Path, str]]:
    """The cases in a folder that carry over from ``case_id``: (path, title), by file name.
    Files that do not parse are skipped: validate reports them."""
    from roleplay.loading.files import Unreadable, read_capped
    from roleplay.loading.guards import shape_problem
    from roleplay.loading.loader import MAX_FILE_BYTES

    found = []
    for path in sorted(scenarios.glob("*.toml")):
        try:  # regular files only: a FIFO named *.toml would hang the reading
            text = read_capped(path, MAX_FILE_BYTES).decode("utf-8")
            if shape_problem(text) is not None:  # would take tomllib minutes
                continue
            data = tomllib.loads(text)
        except (Unreadable, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
            continue
        carry = data.get("carry_over")
        if isinstance(carry, dict) and carry.get("from_case") == case_id:
            found.append((path, str(data.get("title", path.stem))))
    return found
