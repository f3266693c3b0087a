"""Live reload for authors: the case is loaded again after an edit and the game's inputs are
played into it, so the author sees the edit at the point they had reached (as Inky's preview
and Ren'Py's reload do).

A replay onto an edited case cannot be checked record by record (the records are meant to
change): each input is played while it can be; the first one the edited case refuses stops
the replay there, and the author is told which and why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from roleplay.engine.actions import Action, Inject, Play, Respond
from roleplay.engine.session import Session
from roleplay.engine.transcript import actions
from roleplay.errors import RoleplayError
from roleplay.game.game import Game

#: A file's identity for change detection: modification time (ns) and size.
FileStamp = tuple[int, int]


@dataclass(frozen=True)
class Reloaded:
    """The game on the edited case, and how far its inputs could be replayed."""

    game: Game
    replayed: int
    inputs: int
    #: Why the replay stopped before the last input, in words (None when all were replayed).
    stopped: str | None


def watched_files(case_path: Path) -> list[Path]:
    """The files a case is made of: the case itself and the persona files it may load."""
    from roleplay.loading.loader import persona_dirs_for

    files = [case_path]
    for folder in persona_dirs_for(case_path):
        files.extend(sorted(folder.glob("*.toml")))
    return files


def stamps(files: Iterable[Path]) -> dict[Path, FileStamp | None]:
    """Each file's stamp, None for a file that is gone (a save in progress, a rename)."""
    result: dict[Path, FileStamp | None] = {}
    for path in files:
        try:
            info = path.stat()
        except OSError:
            result[path] = None
        else:
            result[path] = (info.st_mtime_ns, info.st_size)
    return result


def reload_game(game: Game) -> Reloaded:
    """Load ``game``'s case again and play its inputs into a new session with the same seed
    (and the same earlier game, for a continued story). Raises ScenarioError (or another
    RoleplayError) when the edited case does not load: the caller keeps ``game``."""
    from roleplay.game.game import start_session

    old = game.session
    loaded, session = start_session(game.case_path, old.seed, old.prior, case_ref=old.case_ref)
    inputs = actions(old.records)
    replayed, stopped = _replay(game, session, inputs)
    new = Game(loaded, session, game.autosave)
    return Reloaded(new, replayed, len(inputs), stopped)


def _replay(old: Game, session: Session, inputs: list[Action]) -> tuple[int, str | None]:
    """Play ``inputs`` into ``session`` while the edited case allows them."""
    for number, action in enumerate(inputs):
        if session.ended:
            return number, f"the game now ends before input {number + 1} ({_describe(old, session, action)})"
        try:
            session.apply(action)
        except RoleplayError as exc:
            return number, f"input {number + 1} ({_describe(old, session, action)}) cannot be played now: {exc}"
    return len(inputs), None


def _describe(old: Game, session: Session, action: Action) -> str:
    """An input in the case's words (the edited case's where it knows the input)."""
    blueprint = old.blueprint
    if isinstance(action, Play):
        move = session.blueprint.moves.get(action.move) or blueprint.moves.get(action.move)
        name = move.move.name if move is not None else action.move
        return f"{name} with {old.name(action.target)}" if action.target else name
    if isinstance(action, Respond):
        for compiled in session.pending[:1]:
            for choice in compiled.choices:
                if choice.choice.id == action.choice:
                    return f"the answer “{choice.choice.label}”"
        return f"the answer “{action.choice}”"
    assert isinstance(action, Inject)
    event = blueprint.events.get(action.event)
    return f"the injected event “{event.event.title if event else action.event}”"
