"""`roleplay test CASE`: run the case's golden paths ([[tests]] in the case or CASE.tests.toml)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("test", help="run a case's golden paths and report the steps that diverge")
    parser.add_argument(
        "case", type=Path, metavar="CASE", help="the case whose golden paths to run (and CASE.tests.toml)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.authoring.golden import load_paths, run_path, sibling_file
    from roleplay.loading import load_case

    loaded = load_case(args.case)
    paths = load_paths(args.case, loaded.blueprint)
    if not paths:
        print(f"{args.case}: no golden paths; add [[tests]] to the case or to {sibling_file(args.case).name}")
        return 1
    failed = 0
    for path in paths:
        outcome = run_path(loaded.blueprint, path)
        failed += not outcome.passed
        print(f"{'PASS' if outcome.passed else 'FAIL'}  {outcome.name}: {outcome.detail}")
    print(f"{len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0
