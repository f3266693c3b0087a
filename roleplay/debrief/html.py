"""The debrief as one self-contained HTML page, with SVG charts (no scripts, no downloads)."""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from roleplay.debrief.build import Debrief
from roleplay.debrief.markdown import PART_NAMES, to_markdown

# Each series differs by dash pattern as well as colour: meaning is never carried by colour alone.
_STYLES = [
    ("#1f77b4", ""),
    ("#d62728", "6 3"),
    ("#2ca02c", "2 2"),
    ("#9467bd", "8 3 2 3"),
    ("#ff7f0e", "1 4"),
    ("#8c564b", "12 4"),
    ("#e377c2", "4 2 1 2 1 2"),
    ("#17becf", "10 3 3 3"),
]


def line_chart(title: str, series: dict[str, list[float]], width: int = 640, height: int = 220) -> str:
    """Lines on a 0-100 scale over the turns, with a legend underneath that draws each line's
    own dash pattern beside its full name."""
    pad = 36
    longest = max((len(v) for v in series.values()), default=1)
    step = (width - 2 * pad) / max(1, longest - 1)
    longest_name = max((len(name) for name in series), default=1)
    per_row, row_height = max(1, min(4, int((width - 2 * pad) // (40 + 7 * longest_name)))), 18  # ~7 px a letter
    legend_top = height
    total_height = height + row_height * ((len(series) + per_row - 1) // per_row) + 6

    def point(i: int, v: float) -> str:
        return f"{pad + i * step:.1f},{height - pad - v / 100 * (height - 2 * pad):.1f}"

    parts = [
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {total_height}" '
        f'width="{width}" height="{total_height}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#888"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#888"/>',
        f'<text x="4" y="{pad + 4}" font-size="11">100</text><text x="12" y="{height - pad}" font-size="11">0</text>',
        f'<text x="{width / 2:.0f}" y="{height - 8}" font-size="11" text-anchor="middle">turn</text>',
    ]
    column_width = (width - 2 * pad) / per_row
    for index, (name, values) in enumerate(series.items()):
        colour, dash = _STYLES[index % len(_STYLES)]
        points = " ".join(point(i, v) for i, v in enumerate(values))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}" points="{points}">'
            f"<title>{escape(name)}</title></polyline>"
        )
        x = pad + (index % per_row) * column_width
        y = legend_top + (index // per_row) * row_height
        parts.append(
            f'<line x1="{x:.0f}" y1="{y + 8}" x2="{x + 28:.0f}" y2="{y + 8}" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="{dash}"/><text x="{x + 34:.0f}" y="{y + 12}" font-size="12">{escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(title: str, rows: list[tuple[str, float, str]], top: float = 100.0, width: int = 640) -> str:
    """Horizontal bars, one row each: (label, value, the value as text). The text is printed
    beside each bar, so nothing depends on reading a length or a colour."""
    label_width, row, pad = 200, 18, 8
    scale = (width - label_width - 80) / top if top > 0 else 0.0
    height = pad * 2 + row * len(rows)
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f"<title>{escape(title)}</title>",
    ]
    for index, (label, value, text) in enumerate(rows):
        y = pad + index * row
        length = max(0.0, value) * scale
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 13}" font-size="12" text-anchor="end">{escape(label[:32])}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="{row - 6}" fill="#1f77b4">'
            f"<title>{escape(label)}: {escape(text)}</title></rect>"
            f'<text x="{label_width + length + 4:.1f}" y="{y + 13}" font-size="12">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def charts_section(charts: list[tuple[str, str]]) -> str:
    """Each chart under its own small heading."""
    body = "".join(f"<h3>{escape(heading)}</h3>{svg}" for heading, svg in charts)
    return f'<section aria-label="charts">{body}</section>\n'


STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top}"
    "svg{display:block;margin:1rem 0;max-width:100%}"
)


def page(title: str, markdown: str, charts: str = "") -> str:
    """A self-contained HTML page from Markdown (raw HTML in it is disabled: case and team
    text cannot inject markup), with optional markup such as charts under its first heading."""
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    if charts:
        end = body.find("</h1>")
        at = end + len("</h1>") if end >= 0 else 0
        body = f"{body[:at]}\n{charts}{body[at:]}"
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n<main>{body}</main>\n</body></html>\n"
    )


def to_html(debrief: Debrief) -> str:
    trust_title = "Trust in the mediator over the turns"
    charts = [(trust_title, line_chart(trust_title, debrief.trust))]
    if debrief.agreement is not None:
        title = f"The agreement score ({debrief.agreement.score:.0f}/100) and its parts"
        rows = [("score", debrief.agreement.score, f"{debrief.agreement.score:.0f}")]
        rows += [(PART_NAMES.get(k, k).split(":")[0], v, f"{v:.0f}") for k, v in debrief.agreement.parts.items()]
        charts.append((title, bar_chart(title, rows)))
    for party, issues in debrief.positions.items():
        named = {debrief.issue_names.get(i, i): v for i, v in issues.items()}
        positions_title = f"Positions of {party} over the turns"
        charts.append((positions_title, line_chart(positions_title, named)))
    return page(f"Debrief: {debrief.case_title}", to_markdown(debrief), charts_section(charts))
