"""Checking case and persona files for problems, shared by `roleplay validate` and `roleplay
lint` (which reports exactly what validate reports for a case that does not validate)."""

from __future__ import annotations

from pathlib import Path

from roleplay.errors import Problem, ScenarioError
from roleplay.loading.files import shown_path


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
                    shown_path(path),
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
    problems.update(Problem(shown_path(p), 1, 1, "(file)", "no such file or folder") for p in missing)
    return files, sorted(problems)
