"""`roleplay validate PATH...`: check case and persona files; every problem with file and line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from roleplay.errors import Problem, ScenarioError

# Command modules import the engine inside their handlers: `roleplay play` must not pay for
# the imports of every other command before its first frame.


def register(commands: Any) -> None:
    parser = commands.add_parser("validate", help="check case and persona files (folders are searched)")
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.set_defaults(handler=handle)


def collect(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob("*.toml")))
        else:
            files.append(path)
    return files


def check_file(path: Path) -> list[Problem]:
    from roleplay.loading.loader import load_case, load_persona, read_document

    try:
        document = read_document(path)
    except ScenarioError as exc:
        return exc.problems
    try:
        if "moves" in document.data or "phases" in document.data:
            load_case(path)
        elif "kind" in document.data:
            load_persona(path)
        else:
            return [
                Problem(
                    str(path),
                    1,
                    1,
                    "(document)",
                    "neither a case (it would have [[moves]] and [[phases]]) nor a persona (it would have kind)",
                )
            ]
    except ScenarioError as exc:
        return exc.problems
    return []


def validate_paths(paths: list[Path]) -> tuple[list[Path], list[Problem]]:
    files = collect(paths)
    problems: set[Problem] = set()
    for path in files:
        problems.update(check_file(path))
    missing = [p for p in paths if not p.exists()]
    problems.update(Problem(str(p), 1, 1, "(file)", "no such file or folder") for p in missing)
    return files, sorted(problems)


def handle(args: argparse.Namespace) -> int:
    files, problems = validate_paths(args.paths)
    if args.format == "json":
        print(
            json.dumps(
                {"files": len(files), "problems": [p.as_dict() for p in problems]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for problem in problems:
            print(problem)
        noun = "file" if len(files) == 1 else "files"
        verdict = "no problems" if not problems else f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        print(f"{len(files)} {noun} checked: {verdict}")
    return 1 if problems else 0
