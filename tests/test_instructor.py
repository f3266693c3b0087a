"""The instructor token (roleplay/classroom/instructor.py): printed once by `class new`, kept by
the instructor's terminal, and needed by `class watch`, `class token` and `class report`."""

from __future__ import annotations

from pathlib import Path

import pytest

from roleplay.cli import main
from roleplay.loading import LoadedCase


def test_class_commands_need_the_instructor_token(
    tmp_path: Path, algiers: LoadedCase, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = str(tmp_path / "class.sqlite")
    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "instructor"))
    assert main(["class", "new", str(algiers.path), "--store", store]) == 0
    printed = capsys.readouterr().out
    code = printed.split()[1].rstrip(":")
    token = printed.split("instructor token (this terminal keeps it; shown once): ")[1].split()[0]
    assert main(["class", "report", code, "--store", store]) == 0  # the instructor's own terminal
    capsys.readouterr()

    monkeypatch.setenv("ROLEPLAY_DATA_DIR", str(tmp_path / "trainee"))  # another account
    for command in (["report", code], ["watch", code], ["token", code, "--team", "Blue"]):
        assert main(["class", *command, "--store", store]) == 1, command
        err = capsys.readouterr().err
        assert f"only the instructor can do this in class {code}" in err and "Traceback" not in err
    assert main(["class", "report", code, "--store", store, "--token", "guess"]) == 1
    assert "that is not the instructor token" in capsys.readouterr().err
    assert main(["class", "report", code, "--store", store, "--token", token]) == 0
    monkeypatch.setenv("ROLEPLAY_INSTRUCTOR_TOKEN", token)
    assert main(["class", "report", code, "--store", store]) == 0
