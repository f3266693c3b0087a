"""What an instructor sees of each team: kept up to date from the store by replaying only
the inputs each team committed since the last look."""

from __future__ import annotations

from dataclasses import dataclass

from roleplay.classroom.store import ClassStore
from roleplay.engine.actions import action_of
from roleplay.engine.blueprint import Blueprint
from roleplay.engine.session import Session
from roleplay.engine.transcript import perform
from roleplay.game.views import party_name
from roleplay.loading import load_case


@dataclass(frozen=True)
class TeamView:
    team: str
    phase: str
    turn: int
    date: str
    ending: str
    trust: dict[str, float]
    standings: dict[str, str]
    last_move: str


def move_label(blueprint: Blueprint, move: str, target: str | None) -> str:
    """'Proximity talks → Platform': the move's and the party's names, as the trainee saw them."""
    name = blueprint.moves[move].move.name
    if target:
        name += f" → {party_name(blueprint, target)}"
    return name


def _phase_name(blueprint: Blueprint, phase: str) -> str:
    if phase in blueprint.phases:
        return blueprint.phases[phase].name
    ending = blueprint.endings.get(phase)
    return ending.title if ending is not None else phase


class ClassMonitor:
    def __init__(self, store: ClassStore, code: str) -> None:
        self.store = store
        self.info = store.get_class(code)
        self.loaded = load_case(self.info.case_path)
        self._sessions: dict[str, tuple[Session, int]] = {}

    def views(self) -> list[TeamView]:
        views = []
        for team in self.store.teams(self.info.code):
            session, seen = self._sessions.get(team) or (Session(self.loaded.blueprint, self.info.seed), 0)
            last = ""
            for action in self.store.actions(self.info.code, team):
                if action.seq <= seen:
                    continue
                perform(session, action_of(action.kind, action.ident, action.target))
                seen = action.seq
            self._sessions[team] = (session, seen)
            turns = [r for r in session.records if r["type"] == "turn"]
            if turns:
                last = move_label(self.loaded.blueprint, turns[-1]["move"], turns[-1]["target"])
            views.append(self._view(team, session, last))
        return views

    def _view(self, team: str, session: Session, last: str) -> TeamView:
        world = session.world
        names = {pid: party_name(self.loaded.blueprint, pid) for pid in world.parties}
        return TeamView(
            team=team,
            phase=_phase_name(self.loaded.blueprint, world.phase),
            turn=world.turn,
            date=world.date,
            ending=session.ending.title if session.ending else "",
            trust={names[pid]: p.trust for pid, p in world.parties.items()},
            standings={names[pid]: p.standing for pid, p in world.parties.items()},
            last_move=last,
        )
