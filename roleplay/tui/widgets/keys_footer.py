"""The screen's keys on the bottom line, as Textual's Footer shows them, drawn as one Text.

Textual's Footer builds a widget per key and rebuilds them all whenever the screen's bindings
change (the focus moves, a screen opens): with their styles that was about a fifth of the CPU
between a loaded game and its first frame, and again in every served session. This widget
keeps one line of text, repaints it when the bindings change, and answers a click on a key
(and shows its tooltip under the pointer) as the Footer does.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget


@dataclass(frozen=True)
class ShownKey:
    key: str  # what simulate_key presses
    display: str  # what the trainee reads: "f1", "^s"
    description: str
    enabled: bool
    tooltip: str


class KeysFooter(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keys-footer--key", "keys-footer--description"}
    DEFAULT_CSS = """
    KeysFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        & > .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keys-footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        #: Each key's cells on the line, for clicks and tooltips: (first, last + 1, key).
        self._places: list[tuple[int, int, ShownKey]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def keys(self) -> tuple[list[ShownKey], ShownKey | None]:
        """The keys shown on the left (one per action, as the Footer shows them) and the
        command palette's key shown on the right."""
        shown: dict[str, ShownKey] = {}
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in shown:
                shown[binding.action] = self._shown(binding, enabled, tooltip)
        palette = None
        if self.app.ENABLE_COMMAND_PALETTE:
            entry = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if entry is not None:
                _node, binding, enabled, tooltip = entry
                palette = self._shown(binding, enabled, binding.tooltip or binding.description)
        return list(shown.values()), palette

    def _shown(self, binding: Binding, enabled: bool, tooltip: str) -> ShownKey:
        return ShownKey(binding.key, self.app.get_key_display(binding), binding.description, enabled, tooltip)

    def render(self) -> Text:
        keys, palette = self.keys()
        key_style = self.get_component_rich_style("keys-footer--key", partial=True)
        words_style = self.get_component_rich_style("keys-footer--description", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        self._places = []
        for shown in keys:
            self._append(line, shown, key_style, words_style)
        if palette is not None:
            width = len(palette.display) + len(palette.description) + 4  # "▏ ^p palette "
            line.truncate(max(0, self.size.width - width), pad=True)
            line.append("▏", style=words_style)
            self._append(line, palette, key_style, words_style)
        return line

    def _append(self, line: Text, shown: ShownKey, key_style: Style, words_style: Style) -> None:
        start = len(line)
        dim = Style(dim=not shown.enabled)
        line.append(f" {shown.display} ", style=key_style + dim)
        if shown.description:
            line.append(f"{shown.description} ", style=words_style + dim)
        self._places.append((start, len(line), shown))

    def _key_at(self, x: int) -> ShownKey | None:
        return next((shown for first, end, shown in self._places if first <= x < end), None)

    def on_click(self, event: events.Click) -> None:
        shown = self._key_at(event.x)
        if shown is None:
            return
        event.stop()
        if shown.enabled:
            self.app.simulate_key(shown.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        shown = self._key_at(event.x)
        self.tooltip = shown.tooltip if shown is not None and shown.tooltip else None
