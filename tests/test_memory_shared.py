"""A session forked from serve's zygote never unfreezes what the zygote froze: a full pass
over it would write to every page the sessions share (roleplay/tui/memory.py)."""

from __future__ import annotations

import gc

import pytest

import roleplay.tui.memory as memory


def test_a_forked_session_keeps_what_the_zygote_froze(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.freeze()  # stands for the zygote's preload
    monkeypatch.setattr(memory, "SHARED_WITH_SESSIONS", True)
    calls: list[str] = []
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    try:
        memory.freeze_loaded()
    finally:
        monkeypatch.undo()
        gc.unfreeze()
    assert calls == []  # nothing the zygote froze went back to the collector


def test_a_process_of_its_own_collects_what_it_loaded(monkeypatch: pytest.MonkeyPatch) -> None:
    gc.freeze()
    monkeypatch.setattr(memory, "SHARED_WITH_SESSIONS", False)
    calls: list[str] = []
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    try:
        memory.freeze_loaded()
    finally:
        monkeypatch.undo()
        gc.unfreeze()
    assert calls == ["unfreeze"]
