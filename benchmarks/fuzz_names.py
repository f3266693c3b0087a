"""Hostile team names and class messages through every output (issue 13).

    .venv/bin/python benchmarks/fuzz_names.py [--names N] [--seed S] [--per-store N] [--apps N]

Each generated name (benchmarks/hostile_names.py) is joined to a class in a SQLite store (one
store per --per-store names): the store takes it (the name as shown) or refuses it with a
StoreError (counted, fine). Every fifth input is also posted as a message of the instructor's.
What the store took, and the raw name as a store made before names were checked would hold
it, then goes through the class report in Markdown, HTML and CSV (the report of each store
replayed from it too), the Markdown as printed to a terminal, the dashboard's rendering (its
table rows and cells, the team's detail, the injection log, the recipients' labels) and the
team screen's class line and messages. For --apps classes of 25 taken names the real
dashboard runs under Textual's Pilot: every name in its table literally, a row clicked, the
screen's text free of controls.

Counted: tracebacks (any exception but a StoreError), inputs over 5 s, max RSS over 500 MB,
and injections (markup interpreted, a link, an image, a tag, a heading or table row made
from a name, a control or escape character, a formula cell). Exits non-zero on any of them.
tests/test_hostile_names_fuzz.py runs a bounded number of the same inputs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from hostile_names import hostile_message, hostile_name, unsafe  # noqa: E402
from name_checks import check_csv, check_html, check_markdown, check_rendered, check_terminal  # noqa: E402

from roleplay.classroom.store import SqliteStore, StoreError, TeamTaken  # noqa: E402

SLOW = 5.0
#: A raw name longer than this gets a report of its own (a short name's batch of a few hundred
#: takes well under a second; a page pasted into a name, most of one).
LONG = 2_000
MAX_RSS_MB = 500
CASE = ROOT / "scenarios" / "algiers-roadmap-2014.toml"


@dataclass
class Tally:
    inputs: int = 0
    taken: int = 0
    refused: int = 0
    same_team: int = 0
    messages: int = 0
    messages_refused: int = 0
    reports: int = 0
    rendered: int = 0
    apps: int = 0
    tracebacks: int = 0
    slow: int = 0
    injections: int = 0
    slowest: float = 0.0
    failures: list[str] = field(default_factory=list)

    def fail(self, kind: str, text: str, detail: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        if len(self.failures) < 20:
            self.failures.append(f"{kind}: {text[:120]!r}: {detail[-1500:]}")

    def check(self, text: str, problems: list[str]) -> None:
        if problems:
            self.fail("injections", text, "; ".join(problems))

    def timed(self, text: str, step: Callable[[], Any]) -> Any:
        """Run ``step``; an exception but a StoreError is a traceback, over 5 s a slow input."""
        started = time.monotonic()
        try:
            return step()
        except StoreError:
            raise
        except Exception:
            self.fail("tracebacks", text, traceback.format_exc())
            return None
        finally:
            took = time.monotonic() - started
            self.slowest = max(self.slowest, took)
            if took > SLOW:
                self.fail("slow", text, f"took {took:.1f} s")

    def failed(self) -> bool:
        return bool(self.tracebacks or self.slow or self.injections or max_rss_mb() > MAX_RSS_MB)


def max_rss_mb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


class Renderers:
    """The outputs of a name that need a played game: a report template and a team's view."""

    def __init__(self, store: SqliteStore, code: str, teams: list[str]) -> None:
        from roleplay.classroom.monitor import ClassMonitor
        from roleplay.classroom.report import class_results

        self.results = class_results(store, code)
        self.views = ClassMonitor(store, code).views()
        assert self.results and self.views and teams

    def report(self, tally: Tally, names: list[str]) -> None:
        from roleplay.classroom.report import to_csv, to_html, to_markdown

        template = self.results
        results = [replace(template[i % len(template)], team=name) for i, name in enumerate(names)]
        results[0] = replace(results[0], injections=(*names[:3],))  # case text: an event's title
        label = names[0]
        markdown = tally.timed(label, lambda: to_markdown("CODE", results))
        page = tally.timed(label, lambda: to_html("CODE", results))
        sheet = tally.timed(label, lambda: to_csv(results, "CODE"))
        if markdown is not None and page is not None and sheet is not None:
            for name, problems in (
                *check_markdown(markdown, results),
                *check_html(page, results),
                *check_csv(sheet, results),
                *check_terminal(markdown, names),
            ):
                tally.check(name, problems)
        tally.reports += 1

    def render(self, tally: Tally, name: str, stored: bool) -> None:
        """The dashboard's and the team screen's texts of a name (and of a message)."""
        from roleplay.tui.dashboard.injection_log import log_text
        from roleplay.tui.dashboard.team_detail import detail_text
        from roleplay.tui.dashboard.teams_table import team_rows
        from roleplay.tui.screens.class_messages import messages_text
        from roleplay.tui.shown import shown
        from roleplay.tui.widgets.class_line import identity, printable
        from roleplay.tui.widgets.keyed_table import cell_text

        view = replace(self.views[0], team=name, last_move=name)
        literal = name if stored else None  # a stored name is shown exactly as stored

        def texts() -> list[tuple[str, Any, str | None]]:
            ((key, cells),) = team_rows([view])
            assert key == name  # the row's key is the name as stored: the store's operations use it
            link: Any = _Link("CODE", name)  # the code and team of a ClassLink: all identity() reads
            return [
                ("cell", cell_text(cells[0]), literal),
                ("last move cell", cell_text(cells[4]), None),
                ("detail", detail_text(view), literal),
                ("log", log_text([(1, name, name, 0)], {}, 3), None),
                ("label", cell_text(f"Team {shown(name)}"), literal),
                ("class line", cell_text(identity(link)), None),
                ("messages", messages_text([printable(name)]), None),
            ]

        for where, text, expected in tally.timed(name, texts) or []:
            one_line = where not in ("detail", "log", "messages")
            tally.check(name, [f"{where}: {p}" for p in check_rendered(text, expected, one_line=one_line)])
        tally.rendered += 1


@dataclass(frozen=True)
class _Link:
    code: str
    team: str


def join_all(tally: Tally, store: SqliteStore, code: str, names: list[str]) -> list[str]:
    """Join each name (every fifth also posted as a message); the names the store took."""
    from roleplay.classroom.store.names import MAX_TEAM_NAME, display_name

    taken = []
    for number, name in enumerate(names):
        tally.inputs += 1
        try:
            joined = tally.timed(name, lambda name=name: store.join(code, name))  # type: ignore[misc]
        except TeamTaken:
            tally.same_team += 1
        except StoreError as exc:
            tally.refused += 1
            tally.check(name, [f"refusal says {p}" for p in unsafe(str(exc), line=True)] if str(exc) else ["no words"])
        else:
            if joined is not None:
                tally.taken += 1
                shown = joined.team
                problems = [f"stored with {p}" for p in unsafe(shown, line=True)]
                if shown != display_name(name) or len(shown) > MAX_TEAM_NAME:
                    problems.append(f"stored as {shown!r}")
                tally.check(name, problems)
                taken.append(shown)
        if number % 5 == 0:
            message = hostile_message(random.Random(number * 7919 + len(name)))
            tally.inputs += 1
            tally.messages += 1
            try:
                posted = tally.timed(message, lambda m=message: store.post_message(code, m))  # type: ignore[misc]
                if posted is not None:
                    back = store.messages(code, "nobody", posted - 1)
                    if back != [(posted, message)]:
                        tally.fail("injections", message, f"read back as {back!r}")
            except StoreError:
                tally.messages_refused += 1
    return taken


async def watch(tally: Tally, store: SqliteStore, code: str, names: list[str], shown: list[str] | None = None) -> None:
    """The real dashboard on a class of ``names``: each in its row as ``shown`` (literally when
    not given), a row clicked (a `[@click=app.quit]` name must not quit), the screen's text
    free of controls."""
    from roleplay.tui.dashboard.app import Dashboard
    from roleplay.tui.dashboard.team_detail import TeamDetail
    from roleplay.tui.dashboard.teams_table import TeamsTable

    app = Dashboard(store, code)
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.pause()
        table = app.query_one(TeamsTable)
        cells = [str(table.get_row_at(row)[0].plain) for row in range(table.row_count)]
        if cells != (shown or names):
            tally.fail("injections", names[0], f"the table shows {cells!r}, the store holds {names!r}")
        for row in (0, 3, 7):
            await pilot.click(TeamsTable, offset=(3, row + 1))
            await pilot.pause()
        await pilot.press("down", "down")
        await pilot.pause()
        detail = app.query_one(TeamDetail).render().plain
        if f"Team {(shown or names)[names.index(table.highlighted_key() or '')]}" not in detail:
            tally.fail("injections", names[0], f"the team's detail reads {detail[:80]!r}")
        await pilot.press("m")  # the recipients' list: every name as a label
        await pilot.pause()
        screen = _screen_text(app)
        await pilot.press("escape")
        if not app.is_running:
            tally.fail("injections", names[0], "a click on a row quit the dashboard")
        tally.check(names[0], [f"dashboard screen: {p}" for p in unsafe(screen)])
    tally.apps += 1


def _screen_text(app: Any) -> str:
    update = app.screen._compositor.render_update(full=True)
    return "\n".join("".join(segment.text for segment in strip) for strip in update.strips)


def sweep(
    count: int,
    seed: int,
    folder: Path,
    per_store: int = 2_500,
    apps: int = 20,
    *,
    batch: int = 250,
    progress: bool = False,
) -> Tally:
    """``count`` hostile names through every output, one store per ``per_store`` names."""
    from roleplay.loading import load_case

    rng = random.Random(seed)
    tally = Tally()
    loaded = load_case(CASE)
    stores = max(1, -(-count // per_store))
    for number in range(stores):
        store = SqliteStore(folder / f"class-{number}.sqlite")
        code = store.create_class("hostile", str(loaded.path), loaded.digest, seed + number).code
        names = [hostile_name(rng) for _ in range(min(per_store, count - number * per_store))]
        taken = join_all(tally, store, code, names)
        for team in taken[:10]:  # a few teams have played: the report's tables have rows
            store.commit(code, team, 1, "move", "college_meeting", None)
        renderers = Renderers(store, code, taken)
        for start in range(0, len(names), batch):
            raw = names[start : start + batch]
            done = taken[start : start + batch]  # taken names are fewer: a batch may be empty
            for name in raw:
                renderers.render(tally, name, stored=False)
            for name in done:
                renderers.render(tally, name, stored=True)
            for name in (n for n in raw if len(n) > LONG):  # timed alone: a run is one input
                renderers.report(tally, [name])
            renderers.report(tally, [n for n in raw if len(n) <= LONG] + done)
        renderers.report(tally, [r.team for r in renderers.results])  # the store's own report, as replayed
        if number < apps and taken:
            sample = taken[:25]
            watched = store.create_class("watched", str(loaded.path), loaded.digest, seed).code
            for team in sample:
                store.join(watched, team)
            shown = store.teams(watched)  # in the store's order
            tally.timed(sample[0], lambda: asyncio.run(watch(tally, store, watched, shown)))  # noqa: B023
        store.close()
        if progress:
            print(f"store {number + 1}/{stores}: {tally.inputs} inputs, max RSS {max_rss_mb()} MB", file=sys.stderr)
    return tally


def report(tally: Tally, took: float) -> str:
    lines = [
        f"inputs: {tally.inputs} ({tally.inputs - tally.messages} names, {tally.messages} messages: "
        f"{tally.messages - tally.messages_refused} stored and read back as sent, {tally.messages_refused} refused "
        "with a StoreError)",
        f"names taken {tally.taken}, refused with a StoreError {tally.refused}, the same team as an earlier name "
        f"{tally.same_team}",
        f"rendered {tally.rendered} names for the dashboard and team screens, {tally.reports} reports "
        f"(Markdown, HTML, CSV, terminal), {tally.apps} dashboards under Pilot",
        f"tracebacks {tally.tracebacks}, over {SLOW:g} s {tally.slow} (slowest {tally.slowest * 1000:.0f} ms), "
        f"injections {tally.injections}, max RSS {max_rss_mb()} MB (limit {MAX_RSS_MB}), {took:.0f} s",
    ]
    return "\n".join(lines + tally.failures)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--names", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-store", type=int, default=2_500)
    parser.add_argument("--apps", type=int, default=20, help="dashboards run under Pilot (25 names each)")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        tally = sweep(args.names, args.seed, Path(tmp), args.per_store, args.apps, progress=True)
    print(report(tally, time.monotonic() - started))
    return 1 if tally.failed() else 0


if __name__ == "__main__":
    raise SystemExit(main())
