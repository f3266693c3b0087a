"""Writing the debrief to a file: a function of the debrief's data, so the app exports from
anywhere without building (or mounting) the debrief screen."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from roleplay.errors import RoleplayError

if TYPE_CHECKING:
    from roleplay.debrief import Debrief
    from roleplay.game import Game

Format = Literal["md", "html"]


def secret_seed(game: Game) -> str | None:
    """The class's code while its seed is kept from the teams (until the instructor ends the
    class); None when the seed may be shown (a game of one's own, an ended class)."""
    if game.team is None:
        return None
    try:
        ended = game.team.status == "ended"
    except RoleplayError:  # the store cannot be read now: keep the seed back
        ended = False
    return None if ended else game.team.code


def without_seed(text: str, seed: int) -> str:
    """The debrief's text without its seed (the title line's "Seed N · ")."""
    return text.replace(f"Seed {seed} · ", "", 1)


def write_debrief(debrief: Debrief, fmt: Format, folder: Path | None = None, secret: str | None = None) -> Path:
    """Write the debrief as Markdown or HTML into ``folder`` (the working directory by
    default); returns the file written. With ``secret`` (the class's code, from
    ``secret_seed``) the seed is in neither the file's name nor its text."""
    from roleplay.storage.files import write_atomic

    name, text = debrief_file(debrief, fmt, secret)
    path = (folder or Path.cwd()) / name
    write_atomic(path, text)
    return path


def debrief_file(debrief: Debrief, fmt: Format, secret: str | None = None) -> tuple[str, str]:
    """The exported debrief's file name and text (``secret``: see ``write_debrief``)."""
    from roleplay.debrief.html import to_html
    from roleplay.debrief.markdown import to_markdown

    named = f"class-{secret}" if secret else f"seed{debrief.seed}"
    text = to_html(debrief) if fmt == "html" else to_markdown(debrief)
    return f"debrief-{debrief.case_id}-{named}.{fmt}", without_seed(text, debrief.seed) if secret else text


def export_debrief(game: Game, fmt: Format, folder: Path | None = None) -> Path:
    from roleplay.debrief import build_debrief
    from roleplay.debrief.build import with_turning_points

    debrief = with_turning_points(build_debrief(game.blueprint, game.records), game.blueprint, game.records)
    return write_debrief(debrief, fmt, folder, secret_seed(game))
