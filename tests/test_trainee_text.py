"""No engine identifier anywhere a trainee reads: a full Algiers game played through the app,
with the text of every screen it visits (story, parties, issues, moves and their detail, the
why view, help, the glossary, the debrief's tabs) and both exports scanned for ids such as `p1_`,
`in_phase.`, `standing.` and the case's own move, phase, event and flag ids."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import FULL_ALGIERS_PATH as ALGIERS
from helpers import case_loaded, choose, screens
from rich.text import Text
from textual.widget import Widget
from textual.widgets import DataTable, Markdown, OptionList

from roleplay.loading import load_case
from roleplay.tui.app import RoleplayApp, create_app
from roleplay.tui.screens.briefing import BriefingScreen
from roleplay.tui.screens.debrief import DebriefScreen
from roleplay.tui.screens.event import EventDialog
from roleplay.tui.screens.glossary import GlossaryScreen
from roleplay.tui.screens.help import HelpScreen
from roleplay.tui.screens.mediation import MediationScreen
from roleplay.tui.screens.target import TargetDialog
from roleplay.tui.screens.why import WhyScreen
from roleplay.tui.widgets.markdown_text import MarkdownText
from roleplay.tui.widgets.move_list import MoveList
from roleplay.tui.widgets.text_log import TextLog

pytestmark = pytest.mark.usefixtures("data_dir")
SIZE = (140, 45)
MAX_CRISES = 100

#: Engine syntax: a kind of value followed by its id ("standing.gatia", "in_phase.p5_...").
ENGINE_SYNTAX = re.compile(
    r"\b(?:in_phase|standing|played|fired|flag|trust|draft|accepts|relation|count|position|salience|"
    r"ripeness|cohesion|distance)\.[a-z_][\w.]*"
)
#: Phase ids of the form p1_opening.
PHASE_ID = re.compile(r"\bp\d+_[a-z]\w*")
#: An outcome named where its label belongs ("outcome: heard"): outcome ids are plain words.
OUTCOME_SHOWN = re.compile(r"\boutcome: ([\w-]+)\b(?! [a-z])")


def case_ids() -> set[str]:
    """Every id of the Algiers case that no English sentence would contain (an underscore)."""
    case = load_case(ALGIERS).blueprint
    ids = set(case.moves) | set(case.phases) | set(case.endings) | set(case.events)
    ids |= {f.id for f in case.case.flags}
    ids |= {o.outcome.id for m in case.moves.values() for o in m.outcomes}
    ids |= {t.trigger for t in case.case.transitions if t.trigger}  # the steps moves advance by
    return {i for i in ids if "_" in i}


def outcome_ids() -> set[str]:
    case = load_case(ALGIERS).blueprint
    return {o.outcome.id for m in case.moves.values() for o in m.outcomes}


def find_ids(text: str, ids: set[str], outcomes: frozenset[str] = frozenset()) -> list[str]:
    """The engine identifiers in ``text`` (``outcomes``: outcome ids, found after 'outcome:')."""
    found = [m.group(0) for m in ENGINE_SYNTAX.finditer(text)] + [m.group(0) for m in PHASE_ID.finditer(text)]
    found += [m.group(0) for m in OUTCOME_SHOWN.finditer(text) if m.group(1) in outcomes]
    words = set(re.findall(r"[A-Za-z0-9_]+", text))
    return sorted(set(found) | (words & ids))


def plain(renderable: object) -> str:
    if isinstance(renderable, Text):
        return renderable.plain
    return str(getattr(renderable, "plain", renderable))


def widget_texts(widget: Widget) -> list[str]:
    """What a widget shows, as plain text (all of it, not only what fits on the screen)."""
    texts = [plain(widget.border_title or ""), plain(widget.border_subtitle or "")]
    if isinstance(widget, DataTable):
        texts += [plain(column.label) for column in widget.columns.values()]
        texts += [plain(cell) for row in range(widget.row_count) for cell in widget.get_row_at(row)]
    elif isinstance(widget, OptionList):
        texts += [plain(widget.get_option_at_index(i).prompt) for i in range(widget.option_count)]
    elif isinstance(widget, Markdown):
        texts.append(widget.source)
    elif isinstance(widget, MarkdownText):
        texts.append(widget.markdown)
    elif isinstance(widget, TextLog):
        texts += [strip.text for strip in widget.lines]
    elif type(widget).render is not Widget.render:
        with contextlib.suppress(Exception):  # a widget that renders only once mounted and sized (a plot)
            texts.append(plain(widget.render()))
    return texts


class Scanner:
    """Collects every engine identifier seen, with where it was seen."""

    def __init__(self) -> None:
        self.ids = case_ids()
        self.outcomes = frozenset(outcome_ids())
        self.found: dict[str, set[str]] = {}
        self.scanned = 0

    def text(self, where: str, text: str) -> None:
        self.scanned += 1
        for hit in find_ids(text, self.ids, self.outcomes):
            self.found.setdefault(hit, set()).add(where)

    def screen(self, app: RoleplayApp, label: str = "") -> None:
        screen = app.screen
        for widget in screen.walk_children(with_self=False):
            if not isinstance(widget, Widget):
                continue
            where = f"{type(screen).__name__}{label} {type(widget).__name__}#{widget.id or ''}"
            for text in widget_texts(widget):
                if text:
                    self.text(where, text)

    def report(self) -> str:
        return "\n".join(f"{hit!r} in {', '.join(sorted(where)[:4])}" for hit, where in sorted(self.found.items()))


def test_the_scanner_finds_engine_ids() -> None:
    ids = case_ids()
    assert find_ids("phase: p1_opening → p1_drafting", ids) == ["p1_drafting", "p1_opening"]
    found = find_ids("needs in_phase.phase5 and standing.gatia != 'outside'", ids)
    assert found == ["in_phase.phase5", "standing.gatia"]
    assert find_ids("- [x] call_initialling → coordination", ids) == ["call_initialling"]
    assert find_ids("Trust is lost fast. The draft. Their trust in you: 42.", ids) == []
    assert find_ids("The talks cannot move on yet (table_elements).", ids) == ["table_elements"]
    outcomes = frozenset(outcome_ids())
    assert find_ids("Turn 3: Shuttle  (outcome: heard, chance 64%)", ids, outcomes) == ["outcome: heard"]
    assert find_ids("(outcome: the delegation feels heard, chance 64%)", ids, outcomes) == []


async def visit_tables(pilot: Any, app: RoleplayApp, scan: Scanner, label: str) -> None:
    """Each party's and each issue's row with its detail underneath, and each move's detail."""
    screen = app.screen
    for tab in ("parties", "issues"):
        screen.action_tab(tab)  # type: ignore[attr-defined]
        await pilot.pause()
        table = screen.query_one(f"#{tab}-table", DataTable)
        for row in range(table.row_count):
            table.move_cursor(row=row)
            await pilot.pause()
            scan.screen(app, f" ({label}, {tab} row {row})")
    moves = screen.query_one(MoveList)
    moves.focus()
    for index in range(moves.option_count):
        moves.highlighted = index
        await pilot.pause()
        scan.screen(app, f" ({label}, move {index})")


async def play_and_scan(pilot: Any, app: RoleplayApp, scan: Scanner) -> None:
    assert app.game is not None
    history = app.game.blueprint.case.history
    assert history is not None
    steps = list(history.steps)
    for _ in range(len(steps) + MAX_CRISES):
        if app.game.session.ended:
            return
        screen = app.screen
        if isinstance(screen, EventDialog):
            scan.screen(app, f" (turn {app.game.turn})")
            historical = next(c.id for c in screen.event.choices if c.historical)
            await choose(pilot, screen.query_one(OptionList), historical)
            continue
        assert isinstance(screen, MediationScreen), screens(pilot)
        turn = app.game.turn
        scan.screen(app, f" (turn {turn})")
        if turn % 12 == 0:
            await visit_tables(pilot, app, scan, f"turn {turn}")
        assert steps, "the historical steps ran out before the case ended"
        step = steps.pop(0)
        await choose(pilot, screen.query_one(MoveList), step.move)
        if step.target is not None:
            assert isinstance(app.screen, TargetDialog)
            scan.screen(app, f" (turn {turn})")
            await choose(pilot, app.screen.query_one(OptionList), step.target)
    raise AssertionError(f"the historical steps did not end the case: {screens(pilot)}")


async def test_no_engine_identifier_on_any_screen_or_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    scan = Scanner()
    app = create_app(case=ALGIERS, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))
        scan.screen(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        scan.screen(app)
        await pilot.press("escape")
        await play_and_scan(pilot, app, scan)
        await pilot.pause()
        assert isinstance(app.screen, DebriefScreen), screens(pilot)
        scan.screen(app)
        await pilot.press("m", "h", "f1")
        await pilot.pause()
        scan.screen(app)
        await pilot.press("escape", "escape")  # help, then the debrief
        await pilot.pause()
        assert isinstance(app.screen, MediationScreen), screens(pilot)
        await visit_tables(pilot, app, scan, "the end")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        for _ in range(len(app.screen.records)):
            scan.screen(app, f" ({app.screen.index + 1})")
            await pilot.press("left")
            await pilot.pause()
        await pilot.press("escape", "g")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen), screens(pilot)
        scan.screen(app)
    exports = sorted(tmp_path.glob("debrief-*"))
    assert [p.suffix for p in exports] == [".html", ".md"]
    for path in exports:
        scan.text(path.name, path.read_text(encoding="utf-8"))
    assert scan.scanned > 1000
    assert not scan.found, f"engine identifiers a trainee reads:\n{scan.report()}"


def test_a_sentence_about_a_later_date_waits_for_the_debrief() -> None:
    from roleplay.game.known import is_later, split_known

    start = "2014-07-14"
    split = split_known(
        "Formed on 14 June 2014. It came in July 2014. It signed on 20 June 2015, under duress. "
        "In December 2016 it protested. Gen. El Hadj leads it; the 2006 accord failed.",
        start,
    )
    assert split.known == "Formed on 14 June 2014. It came in July 2014. Gen. El Hadj leads it; the 2006 accord failed."
    assert split.later == ("It signed on 20 June 2015, under duress.", "In December 2016 it protested.")
    import datetime as dt

    day = dt.date(2014, 7, 14)
    assert is_later("on 15 July 2014", day) and is_later("in August 2014", day)
    assert not is_later("on 14 July 2014", day) and not is_later("in 2014", day)


def test_the_algiers_briefing_says_only_what_was_known_in_july_2014() -> None:
    """No date after the start, no word of the signing; the turn limit is told. What the
    briefing keeps back is in the debrief."""
    import datetime as dt

    from helpers import played

    from roleplay.debrief import build_debrief
    from roleplay.debrief.markdown import to_markdown
    from roleplay.game import Game, start_session
    from roleplay.game.known import is_later
    from roleplay.tui.screens.briefing import briefing_markdown

    loaded, session = start_session(ALGIERS, 1)
    text = briefing_markdown(Game(loaded, session, None))
    start = dt.date.fromisoformat(loaded.case.clock.start)
    body = text.split("## Sources")[0]  # the sources are dated when they were published
    # [3:]: the case's period; the deadline is a date to come, not an event.
    later = [line for line in body.splitlines()[3:] if is_later(line, start) and "the talks end on" not in line]
    assert later == []
    for spoiler in ("History ended", "two stages", "Ménaka", "2016"):
        assert spoiler not in body, spoiler
    assert "or after 48 moves" in text
    assert "\n\nLittle of its story is known yet; the debrief tells what it became.\n" in text  # the MPSA
    debrief = to_markdown(build_debrief(loaded.blueprint, played(loaded, 1).records))
    assert "## What became of the parties" in debrief and "in December 2016 it protested" in debrief


async def test_the_status_line_shows_the_turn_limit() -> None:
    from roleplay.tui.widgets.status_bar import StatusBar

    app = create_app(case=ALGIERS, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await pilot.press("enter")
        await pilot.pause()
        status = app.screen.query_one(StatusBar).render()
        assert "turn 0 of 48" in plain(status)


async def test_the_engines_own_lines_are_told_in_the_cases_words() -> None:
    """A move whose step to the next phase is not open: the story names the step, not its
    trigger id (recorded transcripts keep the engine's line, so it is reworded when shown)."""
    from roleplay.tui.widgets.narrative_log import NarrativeLog

    app = create_app(case=ALGIERS, seed=1)
    async with app.run_test(size=SIZE) as pilot:
        await case_loaded(pilot, lambda: isinstance(app.screen, BriefingScreen))
        await pilot.press("enter")
        await pilot.pause()
        game = app.game
        assert game is not None
        start = game.records[0]
        line = {"speaker": "narrator", "text": "The talks cannot move on yet (table_elements)."}
        log = app.screen.query_one(NarrativeLog)
        log.add_record(game, {**start, "lines": [line], "phase": "p3_committee"})  # type: ignore[typeddict-item]
        await pilot.pause()
        shown = "\n".join(strip.text for strip in log.lines)
        assert "The talks cannot move on yet (not yet: “The Elements are tabled”)." in shown
        assert find_ids(shown, case_ids()) == []
