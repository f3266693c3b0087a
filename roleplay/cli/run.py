"""`roleplay run CASE`: play a case without the TUI and print the transcript."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleplay.cli.options import add_after_option, add_playtest_options, add_team_options
from roleplay.errors import MoveError, UsageError

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint
    from roleplay.engine.session import Session

STRATEGY_NAMES = ("greedy", "history", "random")


def register(commands: Any) -> None:
    parser = commands.add_parser("run", help="play a case headless and print the transcript")
    parser.add_argument("case", type=Path, metavar="CASE", nargs="?", help="the case (not with --class)")
    parser.add_argument("--seed", type=int, default=1)
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--moves",
        metavar="M1,M2,...",
        help=(
            "moves to play in order: 'move' or 'move:target', with '@outcome' to pin its outcome; "
            "while an event awaits a response, the next item is its choice"
        ),
    )
    how.add_argument("--strategy", choices=STRATEGY_NAMES, help="a built-in mediator (default: history)")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON summary at the end instead of the transcript"
    )
    parser.add_argument("--transcript", type=Path, metavar="FILE", help="also write the JSON Lines transcript here")
    add_after_option(parser)
    add_playtest_options(parser)
    add_team_options(parser)
    parser.set_defaults(handler=handle)


def play_moves(session: Session, items: list[str]) -> None:
    """Play the --moves items in order; an item the session refuses is a usage error that
    names the item and says why."""
    for number, item in enumerate(items, start=1):
        if session.ended:
            raise UsageError(f"--moves item {number} ('{item}'): the session has already ended")
        try:
            session.act(item)
        except MoveError as exc:
            raise UsageError(f"--moves item {number} ('{item}'): {exc}") from None


def handle(args: argparse.Namespace) -> int:
    if args.class_code is not None:
        if args.at or args.sets:
            raise UsageError("--at and --set are for playtests, not classes: every team plays the same game")
        return play_in_class(args)
    if args.case is None:
        raise UsageError("give a CASE, or --class CODE --team NAME")
    from roleplay.cli.render import record_text
    from roleplay.game import start_session
    from roleplay.storage.transcripts import write_transcript
    from roleplay.strategies import STRATEGIES, autoplay

    prior = None
    if args.after is not None:
        from roleplay.game.carry_over import prior_from_save

        prior = prior_from_save(args.after)
    from roleplay.game.playtest import apply_settings, settings_of

    settings = settings_of(args.at, args.sets)  # a mistake in one is told before the case loads
    loaded, session = start_session(args.case, args.seed, prior)
    apply_settings(session, settings)
    strategy = None
    if args.moves is not None:
        play_moves(session, [m.strip() for m in args.moves.split(",") if m.strip()])
    else:
        strategy = STRATEGIES[args.strategy or "history"](args.seed)
        autoplay(session, strategy)
    if args.transcript:
        write_transcript(args.transcript, session.records)
    if args.json:
        summary = {
            "case": loaded.case.id,
            "seed": args.seed,
            "strategy": strategy.name if strategy else "moves",
            **session.summary(),
            "rubric": rubric_json(loaded.blueprint, session),
        }
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return 0
    for record in session.records:
        print("\n".join(record_text(loaded.blueprint, record)))
    if not session.ended:
        pending = f" (awaiting a response to {session.pending[0].event.id})" if session.pending else ""
        print(f"Not ended after {session.world.turn} turns{pending}.")
    return 0


def rubric_json(blueprint: Blueprint, session: Session) -> dict[str, dict[str, object]]:
    """Each fundamental's score with its parts (the process, then each outcome term)."""
    from roleplay.debrief.build import build_debrief

    return {
        r.id: {"score": r.score, "parts": [{"label": p.label, "points": p.points} for p in r.parts]}
        for r in build_debrief(blueprint, session.records).rubric
    }


def play_in_class(args: argparse.Namespace) -> int:
    """A headless team of a class (roleplay.classroom.headless); here only its arguments and output."""
    from roleplay.classroom.headless import play_team
    from roleplay.classroom.team import join_team
    from roleplay.cli.options import open_store

    if not args.team:
        raise UsageError("--class needs --team NAME")
    # A team made here keeps its token in this user's data directory; another team's game needs
    # that team's token (--token, from the instructor's `roleplay class token`).
    joined = join_team(open_store(args.store), args.class_code, args.team, args.token)
    team = play_team(joined, args.strategy or "random")
    summary = {"class": team.code, "team": team.team, **team.session.summary()}
    print(
        json.dumps(summary, ensure_ascii=False, indent=2)
        if args.json
        else f"{team.team}: {summary['ending']} after {summary['turns']} turns"
    )
    return 0
