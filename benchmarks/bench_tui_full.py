"""TUI numbers of issue 12 on the full Algiers case, each in a real terminal (tmux), against a
minimal Textual app's first frame measured in the same run:

- `roleplay play scenarios/algiers-2014-2015.toml` to a readable briefing (target: <= 2x minimal);
- Enter on the briefing to a playable move list (target: <= 100 ms);
- `d` to a drawn debrief (target: <= 300 ms), on a finished game resumed from its save;
- the case picker's first frame, `roleplay play` without a case (target: <= 1.3x minimal);
- idle memory (RSS) of `roleplay play` on the full case at the move list (target: <= 60 MiB).

Run from the repository root: .venv/bin/python benchmarks/bench_tui_full.py [--runs N]
Key latencies poll the screen with colours every 2 ms (each poll is a `tmux capture-pane` of
a few ms, so a latency includes up to one poll of overshoot). Exit code 1 when a target is
missed, 2 when a screen never came (no number is reported around it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench_tui import PYTHON, Timeout, first_frame, new_session, wait_screen

ROOT = Path(__file__).resolve().parent.parent
FULL = ROOT / "scenarios" / "algiers-2014-2015.toml"
BRIEFING = "Press Enter to begin"  # in the briefing's text, not on the loading screen
MOVES = "Your moves"
DEBRIEF = "Export Markdown"  # the debrief's footer
SUMMARY = "Debrief: Algiers"  # the first line of the debrief's summary


class Terminal:
    """One program in a tmux session: its screen, its keys and its memory."""

    def __init__(self, session: str) -> None:
        self.session = session

    def screen(self) -> str:
        return subprocess.run(
            ["tmux", "capture-pane", "-p", "-e", "-t", self.session], capture_output=True, text=True
        ).stdout

    def send(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.session, *keys], check=True)

    def timed(self, key: str, marker: str, timeout: float = 10) -> float:
        """Seconds from sending ``key`` until the screen shows ``marker`` (absent before)."""
        if marker in self.screen():
            raise Timeout(f"{marker!r} was on screen before {key} was pressed")
        start = time.perf_counter()
        self.send(key)
        while marker not in self.screen():
            if time.perf_counter() - start > timeout:
                raise Timeout(f"{marker!r} did not show within {timeout:g} s after {key}:\n{self.screen()}")
            time.sleep(0.002)
        return time.perf_counter() - start

    def timed_two(self, key: str, first: str, second: str, timeout: float = 10) -> tuple[float, float]:
        """Seconds from sending ``key`` until the screen shows ``first``, and until ``second``."""
        start = time.perf_counter()
        self.send(key)
        seen: dict[str, float] = {}
        while len(seen) < 2:
            shown = self.screen()
            for marker in (first, second):
                if marker in shown and marker not in seen:
                    seen[marker] = time.perf_counter() - start
            if time.perf_counter() - start > timeout:
                raise Timeout(f"{first!r} and {second!r} did not both show within {timeout:g} s:\n{shown}")
            time.sleep(0.002)
        return seen[first], seen[second]

    def rss_mib(self) -> float:
        """Resident memory of the Python process the pane runs (the shell's child, or the shell)."""
        pane = subprocess.run(
            ["tmux", "display-message", "-p", "-t", self.session, "#{pane_pid}"], capture_output=True, text=True
        ).stdout.strip()
        pids = [pane]
        children = Path(f"/proc/{pane}/task/{pane}/children")
        if children.exists():
            pids += children.read_text().split()
        best = 0.0
        for pid in pids:
            status = Path(f"/proc/{pid}/status")
            if not status.exists() or "python" not in Path(f"/proc/{pid}/cmdline").read_text():
                continue
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    best = max(best, int(line.split()[1]) / 1024)
        if not best:
            raise Timeout("no Python process found in the pane")
        return best


@contextmanager
def terminal(command: str) -> Iterator[Terminal]:
    session = f"bench-{uuid.uuid4().hex[:8]}"
    new_session(session, command)
    try:
        yield Terminal(session)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def play_command(data: str, *args: str) -> str:
    return f"cd {ROOT} && ROLEPLAY_DATA_DIR={data} {PYTHON} -m roleplay play {' '.join(args)}"


def finished_save(folder: Path) -> Path:
    """A finished history game of the full case, saved as a transcript to resume."""
    save = folder / "finished.jsonl"
    subprocess.run(
        [sys.executable, "-m", "roleplay", "run", str(FULL), "--strategy", "history", "--transcript", str(save)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return save


def measure(runs: int, only: str | None = None) -> bool:
    data = tempfile.mkdtemp()
    folder = Path(tempfile.mkdtemp())
    try:
        if only == "debrief":
            return debrief_latency(runs, data, folder)
        if only == "enter":
            return enter_and_memory(runs, data)
        return first_frames(runs, data) & enter_and_memory(runs, data) & debrief_latency(runs, data, folder)
    finally:
        shutil.rmtree(data, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)


def first_frames(runs: int, data: str) -> bool:
    full = play_command(data, str(FULL), "--seed", "1")
    picker = play_command(data)  # no case: the picker
    minimal = f"cd {ROOT} && {PYTHON} benchmarks/minimal_app.py"
    for command, marker in ((full, BRIEFING), (picker, "Choose a case"), (minimal, "minimal app ready")):
        first_frame(command, marker)  # warm the file cache and .pyc files
    briefings, pickers, minimals = [], [], []
    for _ in range(runs):  # interleaved, so all see the same machine load
        briefings.append(first_frame(full, BRIEFING))
        pickers.append(first_frame(picker, "Choose a case"))
        minimals.append(first_frame(minimal, "minimal app ready"))
    base = statistics.median(minimals)
    briefing, chooser = statistics.median(briefings), statistics.median(pickers)
    print(f"minimal Textual app, first frame: {base * 1000:.0f} ms (median of {runs})")
    print(f"full case to a readable briefing: {briefing * 1000:.0f} ms, {briefing / base:.2f}x (target: <= 2x)")
    print(f"case picker's first frame: {chooser * 1000:.0f} ms, {chooser / base:.2f}x (target: <= 1.3x)")
    return briefing / base <= 2 and chooser / base <= 1.3


def enter_and_memory(runs: int, data: str) -> bool:
    full = play_command(data, str(FULL), "--seed", "1")
    enters, memory = [], []
    for _ in range(runs):
        with terminal(full) as term:
            wait_screen(term.screen, BRIEFING)
            time.sleep(0.5)
            enters.append(term.timed("Enter", MOVES))
            time.sleep(3)  # idle: the first turn's screen drawn, nothing pending
            memory.append(term.rss_mib())
    enter, rss = statistics.median(enters), statistics.median(memory)
    print(f"Enter on the briefing to the move list: median {enter * 1000:.0f} ms, max {max(enters) * 1000:.0f} ms")
    print(f"idle memory at the move list: {rss:.1f} MiB RSS (median; max {max(memory):.1f}) (target: <= 60 MiB)")
    return enter <= 0.1 and rss <= 60


def debrief_latency(runs: int, data: str, folder: Path) -> bool:
    """`d` on a finished game's main screen until the debrief is drawn (its summary shows). The
    game is resumed from a save, which opens its debrief once: each sample closes it first."""
    save = finished_save(folder)
    debriefs, footers = [], []
    with terminal(play_command(data, "--resume", str(save))) as term:
        wait_screen(term.screen, DEBRIEF)  # a finished game opens its debrief
        for _ in range(runs):
            time.sleep(1.0)  # the turning points' thread done
            term.send("Escape")
            wait_screen(term.screen, MOVES)
            time.sleep(0.5)
            if SUMMARY in term.screen() or DEBRIEF in term.screen():
                raise Timeout("the debrief was still on screen before d")
            summary, keys = term.timed_two("d", SUMMARY, DEBRIEF)
            debriefs.append(summary)
            footers.append(keys)
    debrief = statistics.median(debriefs)
    print(
        f"d to a drawn debrief: median {debrief * 1000:.0f} ms, max {max(debriefs) * 1000:.0f} ms (target: <= 300);"
        f" its footer of keys at {statistics.median(footers) * 1000:.0f} ms"
    )
    return debrief <= 0.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", choices=["enter", "debrief"], help="measure only Enter and memory, or only d")
    args = parser.parse_args()
    os.environ.setdefault("TERM", "xterm-256color")
    try:
        ok = measure(args.runs, args.only)
    except Timeout as exc:
        print(f"bench_tui_full: timed out, no result: {exc}", file=sys.stderr)
        sys.exit(2)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
