"""Snapshots of the main screens (SVG files under tests/__snapshots__, reviewed like code).

Update after a deliberate change with: .venv/bin/python -m pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import CASE_PATH as ROADMAP
from helpers import case_loaded

from roleplay.tui.app import create_app
from roleplay.tui.screens.mediation import MediationScreen

pytestmark = pytest.mark.usefixtures("data_dir")  # autosaves go to a temporary folder


async def begin(pilot: Any) -> None:
    await case_loaded(pilot)  # the case loads in a worker thread
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, MediationScreen)


def test_mediation_screen_at_the_start(snap_compare: Any) -> None:
    assert snap_compare(create_app(case=ROADMAP, seed=1), terminal_size=(100, 30), run_before=begin)


def test_why_after_a_move(snap_compare: Any) -> None:
    async def play_then_ask_why(pilot: Any) -> None:
        await begin(pilot)
        await pilot.press("down", "down", "enter")  # convene the college of mediators
        await pilot.pause()
        await pilot.press("enter")  # answer the crisis that arrives on 16 July
        await pilot.pause()
        await pilot.press("w")
        await pilot.pause()

    assert snap_compare(create_app(case=ROADMAP, seed=1), terminal_size=(100, 30), run_before=play_then_ask_why)
