"""The debrief as one self-contained HTML page, with SVG charts (no scripts, no downloads)."""

from __future__ import annotations

from html import escape

from markdown_it import MarkdownIt

from roleplay.debrief.build import Debrief
from roleplay.debrief.markdown import to_markdown

# Distinct dash patterns as well as colours: meaning is never carried by colour alone.
_STYLES = [
    ("#1f77b4", ""),
    ("#d62728", "6 3"),
    ("#2ca02c", "2 2"),
    ("#9467bd", "8 3 2 3"),
    ("#ff7f0e", "1 4"),
]


def line_chart(title: str, series: dict[str, list[float]], width: int = 640, height: int = 220) -> str:
    pad = 36
    longest = max((len(v) for v in series.values()), default=1)
    step = (width - 2 * pad) / max(1, longest - 1)

    def point(i: int, v: float) -> str:
        return f"{pad + i * step:.1f},{height - pad - v / 100 * (height - 2 * pad):.1f}"

    parts = [
        f'<svg role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#888"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#888"/>',
        f'<text x="4" y="{pad + 4}" font-size="11">100</text><text x="12" y="{height - pad}" font-size="11">0</text>',
        f'<text x="{width / 2:.0f}" y="{height - 8}" font-size="11" text-anchor="middle">turn</text>',
    ]
    for index, (name, values) in enumerate(series.items()):
        colour, dash = _STYLES[index % len(_STYLES)]
        points = " ".join(point(i, v) for i, v in enumerate(values))
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="{dash}" points="{points}">'
            f"<title>{escape(name)}</title></polyline>"
        )
        parts.append(
            f'<text x="{width - pad + 2}" y="{pad + 14 * index}" font-size="11" fill="{colour}">'
            f"{'—' if not dash else '- -'} {escape(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top}"
    "svg{display:block;margin:1rem 0;max-width:100%}"
)


def page(title: str, markdown: str, before: str = "") -> str:
    """A self-contained HTML page from Markdown (raw HTML in it is disabled: case and team
    text cannot inject markup), with optional markup such as charts before it."""
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
        f"<style>{STYLE}</style></head><body>\n{before}<main>{body}</main>\n</body></html>\n"
    )


def to_html(debrief: Debrief) -> str:
    charts = [line_chart("Trust in the mediator over the turns", debrief.trust)]
    for party, issues in debrief.positions.items():
        named = {debrief.issue_names.get(i, i): v for i, v in issues.items()}
        charts.append(line_chart(f"Positions of {party} over the turns", named))
    title = f"Debrief: {debrief.case_title}"
    charts_html = f'<h1>{escape(title)}</h1>\n<section aria-label="charts">{"".join(charts)}</section>\n'
    return page(title, to_markdown(debrief), charts_html)
