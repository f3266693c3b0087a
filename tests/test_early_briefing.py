"""The briefing written before for a case is shown at once, while the case loads behind it
(roleplay.tui.early_briefing); the loaded game takes it over, or replaces it if it differs."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import CASE_PATH
from helpers import LOAD_TIMEOUT, case_loaded, wait_for
from textual.pilot import Pilot

from roleplay.game import Game
from roleplay.loading.cache import case_key, read_entry, write_entry
from roleplay.tui.app import create_app
from roleplay.tui.screens.briefing import BriefingScreen, briefing_markdown
from roleplay.tui.screens.help import HelpScreen
from roleplay.tui.screens.loading import LoadingScreen
from roleplay.tui.screens.mediation import MediationScreen
from roleplay.tui.widgets.markdown_text import MarkdownParts

pytestmark = pytest.mark.usefixtures("data_dir", "cache")
SIZE = (100, 40)


async def first_run(seed: int = 1) -> str:
    """Play nothing: load the case once, so its briefing is kept; the briefing's Markdown."""
    app = create_app(case=CASE_PATH, seed=seed, autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await settled(pilot)
        assert app.game is not None
        return briefing_markdown(app.game)


async def settled(pilot: Pilot[None]) -> None:
    """Let the screens being mounted finish before the app exits (else Textual's tabs may be
    resized half-built at exit)."""
    for _ in range(3):
        await pilot.pause(0.05)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Loading a game waits until the test sets the event (or 10 s pass)."""
    event = threading.Event()
    new = Game.new

    def waiting(*args: Any, **kwargs: Any) -> Game:
        event.wait(10)
        return new(*args, **kwargs)

    monkeypatch.setattr(Game, "new", waiting)
    yield event
    event.set()


async def test_the_briefing_written_before_shows_while_the_case_loads_and_stays(gate: threading.Event) -> None:
    gate.set()
    markdown = await first_run()
    key = case_key(CASE_PATH)
    assert key is not None and read_entry(key, "briefing-1.md") == markdown.encode()
    gate.clear()
    app = create_app(case=CASE_PATH, seed=1, autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        early = app.screen
        assert isinstance(early, BriefingScreen) and early.game is None and early.markdown == markdown
        parts = early.query_one(MarkdownParts)
        await pilot.pause(0.2)
        assert not parts.complete  # its first part only, while the game loads
        gate.set()
        await case_loaded(pilot)
        await pilot.pause()
        assert app.screen is early and early.game is app.game  # the same screen, not drawn again
        await wait_for(pilot, lambda: parts.complete, timeout=5, message="the rest of the briefing")
        assert [type(s) for s in app.screen_stack[-2:]] == [MediationScreen, BriefingScreen]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MediationScreen), timeout=5, message="main screen")
        assert early not in app.screen_stack
        await settled(pilot)


async def test_enter_before_the_case_is_loaded_begins_once_it_is(gate: threading.Event) -> None:
    gate.set()
    await first_run()
    gate.clear()
    app = create_app(case=CASE_PATH, seed=1, autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen) and app.screen.game is None
        await pilot.press("enter")
        assert isinstance(app.screen, BriefingScreen)  # nothing to begin yet
        gate.set()
        await case_loaded(pilot, lambda: isinstance(app.screen, MediationScreen))
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen)
        assert not any(isinstance(s, BriefingScreen) for s in app.screen_stack)
        await settled(pilot)


async def test_a_briefing_that_differs_from_the_games_is_replaced_and_written_again(gate: threading.Event) -> None:
    gate.set()
    markdown = await first_run()
    key = case_key(CASE_PATH)
    assert key is not None
    write_entry(key, "briefing-1.md", b"# Not this case's briefing\n\n**Press Enter to begin**")
    app = create_app(case=CASE_PATH, seed=1, autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot)
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, BriefingScreen) and app.screen.game is not None,
            timeout=LOAD_TIMEOUT,
            message="the game's own briefing",
        )
        assert isinstance(app.screen, BriefingScreen) and app.screen.markdown == markdown
        assert sum(isinstance(s, BriefingScreen) for s in app.screen_stack) == 1
        await settled(pilot)
    assert read_entry(key, "briefing-1.md") == markdown.encode()


async def test_another_seed_or_a_playtest_has_no_briefing_written_before(gate: threading.Event) -> None:
    gate.set()
    await first_run(seed=1)
    gate.clear()
    for options in ({"seed": 2}, {"seed": 1, "debug": True}):
        app = create_app(case=CASE_PATH, autosave=False, **options)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, LoadingScreen)
            gate.set()
            await case_loaded(pilot)
            await settled(pilot)
        gate.clear()


async def test_help_over_the_early_briefing_closes_when_the_game_is_loaded(gate: threading.Event) -> None:
    gate.set()
    await first_run()
    gate.clear()
    app = create_app(case=CASE_PATH, seed=1, autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        early = app.screen
        await pilot.press("f1")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), timeout=5, message="help")
        gate.set()
        await case_loaded(pilot)
        await pilot.pause()
        assert app.screen is early
        assert [type(s) for s in app.screen_stack[-2:]] == [MediationScreen, BriefingScreen]
        assert not any(isinstance(s, HelpScreen) for s in app.screen_stack)
        await settled(pilot)


def test_a_case_file_that_cannot_be_read_has_no_key(tmp_path: Path) -> None:
    """No briefing is looked up for it (the loader says why it cannot be read)."""
    assert case_key(tmp_path / "missing.toml") is None


async def test_the_collector_pauses_while_the_case_loads_and_runs_again_once_it_is_on_screen(
    gate: threading.Event,
) -> None:
    gc.unfreeze()  # what earlier tests froze
    app = create_app(case=CASE_PATH, seed=1, autosave=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not gc.isenabled()  # the loading thread waits at the gate
        gate.set()
        await case_loaded(pilot, lambda: gc.isenabled())
        assert gc.get_freeze_count() > 0  # the loaded game out of the collector's full passes
        await settled(pilot)


async def test_the_briefing_written_before_needs_neither_the_formats_nor_the_engine(gate: threading.Event) -> None:
    """The first frame of `roleplay play CASE` with its briefing kept: no pydantic, no engine."""
    import subprocess
    import sys

    gate.set()
    await first_run()
    probe = (
        "import sys, pathlib; from roleplay.tui.early_briefing import opening_screen; "
        f"screen = opening_screen(pathlib.Path({str(CASE_PATH)!r}), 1, True); "
        "print(type(screen).__name__, sorted(m for m in ('pydantic', 'transitions', 'roleplay.engine.session', "
        "'roleplay.model.case', 'roleplay.game.game', 'roleplay.loading.loader') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "BriefingScreen []"
