"""`roleplay lint` on a case ten times the Algiers case: its moves and events copied nine more
times under new ids (each copy's own `played.`/`fired.` references renamed with it). Target
(issue 14): at most 1 s, so lint stays about linear in the size of a case. Exits 1 when the
median of 3 runs misses it."""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "scenarios" / "algiers-2014-2015.toml"
TARGET_S = 1.0
COPIES = 9


def blocks(text: str, table: str) -> list[str]:
    """The `[[table]]` blocks of a case, each up to the next table header or section comment."""
    pattern = re.compile(rf"^\[\[{table}\]\]\n.*?(?=^\[|^# --|\Z)", re.S | re.M)
    return pattern.findall(text)


def copy_block(block: str, suffix: str) -> str:
    ident = re.search(r'^id = "([^"]+)"', block, re.M)
    assert ident is not None
    old = ident.group(1)
    new = f"{old}_{suffix}"
    block = block.replace(f'id = "{old}"', f'id = "{new}"', 1)
    return re.sub(rf"\b(played|fired)\.{re.escape(old)}\b", rf"\1.{new}", block)


def scaled_case(text: str) -> str:
    extra = []
    for number in range(1, COPIES + 1):
        extra += [copy_block(b, f"x{number}") for b in blocks(text, "moves")]
        extra += [copy_block(b, f"x{number}") for b in blocks(text, "events")]
    head, marker, tail = text.partition("# -- endings")
    return head + "\n".join(extra) + "\n" + marker + tail


def main() -> int:
    from roleplay.authoring.lint import lint
    from roleplay.loading import load_case

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        shutil.copytree(ROOT / "personas", root / "personas")
        (root / "scenarios").mkdir()
        path = root / "scenarios" / "big.toml"
        text = CASE.read_text(encoding="utf-8")
        path.write_text(scaled_case(text), encoding="utf-8")
        loaded = load_case(path)
        moves, events = len(loaded.blueprint.moves), len(loaded.blueprint.events)
        timings = []
        for _ in range(3):
            start = time.perf_counter()
            findings = lint(loaded)
            timings.append(time.perf_counter() - start)
        base = load_case(CASE)
        start = time.perf_counter()
        lint(base)
        small = time.perf_counter() - start
    median = statistics.median(timings)
    print(f"lint of a case with {moves} moves and {events} events: median {median:.2f} s ({len(findings)} findings);")
    print(f"the Algiers case itself: {small:.2f} s")
    return 0 if median <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
