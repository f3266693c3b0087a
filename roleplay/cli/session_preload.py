"""What the session zygote (session_zygote.py) does once for every browser session of
`roleplay serve`: import Textual, the app and the screens a session shows first, and load the
case the sessions play (kept in roleplay.loading.kept, so each session's ``load_case`` takes it
while its files are unchanged).

A failure here is never fatal: a case with errors is not kept (each session then reads it and
shows its errors, as without the zygote), and a class store that cannot be read leaves the case
to each session."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from roleplay.errors import RoleplayError

#: Modules every session imports on its way to its main screen, imported lazily by the app (so
#: that a terminal's first frame does not wait for them): imported here once for all sessions.
SESSION_MODULES = (
    "textual.drivers.web_driver",
    "roleplay.cli.play",
    "roleplay.tui.app",
    "roleplay.tui.screens.loading",
    "roleplay.tui.screens.prompt",
    "roleplay.tui.screens.picker",
    "roleplay.tui.screens.briefing",
    "roleplay.tui.screens.mediation",
    "roleplay.tui.screens.notice",
    "roleplay.tui.screens.confirm",
    "roleplay.tui.resume_offer",
    "roleplay.tui.class_watcher",
    "roleplay.game",
    "roleplay.engine.session",
)
#: What a class session imports besides: joining, the team's tokens, the store.
CLASS_MODULES = ("roleplay.classroom.team", "roleplay.classroom.tokens", "roleplay.classroom.store")


def preload(play: list[str]) -> None:
    """Import and load what every session of ``roleplay play PLAY`` needs first."""
    from roleplay.cli import build_parser

    args = build_parser("play").parse_args(play)
    for name in SESSION_MODULES + (CLASS_MODULES if args.class_code is not None else ()):
        importlib.import_module(name)
    case = class_case_path(args.store, args.class_code) if args.class_code is not None else args.case
    if case is not None:
        keep_case(case)


def keep_case(case: Path) -> None:
    from roleplay.loading import load_case
    from roleplay.loading.kept import keep, stamps_of
    from roleplay.loading.loader import persona_dirs_for

    stamps = stamps_of(case, persona_dirs_for(case))
    try:
        loaded = load_case(case)
    except (RoleplayError, OSError):
        return  # each session reads the case and says what is wrong with it, as it always has
    keep(case, loaded, stamps)


def class_case_path(store_location: Path | str | None, code: str) -> Path | None:
    """The case file of class ``code``, read from the store with a connection closed before
    the zygote forks (a database connection does not survive a fork)."""
    from roleplay.classroom.store import open_store

    try:
        store = open_store(store_location)
        try:
            path = Path(store.get_class(code).case_path)
        finally:
            store.close()
    except (RoleplayError, OSError) as exc:
        print(f"roleplay serve: the class's case is not preloaded ({exc}); each session loads it", file=sys.stderr)
        return None
    return path if path.is_file() else None
