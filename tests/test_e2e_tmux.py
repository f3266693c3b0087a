"""End to end: `roleplay play` in a real terminal (tmux), driven by keys, read off the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from helpers import wait_until

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)")


class Terminal:
    def __init__(self, session: str) -> None:
        self.session = session

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-t", self.session], capture_output=True, text=True, check=False
        ).stdout

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.session, *keys], check=True)

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """Wait until ``text`` is on the screen; return the screen."""
        screen = ""

        def shows() -> bool:
            nonlocal screen
            screen = self.screen()
            return text in screen

        wait_until(shows, timeout=timeout, interval=0.2, message=f"{text!r} on the screen", state=lambda: screen)
        return screen

    def wait_gone(self, text: str, timeout: float = 10.0) -> None:
        wait_until(
            lambda: text not in self.screen(),
            timeout=timeout,
            interval=0.2,
            message=f"{text!r} to leave the screen",
            state=self.screen,
        )

    def alive(self) -> bool:
        return subprocess.run(["tmux", "has-session", "-t", self.session], capture_output=True).returncode == 0


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    session = f"roleplay-{uuid.uuid4().hex[:8]}"
    env = f"ROLEPLAY_DATA_DIR={tmp_path} TERM=xterm-256color"
    command = f"cd {ROOT} && {env} {sys.executable} -m roleplay play scenarios/algiers-roadmap-2014.toml --seed 1"
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command],
        check=True,
        env={**os.environ, "TMUX": ""},
    )
    try:
        yield Terminal(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def test_play_a_few_turns_in_a_real_terminal(terminal: Terminal, tmp_path: Path) -> None:
    terminal.wait_for("Press Enter to begin")
    terminal.keys("Enter")
    terminal.wait_for("Your moves")
    terminal.wait_for("Prisoner exchange")
    terminal.keys("Down", "Enter")  # the second move: the prisoner exchange (3 days)
    screen = terminal.wait_for("How do you respond?")
    assert "The Coordination refuses to recognise the Platform" in screen
    terminal.keys("Enter")
    screen = terminal.wait_for("Your response")
    assert "turn 1" in screen
    terminal.keys("w")
    screen = terminal.wait_for("Escape to close")
    assert "Keep the Platform" in screen or "trust" in screen
    terminal.keys("Escape")
    terminal.wait_gone("Escape to close")  # a key right after Escape would read as Alt+key
    terminal.keys("q")
    terminal.wait_for("Quit this game?")
    terminal.keys("y")
    wait_until(lambda: not terminal.alive(), timeout=10, interval=0.2, message="the app to exit", state=terminal.screen)
    saved = (tmp_path / "autosave" / "algiers_roadmap.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(saved) == 5  # the record count, start, the move, the response, the count again
