"""Shared fixtures: the shipped cases, a small fixture case, broken copies of a case, a private
data folder for the app, and a finished Algiers game saved to a file.

Plain helpers (waiting that fails loudly, starting and playing a session) are in helpers.py."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import played

from roleplay.engine.session import Session
from roleplay.errors import Problem, ScenarioError
from roleplay.loading import LoadedCase, load_case
from roleplay.storage.saves import save

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
#: The short Algiers case (the road map of 2014): the one most tests play.
CASE_PATH = SCENARIOS / "algiers-roadmap-2014.toml"
#: The full Algiers case (seven parties) and Bamako, which carries over from how it ended.
FULL_ALGIERS_PATH = SCENARIOS / "algiers-2014-2015.toml"
BAMAKO_PATH = SCENARIOS / "bamako-implementation-2015-2017.toml"
PERSONAS_DIR = ROOT / "personas"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_PATH = FIXTURES / "mini" / "scenarios" / "mini.toml"
#: What really happened at the end of the Algiers case (its history strategy must get there).
HISTORICAL_ENDING = "roadmap_separate"

#: A replacement: (old, new) replaces the first ``old``; (anchor, old, new) replaces the first
#: ``old`` that follows the first ``anchor``.
Replacement = tuple[str, str] | tuple[str, str, str]


@dataclass(frozen=True)
class BrokenCase:
    """A modified copy of a case file, with helpers to find where things are in it."""

    path: Path
    text: str

    def line_of(self, needle: str, start: int = 1) -> int:
        """1-based number of the first line at or after ``start`` that contains ``needle``."""
        for number, line in enumerate(self.text.splitlines(), start=1):
            if number >= start and needle in line:
                return number
        raise AssertionError(f"{needle!r} is not in {self.path.name} (from line {start})")

    def line_before(self, needle: str, line: int) -> int:
        """1-based number of the last line before ``line`` that contains ``needle``."""
        lines = self.text.splitlines()
        for number in range(line - 1, 0, -1):
            if needle in lines[number - 1]:
                return number
        raise AssertionError(f"{needle!r} does not occur before line {line}")

    def column_of(self, needle: str, line: int) -> int:
        """1-based column of ``needle`` in the given line."""
        text = self.text.splitlines()[line - 1]
        assert needle in text, f"{needle!r} not on line {line}: {text!r}"
        return text.index(needle) + 1

    def problems(self) -> list[Problem]:
        """Load the case, expecting a ScenarioError; return its problems."""
        with pytest.raises(ScenarioError) as info:
            load_case(self.path)
        problems = info.value.problems
        assert problems, "a ScenarioError must carry at least one problem"
        return problems


def apply_replacements(text: str, replacements: Sequence[Replacement]) -> str:
    for replacement in replacements:
        if len(replacement) == 2:
            anchor, (old, new) = "", replacement
        else:
            anchor, old, new = replacement
        start = text.find(anchor)
        assert start >= 0, f"anchor {anchor!r} not found in the case"
        at = text.find(old, start)
        assert at >= 0, f"{old!r} not found in the case after {anchor!r}"
        text = text[:at] + new + text[at + len(old) :]
    return text


@pytest.fixture(scope="session")
def algiers() -> LoadedCase:
    return load_case(CASE_PATH)


@pytest.fixture(scope="session")
def mini() -> LoadedCase:
    return load_case(MINI_PATH)


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The app's cache of cases and briefings (roleplay.loading.cache) off, and in a folder of
    the test run's own, never the user's (the app's subprocesses inherit both). Off: a test
    that waits for the briefing means the loaded game's; tests/test_case_cache.py and
    test_early_briefing.py turn it on (``cache`` fixture)."""
    folder = tmp_path_factory.mktemp("xdg-cache")
    saved = {name: os.environ.get(name) for name in ("XDG_CACHE_HOME", "ROLEPLAY_NO_CACHE")}
    os.environ.update(XDG_CACHE_HOME=str(folder), ROLEPLAY_NO_CACHE="1")
    yield folder / "roleplay"
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache on, in an empty folder of the test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ROLEPLAY_NO_CACHE", raising=False)
    return tmp_path / "xdg" / "roleplay"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Autosaves go to a temporary folder, never the user's data directory (for tests that run
    the app: `pytestmark = pytest.mark.usefixtures("data_dir")`). Not autouse, as hypothesis
    refuses function-scoped fixtures in its tests."""
    folder = tmp_path / "data"
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def finished_algiers(tmp_path: Path) -> tuple[Session, Path]:
    """The full Algiers case played to its historical ending (seed 1), and the file it is saved in."""
    finished = played(load_case(FULL_ALGIERS_PATH), 1)
    assert finished.ending is not None, "the history strategy must end the Algiers case"
    path = tmp_path / "algiers.jsonl"
    save(finished, path)
    return finished, path


@pytest.fixture
def broken_case(tmp_path: Path) -> Callable[..., BrokenCase]:
    """Make a modified copy of a case under tmp_path/scenarios/, with tmp_path/personas beside it.

    ``broken_case(("old", "new"), ...)`` edits the Algiers case; ``source=`` picks another case
    file and ``personas=`` its persona folder. ``persona_edits={"platform.toml": [...]}`` copies
    the personas (instead of linking them) and edits the named files.
    """

    def make(
        *replacements: Replacement,
        source: Path = CASE_PATH,
        personas: Path = PERSONAS_DIR,
        persona_edits: dict[str, Sequence[Replacement]] | None = None,
    ) -> BrokenCase:
        text = apply_replacements(source.read_text(encoding="utf-8"), replacements)
        folder = tmp_path / "scenarios"
        folder.mkdir(exist_ok=True)
        persona_dir = tmp_path / "personas"
        if not persona_dir.exists():
            if persona_edits:
                shutil.copytree(personas, persona_dir)
            else:
                persona_dir.symlink_to(personas, target_is_directory=True)
        for name, edits in (persona_edits or {}).items():
            file = persona_dir / name
            file.write_text(apply_replacements(file.read_text(encoding="utf-8"), edits), encoding="utf-8")
        path = folder / source.name
        path.write_text(text, encoding="utf-8")
        return BrokenCase(path, text)

    return make
