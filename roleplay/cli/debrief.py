"""`roleplay debrief TRANSCRIPT --format md|html`: the debrief of a played session."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("debrief", help="the debrief of a transcript or save, as Markdown or HTML")
    parser.add_argument("transcript", type=Path, metavar="TRANSCRIPT", help="a transcript or save (JSON Lines)")
    parser.add_argument("--format", choices=("md", "html"), default="md", help="md (default) or html")
    parser.add_argument("--case", type=Path, help="the case file (default: the one named in the transcript)")
    parser.add_argument("--output", "-o", type=Path, help="write to this file instead of standard output")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.cli.replay import UNCOUNTED
    from roleplay.debrief import build_debrief
    from roleplay.debrief.build import with_turning_points
    from roleplay.debrief.html import to_html
    from roleplay.debrief.markdown import to_markdown
    from roleplay.model.transcript import start_of
    from roleplay.storage import write_atomic
    from roleplay.storage.saves import load_case_of
    from roleplay.storage.transcripts import read_transcript

    transcript = read_transcript(args.transcript)
    records = transcript.records
    if not transcript.counted:
        print(f"roleplay: note: {args.transcript}: {UNCOUNTED}", file=sys.stderr)
    loaded = load_case_of(args.transcript, start_of(records), args.case)
    debrief = build_debrief(loaded.blueprint, records, str(args.transcript))
    debrief = with_turning_points(debrief, loaded.blueprint, records)
    text = to_html(debrief) if args.format == "html" else to_markdown(debrief)
    if args.output:
        write_atomic(args.output, text)
    else:
        from roleplay.cli.output import emit

        emit(text)
    return 0
