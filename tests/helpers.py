"""Helpers shared by the test files: waiting that fails loudly, and the few steps many tests take
(start a session, play it out, answer its crises, find a free port, wait for the app's case).

A polling loop that simply runs out lets the test carry on as if the thing it waited for had
happened; then the test either passes for the wrong reason or fails later with a message that
names the wrong thing. Every wait in the tests goes through ``wait_until`` or ``wait_for``, which
fail with what was awaited and what was last seen.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from roleplay.engine.session import Session
from roleplay.loading import LoadedCase
from roleplay.model.transcript import EventMode
from roleplay.strategies import HistoryStrategy, RandomStrategy, autoplay

if TYPE_CHECKING:
    from textual.pilot import Pilot
    from textual.widgets import DataTable, OptionList

    from roleplay.classroom.team import TeamSession

T = TypeVar("T")

#: Long enough for a case to load in the app's worker on a busy CI machine. A wait that
#: succeeds returns as soon as its condition holds, so a generous timeout costs nothing.
LOAD_TIMEOUT = 30.0


class WaitTimeout(AssertionError):
    """A condition a test waited for never came true (an AssertionError, so it reads as a failure)."""


def _describe(message: str, timeout: float, last: object) -> str:
    return f"timed out after {timeout:g} s waiting for {message}; last seen: {last!r}"


def wait_until(
    predicate: Callable[[], T],
    *,
    timeout: float,
    message: str,
    interval: float = 0.05,
    state: Callable[[], object] | None = None,
    sleep: Callable[[float], object] = time.sleep,
) -> T:
    """Call ``predicate`` every ``interval`` seconds until it returns something truthy; return that.

    On timeout, raise WaitTimeout saying ``message`` (what was awaited) and the last state seen:
    ``state()`` if given, else the predicate's last value. ``sleep`` is how to wait between
    checks (Playwright's sync API, for one, needs ``page.wait_for_timeout`` to deliver events).
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise WaitTimeout(_describe(message, timeout, state() if state is not None else value))
        sleep(interval)


def screens(pilot: Pilot[Any]) -> str:
    """The app's screen stack by class name, bottom first: what a Pilot test was looking at."""
    return " > ".join(type(screen).__name__ for screen in pilot.app.screen_stack)


async def wait_for(
    pilot: Pilot[Any],
    predicate: Callable[[], T],
    *,
    timeout: float,
    message: str,
    interval: float = 0.05,
    state: Callable[[], object] | None = None,
) -> T:
    """``wait_until`` for a Pilot test: ``pilot.pause`` between checks lets the app run.

    The last state seen defaults to the screen stack, which is what usually went wrong."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            last = state() if state is not None else f"{value!r} on screens {screens(pilot)}"
            raise WaitTimeout(_describe(message, timeout, last))
        await pilot.pause(interval)


async def press_until(
    pilot: Pilot[Any],
    key: str,
    predicate: Callable[[], object],
    *,
    attempts: int,
    message: str,
) -> None:
    """Press ``key`` until ``predicate`` holds (say Enter through a briefing and any crisis),
    at most ``attempts`` times: a screen that never goes away fails instead of hanging."""
    for _ in range(attempts):
        if predicate():
            return
        await pilot.press(key)
        await pilot.pause()
    if not predicate():
        raise WaitTimeout(f"{message} not reached after pressing {key} {attempts} times; screens {screens(pilot)}")


async def focus_by_tab(pilot: Pilot[Any], widget: Any) -> None:
    """Press tab until ``widget`` has the focus, as a user would, at most once round the screen."""
    for _ in range(len(pilot.app.screen.focus_chain) + 1):
        if widget.has_focus:
            return
        await pilot.press("tab")
    raise WaitTimeout(f"cannot reach {widget!r} with the tab key; focused: {pilot.app.focused!r}")


async def choose(pilot: Pilot[Any], options: OptionList, option_id: str) -> None:
    """Tab to an option list, go to an option with the arrow keys and press Enter, as a user would."""
    await highlight(pilot, options, option_id)
    await pilot.press("enter")
    await pilot.pause()


async def highlight(pilot: Pilot[Any], options: OptionList, option_id: str) -> None:
    """Tab to an option list and go to an option with the arrow keys (disabled options are
    skipped by the keys, so step until it is highlighted)."""
    await focus_by_tab(pilot, options)
    target = options.get_option_index(option_id)
    for _ in range(options.option_count):
        if options.highlighted == target:
            break
        await pilot.press("down" if (options.highlighted or 0) < target else "up")
    if options.highlighted != target:
        raise WaitTimeout(f"cannot reach option {option_id!r} with the arrow keys")
    await pilot.pause()


async def row_to(pilot: Pilot[Any], table: DataTable[Any], key: str) -> None:
    """Tab to a table and move its cursor to the row ``key`` with the arrow keys."""
    await focus_by_tab(pilot, table)
    target = table.get_row_index(key)
    for _ in range(table.row_count):
        if table.cursor_row == target:
            break
        await pilot.press("down" if table.cursor_row < target else "up")
    if table.cursor_row != target:
        raise WaitTimeout(f"cannot reach row {key!r} with the arrow keys")
    await pilot.pause()


async def case_loaded(pilot: Pilot[Any], ready: Callable[[], object] | None = None) -> None:
    """Wait until the app has loaded its case in the worker thread (and ``ready()`` holds, if given)."""
    app: Any = pilot.app
    await wait_for(
        pilot,
        lambda: app.game is not None and (ready is None or ready()),
        timeout=LOAD_TIMEOUT,
        message="the app to load its case" if ready is None else "the app to load its case and be ready",
    )


def free_port() -> int:
    """A TCP port on localhost nothing listens on (for `roleplay serve`)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def new_session(case: LoadedCase, seed: int = 0, events: EventMode = "all") -> Session:
    """A recorded session of ``case`` that names its case file, as the app and `run` start one."""
    return Session(case.blueprint, seed, case_ref=str(case.path), case_digest=case.digest, events=events)


def played(case: LoadedCase, seed: int, strategy: str = "history") -> Session:
    """A session of ``case`` played to its ending by the history (or random) strategy, as
    `roleplay run --strategy` plays it (the history replay without random events)."""
    mediator = HistoryStrategy(seed) if strategy == "history" else RandomStrategy(seed)
    return autoplay(new_session(case, seed, mediator.events), mediator)


def answer_events(session: Session) -> None:
    """Answer whatever is pending with the historical (else the first) choice."""
    while session.pending and not session.ended:
        event = session.pending[0]
        historical = [c for c in event.choices if c.choice.historical] or list(event.choices)
        session.respond(historical[0].choice.id)


def settle(team: TeamSession) -> None:
    """Answer the team's pending crises with their first choice (a crisis that never goes fails)."""
    for _ in range(100):
        if not team.session.pending:
            return
        team.submit("choice", team.session.pending[0].choices[0].choice.id)
    raise AssertionError(f"crises still pending after 100 answers: {[e.event.id for e in team.session.pending]}")


def shift_truth_inside_estimates(session: Any, party: str = "coordination") -> None:
    """Move ``party``'s true low red lines up, each to the middle of what its estimate leaves
    above the truth, the estimates kept as the trainee sees them: whatever reads only what the
    trainee knows must make the same of every move (the expert's honesty tests)."""
    state = session.state
    truth, margins = state.world.parties[party], state.knowledge.margins
    for issue in truth.red_low:
        below, above = margins[(party, f"red_low.{issue}")]
        truth.red_low[issue] += above / 2
        margins[(party, f"red_low.{issue}")] = (below + above / 2, above / 2)


def expert_weighs(session: Any, seed: int, moves: int = 4) -> list[list[tuple[float, tuple[str, str | None]]]]:
    """What the expert makes of each of its first ``moves`` moves, playing them (and answering
    the crises between them) as it chooses."""
    from roleplay.game.expert import ExpertStrategy

    expert, seen = ExpertStrategy(seed), []
    for _ in range(moves):
        while session.pending:
            session.respond(expert.respond(session))
        if session.ended:
            break
        seen.append(expert.weigh(session))
        move = expert.choose(session)
        assert move is not None
        session.play(*move)
    return seen
