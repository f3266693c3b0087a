"""Validate and lint the text in the editor, not the file on disk.

The loader reads paths, so the unsaved text is written to a private temporary folder under the
file's own name, and checked there with the personas of the real file's folder (as `roleplay
validate` would find them). Problems in the temporary file are reported for the real one.
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from roleplay.errors import Problem, ScenarioError
from roleplay.loading import LoadedCase


@dataclass(frozen=True, order=True)
class Found:
    """A problem to show: 1-based line and column (characters), as our errors give them."""

    file: Path
    line: int
    column: int
    severity: str  # error, warning, info
    field: str
    message: str


@dataclass
class Checked:
    """What validate found, and the case it loaded (to lint) when it found nothing."""

    found: list[Found]
    loaded: LoadedCase | None = None
    copy: Path | None = None


class Checker:
    """Checks texts; one at a time (the loader's caches are not shared between threads)."""

    def __init__(self) -> None:
        self._root = Path(tempfile.mkdtemp(prefix="roleplay-lsp-"))
        self._count = itertools.count()

    def close(self) -> None:
        shutil.rmtree(self._root, ignore_errors=True)

    def validate(self, path: Path, text: str) -> Checked:
        """validate's problems for ``text`` as the content of ``path``."""
        from roleplay.loading.loader import load_case, load_persona, persona_dirs_for, read_document

        folder = self._root / str(next(self._count))
        folder.mkdir()
        copy = folder / path.name
        copy.write_text(text, encoding="utf-8")
        checked = Checked([], copy=copy)
        try:
            document = read_document(copy)
            if "moves" in document.data or "phases" in document.data:
                checked.loaded = load_case(copy, persona_dirs=persona_dirs_for(path))
            elif "kind" in document.data:
                load_persona(copy)
        except ScenarioError as exc:
            checked.found = [self._found(p, path, copy) for p in exc.problems]
            checked.loaded = None
        return checked

    def lint(self, checked: Checked, path: Path) -> list[Found]:
        """lint's findings for a case that validated."""
        from roleplay.authoring.lint import lint

        if checked.loaded is None or checked.copy is None:
            return []
        found = []
        for f in lint(checked.loaded):
            message = f"{f.message} (fix: {f.fix})" if f.fix else f.message
            file = path if Path(f.file) == checked.copy else Path(f.file)
            found.append(Found(file, f.line, f.column, f.severity, f.field, message))
        return found

    def forget(self, checked: Checked) -> None:
        """Drop the copy, and the loader's cached reading of it (each copy is read once)."""
        if checked.copy is None:
            return
        _forget_cached(checked.copy)
        with contextlib.suppress(OSError):
            shutil.rmtree(checked.copy.parent)
        checked.loaded = None

    @staticmethod
    def _found(problem: Problem, path: Path, copy: Path) -> Found:
        file = path if Path(problem.file) == copy else Path(problem.file)
        message = problem.message.replace(str(copy), str(path))
        return Found(file, problem.line, problem.column, problem.severity, problem.field, message)


def _forget_cached(copy: Path) -> None:
    """The loader keeps every file it parsed for the process; a server checking a new copy on
    every edit must let them go. (The loader has no text-level entry point or eviction yet:
    see docs/editors.md, "How it works".)"""
    from roleplay.loading import loader

    resolved = copy.resolve()
    for key in [k for k in loader._documents if k[0] == resolved]:
        del loader._documents[key]
    for digest in [d for d, (doc, _) in loader._personas.items() if doc.path == copy]:
        del loader._personas[digest]
