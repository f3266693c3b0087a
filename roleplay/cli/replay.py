"""`roleplay replay TRANSCRIPT`: replay a transcript and say whether it reproduces exactly."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

#: What a file without a record count (written before counts existed) leaves unchecked.
UNCOUNTED = (
    "written by an older version, without a record count: a copy cut short between two records would go unnoticed"
)


def register(commands: Any) -> None:
    parser = commands.add_parser("replay", help="replay a transcript and check it reproduces byte for byte")
    parser.add_argument("transcript", type=Path, metavar="TRANSCRIPT", help="a transcript or save (JSON Lines)")
    parser.add_argument("--case", type=Path, help="the case file (default: the one named in the transcript)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from roleplay.engine.transcript import actions, replay
    from roleplay.model.transcript import start_of
    from roleplay.storage.saves import load_case_of, session_from_header
    from roleplay.storage.transcripts import read_transcript

    transcript = read_transcript(args.transcript)
    records = transcript.records
    header = start_of(records)
    loaded = load_case_of(args.transcript, header, args.case)
    if loaded.digest != header["case_sha256"]:
        print(f"note: {loaded.path} has changed since the transcript was made")
    session = session_from_header(loaded.blueprint, header)
    diverged = replay(session, records)
    if diverged is None:
        print(f"{args.transcript}: reproduces exactly ({len(actions(records))} actions, {len(records)} records)")
        if not transcript.counted:
            print(f"note: {UNCOUNTED}")
        return 0
    print(f"{args.transcript}:{transcript.line_of(diverged)}: diverges here; the replay produced a different record")
    return 1
