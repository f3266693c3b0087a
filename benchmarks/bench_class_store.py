"""The class store under a classroom's load: 40 team processes each commit a move every half
second for a minute against one store: a new SQLite file by default, or with --store a
postgresql:// URL (a new class in that database). Checks that no acknowledged move is lost or
duplicated, and reports commit latency (target: p99 <= 50 ms).

Run: .venv/bin/python benchmarks/bench_class_store.py [--teams 40] [--seconds 60] [--store URL|PATH]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

from roleplay.classroom.store import open_store


def team(location: str, code: str, name: str, seconds: float, interval: float, out: str) -> None:
    store = open_store(location)
    store.join(code, name)
    acknowledged, latencies = [], []
    seq = 0
    start = time.monotonic()
    next_at = start
    while time.monotonic() - start < seconds:
        time.sleep(max(0.0, next_at - time.monotonic()))
        next_at += interval
        t = time.perf_counter()
        recorded = store.commit(code, name, seq + 1, "move", "college_meeting", None)
        latencies.append(time.perf_counter() - t)
        seq = recorded[-1].seq
        acknowledged.extend(a.seq for a in recorded)
    Path(out).write_text(json.dumps({"acknowledged": acknowledged, "latencies": latencies}))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teams", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--store", help="a postgresql:// URL or a SQLite file (default: a new file)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    store = open_store(args.store or folder / "class.sqlite")
    code = store.create_class("load", "case.toml", "0" * 64, 1).code
    processes = [
        multiprocessing.Process(
            target=team,
            args=(store.location, code, f"team{i:02d}", args.seconds, args.interval, str(folder / f"{i}.json")),
        )
        for i in range(args.teams)
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    crashed = [i for i, p in enumerate(processes) if p.exitcode != 0]
    if crashed:  # their results are missing: any latency reported would leave them out
        print(f"bench_class_store: {len(crashed)} team processes failed (first: team{crashed[0]:02d}), no result")
        return 2
    latencies: list[float] = []
    problems = 0
    for i in range(args.teams):
        result = json.loads((folder / f"{i}.json").read_text())
        latencies += result["latencies"]
        stored = [a.seq for a in store.actions(code, f"team{i:02d}")]
        if stored != result["acknowledged"] or stored != list(range(1, len(stored) + 1)):
            problems += 1
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(0.99 * (len(latencies) - 1))] * 1000
    print(
        f"{store.location.split(':')[0] if '://' in store.location else 'sqlite'}:"
        f" {args.teams} teams x {args.seconds:g} s, a move every {args.interval:g} s: {len(latencies)} commits;"
        f" lost or duplicated: {'none' if problems == 0 else f'{problems} teams wrong'};"
        f" commit latency p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {latencies[-1] * 1000:.1f} ms (target: p99 <= 50 ms)"
    )
    return 0 if problems == 0 and p99 <= 50 else 1


if __name__ == "__main__":
    sys.exit(main())
