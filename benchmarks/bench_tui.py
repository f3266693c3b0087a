"""TUI speed: cold start to the first frame, against a minimal Textual app in the same run,
and key press to updated screen.

Run from the repository root: .venv/bin/python benchmarks/bench_tui.py
Both run the programs in tmux and poll the screen: cold start until the first frame shows a
known text (every 10 ms), key latency until the screen changes after a key (every 2 ms; each
poll is a `tmux capture-pane`, a few ms). Pilot is not used: its press() waits on idle
detection with 20 ms sleeps, which would measure the harness, not the app.

A wait that times out stops the benchmark with what it waited for and exit code 2: a number
measured around a screen that never came would be a bogus number.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "scenarios" / "algiers-roadmap-2014.toml"


class Timeout(RuntimeError):
    """Something the benchmark waited for never happened: it reports no number."""


def wait_screen(screen: Callable[[], str], text: str, timeout: float = 30, interval: float = 0.05) -> str:
    """Poll ``screen()`` until it shows ``text``; raise Timeout with the last screen if it never does."""
    deadline = time.monotonic() + timeout
    while True:
        shown = screen()
        if text in shown:
            return shown
        if time.monotonic() >= deadline:
            raise Timeout(f"{text!r} never appeared within {timeout:g} s; the screen was:\n{shown}")
        time.sleep(interval)


#: As on a trainee's machine, Python keeps its compiled bytecode: an editable install compiles
#: roleplay's modules at the first launch and reuses them after. This machine's environment sets
#: PYTHONDONTWRITEBYTECODE, which made every launch compile roleplay's ~150 modules from source
#: while the minimal app's (pip compiled them at install) were read from their .pyc files; the
#: tmux server passes its own environment on, so the variable is removed in the command itself.
PYTHON = f"env -u PYTHONDONTWRITEBYTECODE {sys.executable}"


def new_session(session: str, command: str) -> None:
    """Start a tmux session; retry when tmux's server is just exiting after the last session."""
    for _ in range(20):
        if (
            subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30", command]).returncode
            == 0
        ):
            return
        time.sleep(0.1)
    raise Timeout("tmux would not start a session")


def first_frame(command: str, marker: str) -> float:
    session = f"bench-{uuid.uuid4().hex[:8]}"
    start = time.perf_counter()
    new_session(session, command)
    try:
        while True:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True
            ).stdout
            if marker in screen:
                return time.perf_counter() - start
            if time.perf_counter() - start > 30:
                raise Timeout(f"{marker!r} never appeared within 30 s; the screen was:\n{screen}")
            time.sleep(0.01)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def cold_start(runs: int) -> tuple[float, float, float]:
    """Medians of: our first frame (the case's title while it loads), our briefing ready to
    read (the case validated and compiled), and the minimal app's first frame."""
    data = tempfile.mkdtemp()
    ours = f"cd {ROOT} && ROLEPLAY_DATA_DIR={data} {PYTHON} -m roleplay play {CASE} --seed 1"
    minimal = f"cd {ROOT} && {PYTHON} benchmarks/minimal_app.py"
    first_frame(ours, "Press Enter to begin")  # warm the file cache and .pyc files
    first_frame(minimal, "minimal app ready")
    frames, briefings, minimal_times = [], [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        frames.append(first_frame(ours, "road map amid clashes"))
        briefings.append(first_frame(ours, "Press Enter to begin"))
        minimal_times.append(first_frame(minimal, "minimal app ready"))
    shutil.rmtree(data, ignore_errors=True)
    return statistics.median(frames), statistics.median(briefings), statistics.median(minimal_times)


def key_latency(samples: int) -> tuple[float, float, float]:
    """Key press to updated screen in a real terminal: send a key, poll until the screen changes.

    Arrow keys move the highlight in the move list; Enter on 'Convene the college of mediators'
    plays a whole turn (engine, autosave, every panel redrawn)."""
    data = tempfile.mkdtemp()
    session = f"bench-{uuid.uuid4().hex[:8]}"
    command = f"cd {ROOT} && ROLEPLAY_DATA_DIR={data} {PYTHON} -m roleplay play {CASE} --seed 1"
    new_session(session, command)

    def screen() -> str:  # with colours (-e): a moved highlight changes only attributes
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-e", "-t", session], capture_output=True, text=True
        ).stdout

    def timed(*keys: str) -> float:
        before = screen()
        start = time.perf_counter()
        subprocess.run(["tmux", "send-keys", "-t", session, *keys], check=True)
        while screen() == before:
            if time.perf_counter() - start > 5:
                raise Timeout(f"the screen did not change within 5 s after {keys}")
            time.sleep(0.002)
        elapsed = time.perf_counter() - start
        time.sleep(0.15)  # let any follow-up redraw finish before the next sample
        return elapsed

    try:
        wait_screen(screen, "Press Enter to begin")
        subprocess.run(["tmux", "send-keys", "-t", session, "Enter"], check=True)
        wait_screen(screen, "Your moves")
        time.sleep(0.3)
        arrows = [timed("Down" if i % 2 == 0 else "Up") for i in range(samples)]
        turns = []
        for _ in range(24):
            text = screen()
            if "How do you respond?" in text:
                timed("Enter")
                continue
            if "Convene the college of mediators" not in text or "talks have ended" in text:
                break
            # The college meeting is the third available move once the game has started.
            subprocess.run(["tmux", "send-keys", "-t", session, "Home", "Down", "Down"], check=True)
            time.sleep(0.2)
            turns.append(timed("Enter"))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        shutil.rmtree(data, ignore_errors=True)
    if not turns:  # the college meeting was never on screen: the mix below would be arrows only
        raise Timeout("no turn was played: 'Convene the college of mediators' never showed")
    # A trainee presses a few arrow keys for each move they play: the sampled mix.
    return statistics.median(arrows), statistics.median(turns), statistics.median(arrows + turns)


def main() -> None:
    os.environ.setdefault("TERM", "xterm-256color")
    try:
        measure()
    except Timeout as exc:
        print(f"bench_tui: timed out, no result: {exc}", file=sys.stderr)
        sys.exit(2)


def measure() -> None:
    ours, briefing, minimal = cold_start(runs=8)
    print(
        f"cold start to first frame: roleplay play {ours * 1000:.0f} ms, minimal Textual app {minimal * 1000:.0f} ms,"
        f" ratio {ours / minimal:.2f} (target: <= 1.5); briefing ready to read at {briefing * 1000:.0f} ms"
    )
    arrow, turn, overall = key_latency(samples=40)
    print(
        f"key press to updated screen: median {overall * 1000:.1f} ms over all presses (target: <= 50 ms);"
        f" arrow keys {arrow * 1000:.1f} ms, Enter on a move (a whole turn) {turn * 1000:.1f} ms"
    )
    sys.exit(0 if ours / minimal <= 1.5 and overall <= 0.05 else 1)


if __name__ == "__main__":
    main()
