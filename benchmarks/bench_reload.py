"""`roleplay play CASE --watch`: from saving the Algiers case to the replayed game on screen.

Runs the app headless (Textual's test driver) on a copy of the Algiers case, plays its golden
path's first inputs, then saves an edit of a move's name and times until the app shows a new
game at the same turn. Target: at most 1 s (issue 14). Exits 1 when the median misses it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "scenarios" / "algiers-2014-2015.toml"
TARGET_S = 1.0
SAVES = 10
INPUTS = 30


def golden_steps() -> list[str]:
    import tomllib

    tests = tomllib.loads(CASE.read_text(encoding="utf-8"))["tests"]
    longest = max((t.get("steps", []) for t in tests), key=len)
    return [s for s in longest if not s.startswith("?")]


async def measure(case: Path) -> list[float]:
    from roleplay.errors import RoleplayError
    from roleplay.tui.app import create_app
    from roleplay.tui.screens.mediation import MediationScreen

    app = create_app(case=case, seed=1, watch=True, autosave=False)
    timings: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        while app.game is None:
            await pilot.pause(0.05)
        await pilot.press("escape")
        game = app.game
        for step in golden_steps()[:INPUTS]:
            try:
                game.session.act(step)
            except RoleplayError:  # the case changed under the golden path: time what was reached
                break
        turn = game.turn
        name = 'name = "Convene the college of mediators'
        for number in range(SAVES):
            before = app.game
            text = case.read_text(encoding="utf-8")
            case.write_text(text.replace(name, f"{name} ({number})", 1), encoding="utf-8")
            start = time.perf_counter()
            while app.game is before or not isinstance(app.screen, MediationScreen) or not app.screen.is_mounted:
                await pilot.pause(0.01)
                if time.perf_counter() - start > 10:
                    raise SystemExit("no reload within 10 s")
            timings.append(time.perf_counter() - start)
            assert app.game is not None and app.game.turn == turn, "the reload did not reach the same turn"
            await pilot.pause(0.3)  # let the notification settle, as an author reads it
    return timings


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "personas", root / "personas")
        (root / "scenarios").mkdir()
        case = root / "scenarios" / CASE.name
        shutil.copy(CASE, case)
        os.environ.setdefault("ROLEPLAY_DATA_DIR", str(root / "data"))
        timings = asyncio.run(measure(case))
    median, worst = statistics.median(timings), max(timings)
    label = f"save to replayed screen ({INPUTS} inputs, {SAVES} saves)"
    print(f"{label}: median {median * 1000:.0f} ms, max {worst * 1000:.0f} ms")
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
