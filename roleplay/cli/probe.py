"""`roleplay probe CASE`: search a case for tricks (ways to win that teach no mediation)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from roleplay.cli.options import add_json_options


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "probe", help="search a case for tricks: open-loop plans, spam, cynical play, rubric inflation"
    )
    parser.add_argument("case", type=Path, metavar="CASE", help="the case file to search for tricks")
    parser.add_argument(
        "--seconds",
        type=float,
        default=100.0,
        help="a guard on the searches: beams stop by 60%% of it, climbs by 85%%; spam, the greedy mediators and "
        "the held-out games always finish (default 100)",
    )
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--held-out", type=int, default=200, help="seeds the found plans are tested on (default 200)")
    parser.add_argument(
        "--budget",
        type=int,
        default=None,
        metavar="GAMES",
        help="games the hill climbs may play in all (default 150 per second of --seconds); "
        "with a budget the guard rarely cuts, and the same options give the same report",
    )
    add_json_options(parser, "the report")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.authoring.probe.run import ProbeOptions, probe, report_text
    from roleplay.errors import RoleplayError
    from roleplay.loading import load_case

    if args.seconds <= 0 or args.jobs < 1 or args.held_out < 1 or (args.budget is not None and args.budget < 1):
        raise RoleplayError("--seconds, --jobs, --held-out and --budget must be positive")
    loaded = load_case(args.case)
    report = probe(
        args.case,
        loaded.blueprint,
        ProbeOptions(seconds=args.seconds, jobs=args.jobs, held_out=args.held_out, budget=args.budget),
    )
    if args.format == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(report_text(report))
    return 0
