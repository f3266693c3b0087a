"""Save and resume a session. A save is the session's transcript, written atomically;
resuming replays it and refuses a save that does not reproduce."""

from __future__ import annotations

from pathlib import Path

from roleplay.engine.blueprint import Blueprint
from roleplay.engine.session import Session
from roleplay.engine.transcript import replay
from roleplay.errors import RoleplayError, SaveError
from roleplay.loading.loaded import LoadedCase
from roleplay.model.transcript import StartRecord, start_of
from roleplay.storage.transcripts import read_transcript, write_transcript


def save(session: Session, path: Path | str) -> None:
    write_transcript(Path(path), session.records)


def case_path_of(save: Path, header: StartRecord) -> Path:
    """The case a transcript or save was made with: as named, or relative to the save."""
    named = Path(header["case_file"])
    for candidate in (named, save.parent / named):
        if candidate.is_file():
            return candidate
    raise SaveError(f"{save}: case file '{named}' not found; give it with --case")


def load_case_of(save: Path, header: StartRecord, override: Path | None = None) -> LoadedCase:
    """The case a transcript or save was made with (or ``override``, given with --case), loaded."""
    from roleplay.loading import load_case  # the loader, only when a save's case is read

    return load_case(override if override is not None else case_path_of(save, header))


def session_from_header(blueprint: Blueprint, header: StartRecord) -> Session:
    """A fresh session set up as the one that wrote this transcript header."""
    prior = header.get("prior")
    try:
        return Session(
            blueprint,
            header["seed"],
            case_ref=header["case_file"],
            case_digest=header["case_sha256"],
            prior=prior,
            events=header.get("events", "all"),
        )
    except RoleplayError as exc:
        raise SaveError(f"cannot set up the saved session: {exc}") from None


def resume(path: Path | str, blueprint: Blueprint, case_digest: str | None = None) -> Session:
    """Rebuild the session saved at ``path`` for the given case blueprint.

    The file is only read: a truncated, corrupt or mismatched save raises SaveError and
    stays as it was.
    """
    path = Path(path)
    transcript = read_transcript(path)
    records = transcript.records
    header = start_of(records)
    case = blueprint.case
    if header["case"] != case.id:
        raise SaveError(f"{path}: saved for case '{header['case']}', not '{case.id}'")
    if case_digest is not None and header["case_sha256"] != case_digest:
        raise SaveError(f"{path}: the case file has changed since this game was saved")
    session = session_from_header(blueprint, header)
    diverged = replay(session, records)
    if diverged is not None:
        raise SaveError(f"{path}:{transcript.line_of(diverged)}: the save does not reproduce with this case and engine")
    return session
