"""`roleplay lint CASE`: semantic checks with file, line, severity and a suggested fix."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from roleplay.cli.output import printable


def register(commands: Any) -> None:
    parser = commands.add_parser("lint", help="find what can never happen in a case, and other authoring slips")
    parser.add_argument("case", type=Path, metavar="CASE", help="the case file to check")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or json")
    parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too (for CI), not only on errors")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.authoring.lint import lint
    from roleplay.cli.problems import validate_paths
    from roleplay.loading import load_case

    _, problems = validate_paths([args.case])
    if problems:  # a case that does not validate: report exactly what validate reports
        if args.format == "json":
            print(json.dumps({"findings": [dict(p.as_dict(), fix="") for p in problems]}, indent=2))
        else:
            for problem in problems:
                print(printable(str(problem)))
        return 1
    findings = lint(load_case(args.case))
    if args.format == "json":
        print(json.dumps({"findings": [f.as_dict() for f in findings]}, indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            print(printable(str(finding)))
        counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
        print(f"{counts['error']} errors, {counts['warning']} warnings, {counts['info']} notes")
    failing = ("error", "warning") if args.strict else ("error",)
    return 1 if any(f.severity in failing for f in findings) else 0
