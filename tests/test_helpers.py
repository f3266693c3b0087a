"""The waiting helpers fail loudly: a condition that never comes true is a failure that says what
was awaited and what was last seen, and one that comes true returns at once."""

from __future__ import annotations

import time

import pytest
from helpers import WaitTimeout, press_until, wait_for, wait_until
from textual.app import App


def test_wait_until_returns_the_value_once_the_condition_holds() -> None:
    calls = iter([0, "", None, "ready"])
    assert wait_until(lambda: next(calls), timeout=5, message="the fourth call", interval=0) == "ready"


def test_wait_until_fails_with_what_it_waited_for_and_the_last_state() -> None:
    seen = []
    start = time.monotonic()
    with pytest.raises(WaitTimeout, match=r"timed out after 0\.2 s waiting for the door to open; last seen: 'shut'"):
        wait_until(lambda: seen.append(1), timeout=0.2, message="the door to open", interval=0.01, state=lambda: "shut")
    assert time.monotonic() - start >= 0.2
    assert len(seen) > 1  # it kept checking until the deadline
    assert issubclass(WaitTimeout, AssertionError)  # pytest reports it as a failed assertion


def test_wait_until_reports_the_predicates_last_value_by_default() -> None:
    with pytest.raises(AssertionError, match="waiting for a non-empty list; last seen: \\[\\]"):
        wait_until(list, timeout=0, message="a non-empty list")


def test_wait_until_sleeps_with_the_given_function() -> None:
    naps: list[float] = []
    with pytest.raises(WaitTimeout):
        wait_until(lambda: False, timeout=0.05, message="never", interval=0.01, sleep=naps.append)
    assert naps and set(naps) == {0.01}


async def test_wait_for_lets_the_app_run_until_the_condition_holds() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        app.set_timer(0.1, lambda: setattr(app, "title", "ready"))
        assert await wait_for(pilot, lambda: app.title == "ready", timeout=5, message="the timer") is True


async def test_wait_for_fails_with_the_message_and_the_screens() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        with pytest.raises(
            WaitTimeout, match=r"waiting for a title that never comes; last seen: 'False on screens Screen'"
        ):
            await wait_for(pilot, lambda: app.title == "never", timeout=0.1, message="a title that never comes")


async def test_press_until_fails_instead_of_pressing_forever() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        with pytest.raises(WaitTimeout, match="the end screen not reached after pressing enter 3 times"):
            await press_until(pilot, "enter", lambda: False, attempts=3, message="the end screen")
        presses = iter([False, False, True])
        await press_until(pilot, "enter", lambda: next(presses), attempts=3, message="the third check")
