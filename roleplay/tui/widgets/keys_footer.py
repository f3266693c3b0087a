"""The screen's keys on the bottom line, as Textual's Footer shows them, drawn as one Text.

Textual's Footer builds a widget per key and rebuilds them all whenever the screen's bindings
change (the focus moves, a screen opens): with their styles that was about a fifth of the CPU
between a loaded game and its first frame, and again in every served session. This widget
keeps one line of text, repaints it when the bindings change, and answers a click on a key
(and shows its tooltip under the pointer) as the Footer does.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
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
        #: Each key's cells on the line, for clicks and tooltips: (first, last + 1, key), in
        #: terminal cells (a wide character takes two).
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
            action = binding.action.removeprefix("app.")  # a screen's "app.quit" is the app's "quit"
            if binding.show and action not in shown:
                shown[action] = self._shown(binding, enabled, tooltip)
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
        """All the keys if they fit; else closer together; else without the palette's key
        (ctrl+p still opens it, and the help lists it); else the first keys that fit, whole."""
        keys, palette = self.keys()
        width = self.size.width
        for compact, with_palette in ((False, True), (True, True), (True, False)):
            shown_palette = palette if with_palette else None
            if (
                self._width_of(keys, compact) + self._width_of([shown_palette] if shown_palette else [], compact) + 1
                <= width
            ):
                return self._line(keys, shown_palette, compact)
        return self._line(keys, None, compact=True)

    @staticmethod
    def _width_of(keys: list[ShownKey], compact: bool) -> int:
        pad = 2 if compact else 3  # "w Why? " or " w Why? "
        return sum(cell_len(key.display) + cell_len(key.description) + pad for key in keys)

    def _line(self, keys: list[ShownKey], palette: ShownKey | None, compact: bool) -> Text:
        key_style = self.get_component_rich_style("keys-footer--key", partial=True)
        words_style = self.get_component_rich_style("keys-footer--description", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        self._places = []
        room = self.size.width - (self._width_of([palette], compact) + 1 if palette else 0)
        for shown in keys:  # whole keys only: a key cut at the edge reads as another word
            if line.cell_len + self._width_of([shown], compact) > room:
                break
            self._append(line, shown, compact, key_style, words_style)
        if palette is not None:
            line.truncate(max(0, room), pad=True)
            line.append("▏", style=words_style)
            self._append(line, palette, compact, key_style, words_style)
        return line

    def _append(self, line: Text, shown: ShownKey, compact: bool, key_style: Style, words_style: Style) -> None:
        start = line.cell_len
        dim = Style(dim=not shown.enabled)
        line.append(f"{shown.display} " if compact else f" {shown.display} ", style=key_style + dim)
        if shown.description:
            line.append(f"{shown.description} ", style=words_style + dim)
        self._places.append((start, line.cell_len, shown))

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
