"""The story log: text wrapped to its width, wrapped again when the width changes, the newest
at the bottom and in view."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from roleplay.tui.widgets.text_log import TextLog

WORDS = "The parties meet in Algiers under the chief mediator, who reads each delegation's red lines. "


class LogApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TextLog()


async def test_the_log_wraps_to_its_width_and_again_when_it_changes() -> None:
    app = LogApp()
    async with app.run_test(size=(60, 10)) as pilot:
        log = app.query_one(TextLog)
        for index in range(12):
            log.write(Text(f"{index}. {WORDS * 2}", style="bold" if index % 2 else ""))
        await pilot.pause()
        narrow = len(log.lines)
        assert all(line.cell_length <= log.scrollable_content_region.width for line in log.lines)
        assert log.scroll_y == log.max_scroll_y > 0  # the newest line is in view
        await pilot.resize_terminal(120, 10)
        await pilot.pause()
        assert len(log.lines) < narrow  # longer lines, fewer of them
        assert all(line.cell_length <= log.scrollable_content_region.width for line in log.lines)
        assert "11." in log.lines[-4].text + log.lines[-3].text + log.lines[-2].text + log.lines[-1].text
        log.clear()
        await pilot.pause()
        assert log.lines == [] and log.virtual_size.height == 0


async def test_text_written_before_the_log_has_a_size_is_kept() -> None:
    app = LogApp()
    async with app.run_test(size=(60, 10)) as pilot:
        log = TextLog()
        log.write(Text("written before mounting"))
        await app.mount(log)
        await pilot.pause()
        assert any("written before mounting" in line.text for line in log.lines)
