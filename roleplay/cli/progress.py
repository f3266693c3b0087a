"""A one-line progress report for long batch commands: runs done, rate and time left.

Written to a terminal only: in a pipe, a log or a CI job a line rewritten with carriage
returns is noise, so the line is off when its stream is not a TTY.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType
from typing import TextIO

#: At most four redraws a second: enough to see it move, not so many the terminal flickers.
MIN_INTERVAL = 0.25


def _duration(seconds: float) -> str:
    if 0 < seconds < 0.5:  # not "0 s" while runs are still going
        return "<1 s"
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class ProgressLine:
    """``simulating: 1,200/4,000 runs · 610 runs/s · ETA 5 s``, redrawn in place, cleared at the end."""

    def __init__(
        self,
        stream: TextIO,
        total: int,
        label: str = "simulating",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream, self.total, self.label, self.clock = stream, total, label, clock
        self.enabled = stream.isatty()
        self.started = clock()
        self.last_drawn: float | None = None
        self.width = 0

    def text(self, done: int, now: float) -> str:
        elapsed = now - self.started
        line = f"{self.label}: {done:,}/{self.total:,} runs"
        if done and elapsed > 0:  # no rate before the first runs are in
            rate = done / elapsed
            line += f" · {rate:,.0f} runs/s · ETA {_duration((self.total - done) / rate)}"
        return line

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if self.last_drawn is not None and now - self.last_drawn < MIN_INTERVAL:
            return
        self.last_drawn = now
        line = self.text(done, now)
        # Pad over the longer line before it, as a carriage return does not erase.
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self) -> None:
        """Erase the line, so the report that follows starts on a clean screen."""
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0

    def __enter__(self) -> ProgressLine:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()
