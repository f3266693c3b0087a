"""Continuing the story: start a case from how a session of the earlier case ended.

A case with ``[carry_over]`` (the Bamako implementation case carries over from Algiers) can
start from the final state of a finished game of its earlier case instead of from history.
The earlier game is given as its save or transcript; it is replayed, so a save that does not
reproduce, or that has not ended, is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from roleplay.errors import SaveError
from roleplay.loading.peek import peek_folder

if TYPE_CHECKING:
    from roleplay.engine.summary import Summary


def prior_from_save(path: Path) -> Summary:
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
    return [(case.path, case.title) for case in peek_folder(scenarios) if case.from_case == case_id]
