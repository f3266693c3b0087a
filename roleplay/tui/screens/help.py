"""F1: the keys, and a short account of the influence model."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown

HELP = """\
## Keys

| key | what it does |
|---|---|
| ↑ ↓ and Enter | choose a move (you are asked for a party when a move needs one) |
| Tab | move between the moves, the parties and the issues |
| 1, 2 | the parties, or the issues and the draft; ↑ ↓ in a table shows that party or issue in full underneath |
| w | **why?** every change of the last turn with its causes (← → for earlier turns) |
| b | the briefing again |
| d | the debrief (once the talks have ended) |
| ctrl+s | save the game to a file |
| ctrl+p | command palette: save, load, export the debrief, restart with a seed, help |
| F1 | this help |
| q | quit (asks first while a game is in progress) |

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
- **Pressure** and deadlines raise ripeness but breed resentment and can make a party
  walk out; below a trust threshold a party walks out on its own.

Every number and formula is in docs/model.md; every fact has a source you can see in the
debrief.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Markdown(HELP)
            yield Label("Escape to close", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
