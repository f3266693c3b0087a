"""The teams' secret tokens a terminal holds: team-tokens.json in the user's data directory
(ROLEPLAY_DATA_DIR overrides it), readable by its owner only (mode 0600), keyed by the store's
location, the class code and the team's name key. A team rejoins from the terminal that made
it; another terminal needs the instructor's ``roleplay class token CODE --team NAME``."""

from __future__ import annotations

import json
import os
from pathlib import Path

from roleplay.classroom.store.names import team_key
from roleplay.storage.files import write_atomic

FILE_NAME = "team-tokens.json"


def tokens_path(file_name: str = FILE_NAME) -> Path:
    override = os.environ.get("ROLEPLAY_DATA_DIR")
    if override:
        return Path(override) / file_name
    from platformdirs import user_data_dir

    return Path(user_data_dir("roleplay", appauthor=False)) / file_name


def browser_location(key: str, location: str) -> str:
    """Where a browser's tokens are filed: a hash of its key (the file never holds the key
    itself, which would let a reader of the file pass as that browser) and the store."""
    import hashlib

    return f"browser:{hashlib.sha256(key.encode()).hexdigest()}:{location}"


def _read(path: Path) -> dict[str, dict[str, dict[str, str]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: the terminal holds no token
    if not isinstance(data, dict):
        return {}
    return {
        str(where): {
            str(code): {str(k): str(v) for k, v in teams.items() if isinstance(v, str)}
            for code, teams in classes.items()
            if isinstance(teams, dict)
        }
        for where, classes in data.items()
        if isinstance(classes, dict)
    }


def saved_token(location: str, code: str, team: str, path: Path | None = None) -> str | None:
    """The token this terminal holds for ``team`` of class ``code`` in the store at ``location``."""
    return _read(path or tokens_path()).get(location, {}).get(code.upper(), {}).get(team_key(team))


def save_token(location: str, code: str, team: str, token: str, path: Path | None = None) -> None:
    """Keep ``token`` for the team, in a file only its owner can read."""
    path = path or tokens_path()
    data = _read(path)
    data.setdefault(location, {}).setdefault(code.upper(), {})[team_key(team)] = token
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))  # made 0600 before any token is in it
    path.chmod(0o600)
    write_atomic(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")  # keeps the file's mode
