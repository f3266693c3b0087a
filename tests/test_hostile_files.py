"""Hostile files (issue 13): FIFOs, devices and huge files named like cases or saves are
refused before they are read, with a sentence, never a hang or a memory blow-up."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CASE_PATH, BrokenCase

from roleplay.cli import main
from roleplay.errors import SaveError, ScenarioError
from roleplay.loading import load_case
from roleplay.storage.transcripts import MAX_TRANSCRIPT_BYTES, read_records

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def test_a_fifo_among_the_personas_is_refused_not_waited_on(broken_case: Callable[..., BrokenCase]) -> None:
    case = broken_case(persona_edits={"algeria.toml": []})  # a copy of the personas: it takes a FIFO
    os.mkfifo(case.path.parent.parent / "personas" / "zz_pipe.toml")
    started = time.monotonic()
    with pytest.raises(ScenarioError) as info:
        load_case(case.path)
    assert time.monotonic() - started < 5
    assert any("zz_pipe.toml" in p.file and "not a regular file" in p.message for p in info.value.problems)


def test_a_case_that_links_to_dev_zero_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    with pytest.raises(ScenarioError, match="not a regular file"):
        load_case(link)


def test_validate_walks_a_folder_with_a_fifo_and_a_device_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "case.toml").write_text(CASE_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.toml")
    (tmp_path / "zero.toml").symlink_to("/dev/zero")
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'pipe.toml'}:1:1: (file): cannot read: not a regular file" in out
    assert f"{tmp_path / 'zero.toml'}:1:1: (file): cannot read: not a regular file" in out


def test_a_save_that_is_a_fifo_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "save.jsonl"
    os.mkfifo(path)
    with pytest.raises(SaveError, match="not a regular file"):
        read_records(path)


def test_a_save_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "save.jsonl"
    with path.open("wb") as handle:  # sparse: the size is there, the bytes are never read
        handle.truncate(MAX_TRANSCRIPT_BYTES + 1)
    with pytest.raises(SaveError, match="over the limit of 33,554,432: not read"):
        read_records(path)


def test_a_case_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    with path.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)
    with pytest.raises(ScenarioError, match="over the limit"):
        load_case(path)


def test_looking_for_sequels_skips_a_fifo(tmp_path: Path) -> None:
    from roleplay.game.carry_over import sequels

    (tmp_path / "later.toml").write_text(
        'title = "Later"\nmoves = []\n[carry_over]\nfrom_case = "x"\n', encoding="utf-8"
    )
    os.mkfifo(tmp_path / "pipe.toml")
    assert sequels(tmp_path, "x") == [(tmp_path / "later.toml", "Later")]
