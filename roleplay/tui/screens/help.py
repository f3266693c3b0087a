"""F1: the keys of the screen it was opened from, generated from their bindings so the list
cannot drift from them, and a short account of the influence model."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label

from roleplay.tui.widgets.markdown_text import MarkdownText


def key_rows(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding with a description that the screen and the app
    offer now: bindings a screen disables (check_action) are left out, as in the footer."""
    rows: dict[tuple[int, str, str], list[str]] = {}
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node not in (screen, screen.app) or not binding.description or binding.system:
            continue  # a focused widget's own keys (arrows, Enter) are told in the text
        # The footer shows the description; the tooltip, if any, says more.
        what = f"{binding.description}: {binding.tooltip}" if binding.tooltip else binding.description
        group = rows.setdefault((id(active.node), binding.action, what), [])
        group.append(screen.app.get_key_display(binding))
    return [(" ".join(keys), what) for (_, _, what), keys in rows.items()]


def help_markdown(keys: list[tuple[str, str]]) -> str:
    table = [f"| {key} | {description} |" for key, description in keys]
    return "\n".join(["## Keys", "", "| key | what it does |", "|---|---|", *table, "", MOVES_AND_TABLES, MODEL])


MOVES_AND_TABLES = """\
↑ ↓ and Enter choose in a list (a move asks for a party when it needs one); 1 and 2 open
the parties and the issues with the cursor in their table, and Escape (or Tab) goes back to
the moves; ↑ ↓ in a table shows that party or issue in full underneath. After a turn the
cursor stays on the move it was on, wherever the list puts it.
"""

MODEL = """\
## How influence works

- **Trust** in you moves with each party's sense of fairness: it is won slowly and lost
  three times as fast, and a betrayal lowers how high it can climb again.
- Meeting one party alone can make the others feel **left out**.
- **Persuasion** moves a party's position toward a point by a share that grows with its
  trust and shrinks with how much the issue matters to it. Positions never leave the
  party's **red line** (shown as low-high, and as ─ on each issue's axis).
- The **draft** is a single negotiating text. A party **accepts** it when every value is
  inside its red lines and the text is close enough to what it wants; trust and
  **ripeness** (a hurting stalemate with a way out) widen what it will accept.
- **Pressure** and deadlines raise ripeness only up to a cap, breed resentment and can make
  a party walk out; consent given under **duress** is worth less and weighs on what follows.
  Below a trust threshold a party walks out on its own.
- The same move played again with the same party works less each time (**weaker: second
  time** in why?).
- How the text is reached leaves **ownership** (consulted or imposed upon) and **inclusion**
  (who was heard) behind them: they shape the ending and the implementation.

Every number and formula is in docs/model.md; every fact has a source you can see in the
debrief.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "close", "Close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        """``keys``: (keys, what they do), from key_rows() of the screen help was asked on."""
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            with VerticalScroll(id="help-body"):  # the keys and the model outgrow a small terminal
                yield MarkdownText(help_markdown(self.keys), id="help-text")
            yield Label("↑ ↓ to scroll · Escape to close", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()  # the arrows scroll at once

    def action_close(self) -> None:
        self.dismiss(None)
