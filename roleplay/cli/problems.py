"""Checking case and persona files for problems, shared by `roleplay validate` and `roleplay
lint` (which reports exactly what validate reports for a case that does not validate)."""

from __future__ import annotations

from pathlib import Path

from roleplay.errors import Problem, ScenarioError
from roleplay.loading.files import shown_path

TESTS_SUFFIX = ".tests.toml"


def collect(paths: list[Path]) -> list[Path]:
    """The files to check: those given, and the TOML files of the folders given, without
    hidden ones (an editor's .taplo.toml) and without golden-path files, which are checked
    with their case."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.rglob("*.toml"))
            files.extend(
                p
                for p in found
                if not any(part.startswith(".") for part in p.relative_to(path).parts)
                and not (p.name.endswith(TESTS_SUFFIX) and _case_of(p).is_file())
            )
        else:
            files.append(path)
    return files


def _case_of(tests: Path) -> Path:
    return tests.with_name(tests.name.removesuffix(TESTS_SUFFIX) + ".toml")


def check_file(path: Path) -> list[Problem]:
    from roleplay.loading.loader import load_case, load_persona, read_document

    if path.name.endswith(TESTS_SUFFIX):  # golden paths are checked with their case
        case = _case_of(path)
        if not case.is_file():
            missing = f"golden paths for a case that is not there: {case.name}"
            return [Problem(shown_path(path), 1, 1, "(file)", missing)]
        path = case
    try:
        document = read_document(path)
    except ScenarioError as exc:
        return exc.problems
    try:
        if "moves" in document.data or "phases" in document.data:
            loaded = load_case(path)
            from roleplay.authoring.golden import load_paths

            load_paths(path, loaded.blueprint)  # CASE.tests.toml beside it, if any
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
