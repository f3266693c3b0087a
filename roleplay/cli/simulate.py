"""`roleplay simulate CASE --runs N`: Monte Carlo playthroughs for balance, with a progress line."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from roleplay.cli.options import add_json_options

STRATEGY_CHOICES = ("random", "greedy", "history", "expert", "all")


def register(commands: Any) -> None:
    parser = commands.add_parser("simulate", help="play a case many times headless and report the spread of outcomes")
    parser.add_argument("case", type=Path, metavar="CASE", help="the case file to play many times")
    parser.add_argument("--runs", type=int, default=1000, help="runs per strategy (default 1000)")
    parser.add_argument(
        "--strategy",
        choices=STRATEGY_CHOICES,
        default="random",
        help="the mediator that plays (default random; all: each)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the first run; run i uses seed + i")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)")
    add_json_options(parser, "the report")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.authoring.simulate import build_report, report_text, run_all
    from roleplay.cli.progress import ProgressLine
    from roleplay.errors import RoleplayError
    from roleplay.loading import load_case

    if args.runs < 1 or args.jobs < 1:
        raise RoleplayError("--runs and --jobs must be at least 1")
    loaded = load_case(args.case)
    strategies = ["random", "greedy", "history", "expert"] if args.strategy == "all" else [args.strategy]
    if "history" in strategies and loaded.case.history is None:
        raise RoleplayError(f"{args.case}: the case has no [history] for the history strategy")
    total = args.runs * len(strategies)
    # On stderr, and only on a terminal (ProgressLine checks): stdout carries the report alone,
    # text or JSON, and the runs' seeds do not depend on it, so the report is the same either way.
    with ProgressLine(sys.stderr, total) as progress:
        progress.update(0)
        runs = run_all(args.case, loaded.blueprint, strategies, args.runs, args.seed, args.jobs, progress.update)
    report = build_report(loaded.blueprint, runs, args.seed, args.runs)
    if args.format == "json":
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(report_text(report, loaded.blueprint), end="")
    return 0
