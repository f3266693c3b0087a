"""Build a debrief from a transcript by replaying it: a timeline, the series of trust and
positions for charts, the rubric with its parts and evidence, the agreement score, and the
case's historical record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from roleplay.debrief.rubric import MarkTally, RubricScore, rubric_scores
from roleplay.engine.blueprint import Blueprint
from roleplay.engine.session import Session
from roleplay.engine.transcript import actions, dumps, perform
from roleplay.errors import MoveError, SaveError
from roleplay.game.change_words import describe_change
from roleplay.game.coach import suggestion_text
from roleplay.game.estimates import Revealed, revealed
from roleplay.game.known import split_known
from roleplay.game.missing import Decisive, MissedEnding, missed_endings, triggers_of
from roleplay.game.undo import undo_text
from roleplay.game.views import party_name
from roleplay.model.common import Citation
from roleplay.model.transcript import ChoiceRecord, Record, Records, SetRecord, TurnRecord, start_of
from roleplay.storage.saves import session_from_header

if TYPE_CHECKING:
    from roleplay.debrief.turning_points import TurningPoint


def cite_text(cites: list[Citation]) -> list[str]:
    return [f"{c.label()}: “{c.quote}”" if c.quote else c.label() for c in cites]


@dataclass(frozen=True)
class TimelineEntry:
    turn: int
    date: str
    phase: str
    action: str
    detail: str
    events: list[str]
    notes: list[str]


@dataclass(frozen=True)
class AgreementView:
    """The agreement score as the debrief shows it: the score, each part, and each party's
    satisfaction with the text (by the party's name)."""

    score: float
    parts: dict[str, float]
    satisfaction: dict[str, float]


@dataclass(frozen=True)
class PhaseRecord:
    name: str
    date: str | None
    history: str
    reached: bool
    cite: list[str]


@dataclass(frozen=True)
class HistoryStepRecord:
    move: str
    target: str | None
    date: str | None
    note: str
    played: bool
    #: The move and its party as the trainee reads them ('Call the initialling → the Platform').
    label: str = ""


@dataclass
class Debrief:
    case_id: str
    case_title: str
    seed: int
    turns: int
    date: str
    ended: bool
    ending_title: str
    ending_narrative: str
    ending_quality: float | None
    historical: bool
    ending_notes: list[tuple[str, list[str]]]
    historical_endings: list[tuple[str, str]]
    timeline: list[TimelineEntry]
    trust: dict[str, list[float]]
    positions: dict[str, dict[str, list[float]]]
    rubric: list[RubricScore]
    phases: list[PhaseRecord]
    history_steps: list[HistoryStepRecord]
    lessons: list[tuple[str, str, str, list[str]]]
    simplifications: list[str]
    sources: list[str]
    issue_names: dict[str, str] = field(default_factory=dict)
    #: Each ending better than the one reached, with what its rule lacked at the end.
    missed: list[MissedEnding] = field(default_factory=list)
    #: What the parties' backgrounds say of events after the case's start (kept out of the briefing).
    afterwards: list[tuple[str, list[str]]] = field(default_factory=list)
    #: The agreement score when the game ended, with its parts (engine/scoring.py).
    agreement: AgreementView | None = None
    #: The band of the score the ending stands for, if it declares one.
    ending_band: tuple[float, float] | None = None
    #: Moves the trainee took back (solo practice; each also in the timeline).
    undone: int = 0
    #: The decisions that most changed the game, one move ahead (None: not looked for;
    #: with_turning_points adds them, as the look-ahead takes about half a second).
    turning_points: list[TurningPoint] | None = None
    #: Each party's bottom lines: what the trainee estimated at the end, beside the truth.
    bottom_lines: list[Revealed] = field(default_factory=list)

    @property
    def history_overlap(self) -> tuple[int, int]:
        return sum(1 for s in self.history_steps if s.played), len(self.history_steps)


def _series_point(
    session: Session, trust: dict[str, list[float]], positions: dict[str, dict[str, list[float]]]
) -> None:
    for pid, party in session.world.parties.items():
        trust.setdefault(pid, []).append(round(party.trust, 2))
        for issue, value in party.position.items():
            positions.setdefault(pid, {}).setdefault(issue, []).append(round(value, 2))


def _notes(blueprint: Blueprint, record: TurnRecord | ChoiceRecord) -> list[str]:
    """The changes of standing and phase, in the case's words ('standing, GATIA: outside the
    talks → at the table')."""
    return [
        describe_change(blueprint, change)
        for change in record["changes"]
        if change["value"].startswith("standing.") or change["value"] == "phase"
    ]


def _unreproduced(source: str, number: int) -> SaveError:
    return SaveError(
        f"{source}: record {number}: the transcript does not reproduce with this case and engine "
        "(edited, or made with another version of the case): no debrief is made from it; "
        "`roleplay replay` shows where it diverges"
    )


def with_turning_points(debrief: Debrief, blueprint: Blueprint, records: Records) -> Debrief:
    """The debrief with its turning points (roleplay/debrief/turning_points.py)."""
    from dataclasses import replace

    from roleplay.debrief.turning_points import turning_points

    return replace(debrief, turning_points=turning_points(blueprint, records))


def build_debrief(blueprint: Blueprint, records: Records, source: str = "transcript") -> Debrief:
    """Replay ``records`` (a transcript) and gather everything the debrief shows.

    Every record is checked against the one the replay produces, as `roleplay replay` does:
    a transcript that does not reproduce raises SaveError naming ``source`` and the line, so a
    debrief never shows a move, phase or ending the game did not have."""
    case = blueprint.case
    names = {pid: party_name(blueprint, pid) for pid in blueprint.personas}
    session = session_from_header(blueprint, start_of(records))
    if dumps(session.records[0]) != dumps(records[0]):
        raise _unreproduced(source, 1)
    trust: dict[str, list[float]] = {}
    positions: dict[str, dict[str, list[float]]] = {}
    _series_point(session, trust, positions)
    timeline: list[TimelineEntry] = []
    tally = MarkTally()
    played: list[tuple[str, str | None]] = []
    decisive: Decisive = {}
    undone = 0  # moves taken back (solo practice)
    for number, given in enumerate(actions(records), start=2):
        path = frozenset(session.world.phase_path)
        try:
            perform(session, given)
        except MoveError:
            raise _unreproduced(source, number) from None
        record = session.records[-1]  # what the replay produced
        if dumps(record) != dumps(records[number - 1]):
            raise _unreproduced(source, number)
        if record["type"] == "start" or record["type"] == "inject":
            continue  # an injection shows with the turn it arrives in, through that turn's events
        if record["type"] == "set":  # a playtest: the author set a value by hand
            timeline.append(_setting(blueprint, session, record))
            continue
        if record["type"] == "coach":  # solo practice: the trainee asked the coach
            world = session.world
            action = suggestion_text(blueprint, record)
            timeline.append(
                TimelineEntry(record["turn"], world.date, _phase_name(blueprint, world.phase), action, "", [], [])
            )
            continue
        if record["type"] == "undo":  # solo practice: the trainee took a move back
            undone += 1
            world = session.world
            action = undo_text(blueprint, record)
            timeline.append(
                TimelineEntry(record["turn"], world.date, _phase_name(blueprint, world.phase), action, "", [], [])
            )
            continue
        if record["type"] == "turn":
            played.append((record["move"], record["target"]))
            for trigger in triggers_of(blueprint, record["move"]):
                name = blueprint.moves[record["move"]].move.name
                decisive[trigger] = (path, session.state.copy(), name, record["turn"])
        action, detail, rubric = _input(blueprint, record, names)
        repeats = record["move"] if record["type"] == "turn" else f"{record['event']}/{record['choice']}"
        tally.add(repeats, rubric, f"turn {record['turn']}: {action}")
        timeline.append(
            TimelineEntry(
                record["turn"],
                record["date"],
                _phase_name(blueprint, record["phase"]),
                action,
                detail,
                [blueprint.events[e].event.title for e in record["events"]],
                _notes(blueprint, record),
            )
        )
        _series_point(session, trust, positions)
    ending = session.ending
    reached = {a for r in session.records for pid in _phases_of(r) for a in blueprint.paths.get(pid, (pid,))}
    history = case.history
    history_steps = []
    remaining = list(played)
    for step in history.steps if history else []:
        hit = (step.move, step.target) in remaining
        if hit:
            remaining.remove((step.move, step.target))
        label = blueprint.moves[step.move].move.name
        label += f" → {names.get(step.target, step.target)}" if step.target else ""
        history_steps.append(HistoryStepRecord(step.move, step.target, step.date, step.note, hit, label))
    return Debrief(
        case_id=case.id,
        case_title=case.title,
        seed=session.seed,
        turns=session.world.turn,
        date=session.world.date,
        ended=ending is not None,
        ending_title=ending.title if ending else "Not finished",
        ending_narrative=ending.narrative if ending else "The session was not played to an ending.",
        ending_quality=ending.quality if ending else None,
        historical=bool(ending and ending.historical),
        ending_notes=[(n.text, cite_text(n.cite)) for n in (ending.debrief if ending else [])],
        historical_endings=[(e.title, e.narrative) for e in case.endings if e.historical],
        timeline=timeline,
        undone=undone,
        trust={names.get(pid, pid): series for pid, series in trust.items()},
        positions={names.get(pid, pid): series for pid, series in positions.items()},
        rubric=rubric_scores(blueprint, tally, session.world, [cite_text(f.cite) for f in case.rubric]),
        phases=[
            PhaseRecord(p.name, p.date, p.history or "", p.id in reached, cite_text(p.cite))
            for p in blueprint.phases.values()
            if p.history
        ],
        history_steps=history_steps,
        lessons=[(lesson.kind, lesson.title, lesson.text, cite_text(lesson.cite)) for lesson in case.lessons],
        simplifications=list(case.simplifications),
        sources=[f"{s.id}: {s.author}, “{s.title}”, {s.publisher}, {s.date}" for s in case.sources],
        issue_names={i.id: i.name for i in case.issues},
        missed=missed_endings(blueprint, session.state, reached, decisive),
        afterwards=_afterwards(blueprint, names),
        agreement=_agreement(session, names),
        ending_band=ending.band if ending else None,
        bottom_lines=revealed(blueprint, session.state),
    )


def _agreement(session: Session, names: dict[str, str]) -> AgreementView | None:
    score = session.state.agreement
    if score is None:
        return None
    parts = {k: round(v, 2) for k, v in score.parts.items() if v is not None}
    shares = {names.get(pid, pid): round(v, 2) for pid, v in score.satisfaction.items()}
    return AgreementView(round(score.score, 2), parts, shares)


def _afterwards(blueprint: Blueprint, names: dict[str, str]) -> list[tuple[str, list[str]]]:
    start = blueprint.case.clock.start
    found = []
    for pid, spec in blueprint.parties.items():
        later = split_known(spec.persona.background, start).later
        if later:
            found.append((names.get(pid, pid), list(later)))
    return found


def _input(
    blueprint: Blueprint, record: TurnRecord | ChoiceRecord, names: dict[str, str]
) -> tuple[str, str, dict[str, int]]:
    """What the trainee did, as the timeline shows it: the action, its result and its rubric marks."""
    if record["type"] == "turn":
        compiled = blueprint.moves[record["move"]]
        target = record["target"]
        action = compiled.move.name + (f" → {names.get(target, target)}" if target else "")
        outcome = record["outcome"]
        detail = next(o.outcome.label for o in compiled.outcomes if o.outcome.id == outcome) if outcome else ""
        return action, detail, compiled.move.rubric
    event = blueprint.events[record["event"]]
    choice = next(c.choice for c in event.choices if c.choice.id == record["choice"])
    return f"Response to “{event.event.title}”", choice.label, choice.rubric


def _setting(blueprint: Blueprint, session: Session, record: SetRecord) -> TimelineEntry:
    """An author's setting, as the timeline shows it: a playtest is marked as one."""
    world = session.world
    action = f"Set by hand (a playtest): {record['name']} = {record['value']}"
    return TimelineEntry(record["turn"], world.date, _phase_name(blueprint, world.phase), action, "", [], [])


def _phase_name(blueprint: Blueprint, phase_id: str) -> str:
    if phase_id in blueprint.phases:
        return blueprint.phases[phase_id].name
    ending = blueprint.endings.get(phase_id)
    return f"Ending: {ending.title}" if ending else phase_id


def _phases_of(record: Record) -> list[str]:
    if record["type"] == "inject" or record["type"] == "coach" or record["type"] == "undo":
        return []  # an injection, a coach's advice or a move taken back records no phase
    if record["type"] == "set":
        return [str(c["to"]) for c in record.get("changes", []) if c["value"] == "phase"]
    found = [record.get("phase", "")]
    for change in record.get("changes", []):
        if change["value"] == "phase":
            found += [str(change["from"]), str(change["to"])]
    return found
