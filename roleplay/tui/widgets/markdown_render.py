"""The app's Markdown drawn with Rich's parts and Rich's Markdown styles, without rich.markdown.

rich.markdown imports rich.syntax, and Pygments with it, to highlight code blocks this app
never shows: 0.7 MiB that stayed in every game's memory at the move list. The
Markdown shown here is written by the app (the briefing, the debrief's summary, the help; case
text goes in escaped): headings, paragraphs, emphasis, inline code, lists and tables, parsed
by markdown-it as rich.markdown parses them and drawn the same way. Anything else is drawn as
its text: a link as its words (never a link), HTML as the characters written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

_INLINE_STYLES = {"strong": "markdown.strong", "em": "markdown.em", "s": "markdown.s"}


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt().enable("strikethrough").enable("table")  # as rich.markdown's


class MarkdownRenderable:
    """Markdown as Rich draws it: its blocks one under another, a blank line between them."""

    def __init__(self, markdown: str) -> None:
        self.tree = SyntaxTreeNode(_parser().parse(markdown))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for index, node in enumerate(self.tree.children):
            if index and self.tree.children[index - 1].type != "hr":  # a rule ends with its own blank line
                yield Text()
            yield from _block(node, console)


def _block(node: SyntaxTreeNode, console: Console) -> Iterator[RenderableType]:
    kind = node.type
    if kind == "paragraph":
        yield _inline_of(node, console, "markdown.paragraph")
    elif kind == "heading":
        text = _inline_of(node, console, f"markdown.{node.tag}")
        text.justify = "center" if node.tag == "h1" else "left"
        yield text
    elif kind in ("bullet_list", "ordered_list"):
        yield _List(node, console)
    elif kind == "table":
        yield _table(node, console)
    elif kind == "hr":
        yield Rule(style=console.get_style("markdown.hr", default="none"), characters="-")
        yield Text()
    elif kind == "blockquote":
        yield _Indented(_blocks(node.children, console), "▌ ", "▌ ", "markdown.block_quote")
    else:  # code, HTML, anything else: the characters written, as text
        yield Text(node.content.rstrip("\n"), style="markdown.code_block" if kind in ("fence", "code_block") else "")


def _blocks(nodes: Iterable[SyntaxTreeNode], console: Console) -> Group:
    return Group(*(renderable for node in nodes for renderable in _block(node, console)))


def _inline_of(node: SyntaxTreeNode, console: Console, style: str) -> Text:
    text = Text(style=style)
    for child in node.children:  # the block's one inline node
        _inline(child, text, console, Style())
    return text


def _inline(node: SyntaxTreeNode, text: Text, console: Console, style: Style) -> None:
    kind = node.type
    if kind in ("text", "html_inline"):
        text.append(node.content, style)
    elif kind == "code_inline":
        text.append(node.content, style + console.get_style("markdown.code", default="none"))
    elif kind == "softbreak":
        text.append(" ", style)
    elif kind == "hardbreak":
        text.append("\n", style)
    elif kind == "image":  # its words, never the picture or its address
        text.append(node.content, style)
    else:  # inline, emphasis, a link's words (never a link)
        inner = style + console.get_style(_INLINE_STYLES[kind], default="none") if kind in _INLINE_STYLES else style
        for child in node.children:
            _inline(child, text, console, inner)


def _table(node: SyntaxTreeNode, console: Console) -> Table:
    table = Table(box=box.SIMPLE, pad_edge=False, style="markdown.table.border", show_edge=True, collapse_padding=True)
    for section in node.children:
        for row in section.children:
            cells = [_inline_of(cell, console, "") for cell in row.children]
            for cell, source in zip(cells, row.children, strict=True):
                if "text-align:right" in str(source.attrs.get("style", "")):
                    cell.justify = "right"
                elif "text-align:center" in str(source.attrs.get("style", "")):
                    cell.justify = "center"
            if section.type == "thead":
                for cell in cells:
                    cell.stylize("markdown.table.header")
                    table.add_column(cell)
            else:
                table.add_row(*cells)
    return table


class _List:
    def __init__(self, node: SyntaxTreeNode, console: Console) -> None:
        self.items = [_blocks(item.children, console) for item in node.children]
        self.numbered = node.type == "ordered_list"
        self.start = int(str(node.attrs.get("start", 1)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.numbered:
            for item in self.items:
                yield _Indented(item, " • ", "   ", "markdown.item.bullet")
            return
        width = len(str(self.start + len(self.items))) + 2
        for number, item in enumerate(self.items, self.start):
            yield _Indented(item, f"{number}".rjust(width - 1) + " ", " " * width, "markdown.item.number")


class _Indented:
    """``renderable`` drawn narrower, its first line after ``first`` and the others after ``rest``."""

    def __init__(self, renderable: RenderableType, first: str, rest: str, style: str) -> None:
        self.renderable, self.first, self.rest, self.style = renderable, first, rest, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        style = console.get_style(self.style, default="none")
        lines = console.render_lines(self.renderable, options.update(width=options.max_width - len(self.first)))
        for index, line in enumerate(lines):
            yield Segment(self.rest if index else self.first, style)
            yield from line
            yield Segment.line()
