"""Outputs under faults (issue 13): an unwritable path is `roleplay: cannot write FILE: reason`
and exit 1, never a traceback; temporary files of killed writers are cleaned; modes are kept."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CASE_PATH, ROOT

from roleplay.cli import main
from roleplay.engine.session import Session
from roleplay.storage.files import STALE_SECONDS, WriteError, write_atomic
from roleplay.storage.saves import save


@pytest.fixture
def blocked(tmp_path: Path) -> Path:
    """A path whose folder is a file: no one can write there, root included."""
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    return tmp_path / "afile" / "out.txt"


def test_run_transcript_to_an_unwritable_path(blocked: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(CASE_PATH), "--transcript", str(blocked), "--json"]) == 1
    err = capsys.readouterr().err
    assert err == f"roleplay: cannot write {blocked}: {blocked.parent} is a file, not a folder\n"


def test_debrief_to_a_folder(
    finished_algiers: tuple[Session, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, path = finished_algiers
    assert main(["debrief", str(path), "-o", str(tmp_path)]) == 1
    assert capsys.readouterr().err.startswith(f"roleplay: cannot write {tmp_path}: ")


def test_class_report_to_an_unwritable_path(blocked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "class.sqlite"
    assert main(["class", "new", str(CASE_PATH), "--store", str(store)]) == 0
    code = capsys.readouterr().out.split()[1].rstrip(":")
    assert main(["class", "report", code, "--store", str(store), "-o", str(blocked)]) == 1
    assert capsys.readouterr().err.startswith(f"roleplay: cannot write {blocked}: ")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_on_a_full_disk() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "roleplay", "run", str(CASE_PATH)],
            cwd=ROOT,
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert (done.returncode, done.stderr) == (1, "roleplay: cannot write the output: No space left on device\n")


def test_a_write_error_is_still_an_os_error(blocked: Path) -> None:
    with pytest.raises(OSError, match="cannot write"):  # the app's save dialog catches OSError
        write_atomic(blocked, "text")
    with pytest.raises(WriteError):
        write_atomic(blocked, "text")


def test_stale_temporary_files_of_the_target_are_removed(tmp_path: Path) -> None:
    target = tmp_path / "save.jsonl"
    stale = [tmp_path / f".save.jsonl.kill{n}.tmp" for n in range(3)]
    fresh = tmp_path / ".save.jsonl.live.tmp"
    other = tmp_path / ".other.jsonl.kill.tmp"
    old = time.time() - STALE_SECONDS - 5
    for leftover in [*stale, fresh, other]:
        leftover.write_text("half", encoding="utf-8")
        if leftover is not fresh:
            os.utime(leftover, (old, old))
    write_atomic(target, "whole\n")
    assert target.read_text(encoding="utf-8") == "whole\n"
    assert not any(p.exists() for p in stale)
    assert fresh.exists() and other.exists()  # a live writer's, and another target's


def test_the_mode_of_an_existing_file_is_kept(tmp_path: Path, algiers: object) -> None:
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    target.chmod(0o640)
    write_atomic(target, "newer")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_new_file_gets_the_umask_default_not_0600(tmp_path: Path, finished_algiers: tuple[Session, Path]) -> None:
    session, _ = finished_algiers
    mask = os.umask(0o022)
    try:
        save(session, tmp_path / "new.jsonl")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "new.jsonl").stat().st_mode) == 0o644
