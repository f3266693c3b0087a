"""`roleplay run CASE`: play a case without the TUI and print the transcript."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleplay.cli.options import add_after_option, add_json_options, add_playtest_options, add_team_options
from roleplay.errors import MoveError, UsageError

if TYPE_CHECKING:
    from roleplay.debrief.build import Debrief
    from roleplay.engine.session import Session

STRATEGY_NAMES = ("expert", "greedy", "history", "random")  # roleplay.game.mediators, not imported at start-up

JSON_HELP = (
    "print one JSON summary at the end instead of the transcript: the final values, the rubric per "
    "fundamental (the debrief's tally), ending_score (the ending's quality with each party's distance "
    "to the final text, who accepts it and trust) and, with --strategy history, the divergences from "
    "the case's history"
)


def register(commands: Any) -> None:
    parser = commands.add_parser("run", help="play a case headless and print the transcript")
    parser.add_argument("case", type=Path, metavar="CASE", nargs="?", help="the case (not with --class)")
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        help="the seed of the game's random draws (default 1): same case, seed and moves, same game",
    )
    how = parser.add_mutually_exclusive_group()
    how.add_argument(
        "--moves",
        metavar="M1,M2,...",
        help=(
            "moves to play in order: 'move' or 'move:target', with '@outcome' to pin its outcome; "
            "while an event awaits a response, the next item is its choice"
        ),
    )
    how.add_argument(
        "--strategy",
        choices=STRATEGY_NAMES,
        help="a built-in mediator (default: history, which replays the case's [history] without random "
        "or counterfactual events and reports each step it could not follow; expert plays by the "
        "mediation literature from what the trainee can see)",
    )
    add_json_options(parser, JSON_HELP)
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
    from roleplay.game.mediators import MEDIATORS
    from roleplay.storage.transcripts import write_transcript
    from roleplay.strategies import autoplay

    prior = None
    if args.after is not None:
        from roleplay.game.carry_over import prior_from_save

        prior = prior_from_save(args.after)
    from roleplay.game.playtest import apply_settings, settings_of

    settings = settings_of(args.at, args.sets)  # a mistake in one is told before the case loads
    strategy = None if args.moves is not None else MEDIATORS[args.strategy or "history"](args.seed)
    events = strategy.events if strategy else "all"
    loaded, session = start_session(args.case, args.seed, prior, events=events)
    apply_settings(session, settings)
    if strategy is None:
        play_moves(session, [m.strip() for m in args.moves.split(",") if m.strip()])
    else:
        autoplay(session, strategy)
    if args.transcript:
        write_transcript(args.transcript, session.records)
    report = getattr(strategy, "report", None)  # the history strategy says where it departed
    divergences = [d.as_dict() for d in report(session)] if report else []
    if args.format == "json":
        print(json.dumps(json_summary(args, session, strategy, divergences), ensure_ascii=False, indent=2))
        return 0
    for record in session.records:
        print("\n".join(record_text(loaded.blueprint, record)))
    if not session.ended:
        pending = f" (awaiting a response to {session.pending[0].event.id})" if session.pending else ""
        print(f"Not ended after {session.world.turn} turns{pending}.")
    if strategy is not None and strategy.name == "history":
        print(divergence_text(divergences))
    return 0


def json_summary(args: argparse.Namespace, session: Session, strategy: Any, divergences: list[Any]) -> dict[str, Any]:
    """run --json: the session's summary, the rubric per fundamental and the ending's score."""
    from roleplay.debrief.build import build_debrief
    from roleplay.game.ending_score import ending_score

    debrief = build_debrief(session.blueprint, session.records, "the game just played")
    summary: dict[str, Any] = {
        "case": session.blueprint.case.id,
        "seed": args.seed,
        "strategy": strategy.name if strategy else "moves",
        "events": session.events,
        **session.summary(),
        "rubric": rubric_json(debrief),
        "ending_score": ending_score(session),
    }
    if strategy is not None and strategy.name == "history":
        summary["divergences"] = divergences
    return summary


def divergence_text(divergences: list[Any]) -> str:
    """How far the replay followed the case's history, in words."""
    if not divergences:
        return "History: every step played, each on its date."
    lines = [f"History: {len(divergences)} divergence(s) from the case's history:"]
    lines += [f"  - {d['text']}" for d in divergences]
    return "\n".join(lines)


def rubric_json(debrief: Debrief) -> dict[str, dict[str, object]]:
    """Each fundamental's score with its parts (the process, then each outcome term)."""
    return {
        r.id: {
            "name": r.name,
            "score": r.score,
            "parts": [{"label": p.label, "points": p.points} for p in r.parts],
        }
        for r in debrief.rubric
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
        if args.format == "json"
        else f"{team.team}: {summary['ending']} after {summary['turns']} turns"
    )
    return 0
