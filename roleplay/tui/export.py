"""Writing the debrief to a file: a function of the debrief's data, so the app exports from
anywhere without building (or mounting) the debrief screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from roleplay.debrief import Debrief
    from roleplay.game import Game

Format = Literal["md", "html"]


def write_debrief(debrief: Debrief, fmt: Format, folder: Path | None = None) -> Path:
    """Write the debrief as Markdown or HTML into ``folder`` (the working directory by
    default); returns the file written."""
    from roleplay.debrief.html import to_html
    from roleplay.debrief.markdown import to_markdown
    from roleplay.storage.files import write_atomic

    path = (folder or Path.cwd()) / f"debrief-{debrief.case_id}-seed{debrief.seed}.{fmt}"
    write_atomic(path, to_html(debrief) if fmt == "html" else to_markdown(debrief))
    return path


def export_debrief(game: Game, fmt: Format, folder: Path | None = None) -> Path:
    from roleplay.debrief import build_debrief

    return write_debrief(build_debrief(game.blueprint, game.records), fmt, folder)
