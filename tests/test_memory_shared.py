"""A session forked from serve's zygote never unfreezes what the zygote froze: a full pass
over it would write to every page the sessions share (roleplay/tui/memory.py). A process of
its own unfreezes what it loaded, to collect the cycles made while loading."""

from __future__ import annotations

import gc

import pytest

import roleplay.tui.memory as memory


@pytest.mark.parametrize(("shared", "unfrozen"), [(True, []), (False, ["unfreeze"])])
def test_only_a_process_of_its_own_unfreezes_before_collecting(
    monkeypatch: pytest.MonkeyPatch, shared: bool, unfrozen: list[str]
) -> None:
    gc.freeze()  # stands for the zygote's preload, or for what this process loaded
    monkeypatch.setattr(memory, "SHARED_WITH_SESSIONS", shared)
    calls: list[str] = []
    monkeypatch.setattr(gc, "unfreeze", lambda: calls.append("unfreeze"))
    try:
        memory.freeze_loaded()
    finally:
        monkeypatch.undo()
        gc.unfreeze()
    assert calls == unfrozen
