"""`roleplay debrief TRANSCRIPT --format md|html`: the debrief of a played session."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("debrief", help="the debrief of a transcript or save, as Markdown or HTML")
    parser.add_argument("transcript", type=Path, metavar="TRANSCRIPT")
    parser.add_argument("--format", choices=("md", "html"), default="md")
    parser.add_argument("--case", type=Path, help="the case file (default: the one named in the transcript)")
    parser.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.debrief import build_debrief
    from roleplay.debrief.html import to_html
    from roleplay.debrief.markdown import to_markdown
    from roleplay.model.transcript import start_of
    from roleplay.storage import read_records, write_atomic
    from roleplay.storage.saves import load_case_of

    records = read_records(args.transcript)
    loaded = load_case_of(args.transcript, start_of(records), args.case)
    debrief = build_debrief(loaded.blueprint, records, str(args.transcript))
    text = to_html(debrief) if args.format == "html" else to_markdown(debrief)
    if args.output:
        write_atomic(args.output, text)
    else:
        print(text, end="")
    return 0
