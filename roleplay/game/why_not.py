"""Why a move cannot be played, in the case's words: "needs the Coordination's trust in you
at 50 or more (now 42)", "first table the Elements", "only in the initialling ceremony
(Phase V)". Never an engine identifier: parties, moves, phases, issues, events and flags
are named as the case names them.

A condition is turned once, at first use, into a plan: negations are pushed down to the
clauses (so ``not (a and b)`` reads as "either not a, or not b", never as "not a and b"),
and each clause gets its own compiled test and a renderer whose words are fixed in advance
(only the current value is filled in). A move list then costs a test and, for an unmet
clause, one short format per clause.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from roleplay.conditions import And, Compare, Const, Fn, Lit, Node, Not, Or, Ref, Truth, Value, compile_node
from roleplay.game.views import SCORE_WORDS, number, party_name, standing_words

if TYPE_CHECKING:
    from roleplay.conditions import Name
    from roleplay.engine.blueprint import Blueprint, CompiledMove
    from roleplay.engine.state import GameState

Words = Callable[[Any], str]
#: A plan: a condition's clauses, each with its test and its words (fixed, or with a value).
Plan = tuple[tuple[Fn, "str | Words"], ...]

_NEGATED = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">", "in": "not in", "not in": "in"}
_FLIPPED = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!="}
_BOUND = {
    ">=": "at {} or more",
    ">": "above {}",
    "<=": "at {} or less",
    "<": "below {}",
    "==": "at {}",
    "!=": "not at {}",
}
_BETWEEN = {">=": "at least", ">": "above", "<=": "at most", "<": "below", "==": "equal to", "!=": "other than"}
_SCORES = SCORE_WORDS


def negation_normal_form(node: Node, negate: bool = False) -> Node:
    """The same condition with every `not` pushed down to a clause (De Morgan); a negated
    true/false name stays as Not(Truth)."""
    if isinstance(node, Not):
        return negation_normal_form(node.part, not negate)
    if isinstance(node, And | Or):
        parts = tuple(negation_normal_form(part, negate) for part in node.parts)
        return (Or(parts) if isinstance(node, And) else And(parts)) if negate else type(node)(parts)
    if isinstance(node, Compare):
        return Compare(node.left, _NEGATED[node.op], node.right) if negate else node
    if isinstance(node, Const):
        return Const(node.value != negate)
    return Not(node) if negate else node


def _in_phase(node: Node) -> str:
    """The phase of an `in_phase.x` clause ('' for any other node)."""
    if isinstance(node, Truth) and node.ref.name.startswith("in_phase."):
        return node.ref.name.partition(".")[2]
    return ""


def _bare(reason: str) -> str:
    """A reason inside 'either ..., or ...': without its leading 'needs'."""
    return reason.removeprefix("needs ")


def _never(context: Any) -> bool:
    return False


def times(n: float) -> str:
    n = int(n)
    return {0: "no times", 1: "once", 2: "twice"}.get(n, f"{n} times")


def _so_far(n: float) -> str:
    return "not yet" if int(n) == 0 else f"{times(n)} so far"


def _lower_first(text: str) -> str:
    """'Table the Elements' -> 'table the Elements'; an acronym ('GATIA ...') stays as it is."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _sentence(text: str) -> str:
    """A description inside a sentence: 'The draft ...' -> 'the draft ...'; 'Lamamra ...' stays."""
    first, _, rest = text.partition(" ")
    return f"{first.lower()} {rest}" if first in ("The", "A", "An") else text


class CaseWords:
    """The case's names for what conditions speak of, and the plans made from them."""

    def __init__(self, blueprint: Blueprint) -> None:
        # Weakly: the words are kept in a WeakKeyDictionary keyed by this blueprint (here and,
        # through the move list's rows, in roleplay/game/move_list.py); a strong reference
        # from the value would keep every blueprint ever shown alive (seen: 1 GB over the
        # 40,000 mutated cases of benchmarks/fuzz.py).
        self._blueprint = weakref.ref(blueprint)
        case = blueprint.case
        self.issues = {i.id: i.name for i in case.issues}
        self.flags = {f.id: f.description.strip().rstrip(".") for f in case.flags}
        self.moves = {m: c.move.name for m, c in blueprint.moves.items()}
        self.events = {e: c.event.title for e, c in blueprint.events.items()}
        self.setters = self._flag_setters()
        self._plans: dict[tuple[str, str | None], Plan] = {}

    @property
    def blueprint(self) -> Blueprint:
        found = self._blueprint()
        if found is None:  # only while its blueprint lives is a case's words asked for
            raise RuntimeError("the case these words belong to is gone")
        return found

    # -- names ------------------------------------------------------------------------------

    def party(self, pid: str, target: str | None) -> str:
        """A party's name in a sentence: 'the Coordination', 'GATIA', 'Civil society'."""
        if pid in ("target", "party") and target is not None:
            pid = target
        name = party_name(self.blueprint, pid)
        persona = self.blueprint.personas.get(pid)
        full = persona.name if persona else ""
        if " " not in name and not name.isupper() and full.split(" ")[0] == name and " of " in full:
            return f"the {name}"
        return name

    def possessive(self, pid: str, target: str | None) -> str:
        return f"{self.party(pid, target)}'s"

    def phase(self, phase: str) -> str:
        """'Phase V: the initialling ceremony'; a top phase by its own name."""
        found = self.blueprint.phases.get(phase)
        if found is None:
            ending = self.blueprint.endings.get(phase)
            return f"the ending '{ending.title}'" if ending else "another phase"
        path = self.blueprint.paths.get(phase, (phase,))
        if len(path) < 2:
            return found.name
        top = self.blueprint.phases[path[0]].name.split(":")[0]
        return f"{top}: {_lower_first(found.name)}"

    def move(self, move: str) -> str:
        return f"'{self.moves.get(move, 'another move')}'"

    def _flag_setters(self) -> dict[str, list[str]]:
        setters: dict[str, list[str]] = {}
        for move_id, compiled in self.blueprint.moves.items():
            effects = list(compiled.effects) + [e for o in compiled.outcomes for e in o.effects]
            for effect in effects:
                flag = getattr(effect.effect, "flag", None)
                if effect.effect.kind == "flag" and flag and getattr(effect.effect, "value", False) is True:
                    found = setters.setdefault(flag, [])
                    if move_id not in found:
                        found.append(move_id)
        return setters

    # -- plans ------------------------------------------------------------------------------

    @staticmethod
    def closed(state: GameState) -> str:
        """Why no move can be played now ('' when moves can be)."""
        if state.ending is not None:
            return "the session has ended"
        if state.pending:
            return f"first respond to '{state.pending[0].event.title}'"
        return ""

    def reasons(self, state: GameState, compiled: CompiledMove, target: str | None) -> list[str]:
        """Why the move cannot be played with this target now, in words (empty when it can)."""
        closed = self.closed(state)
        if closed:
            return [closed]
        found: list[str] = []
        self.unmet(state, compiled, target, found)
        return found

    def first(self, state: GameState, compiled: CompiledMove, target: str | None) -> str:
        """The first reason the move's own rules rule it out now, in words ('' when they
        allow it): what the move list shows in one line."""
        move, world = compiled.move, state.world
        if move.max_uses is not None and world.played.get(move.id, 0) >= move.max_uses:
            return f"already played {times(move.max_uses)}, as often as it can be"
        if move.cost.capital > world.capital + 1e-9:
            return f"costs {move.cost.capital:g} political capital; you have {world.capital:.0f}"
        context = state.scopes[target] if target is not None else world
        for holds, words in self.plan_of(compiled, target):
            if not holds(context):
                return words if isinstance(words, str) else words(context)
        return ""

    def unmet(self, state: GameState, compiled: CompiledMove, target: str | None, found: list[str]) -> None:
        """Add to ``found`` why the move's own rules (uses, capital, condition) rule it out now,
        in words; nothing when they allow it. The session's end and a pending event are the
        caller's."""
        move, world = compiled.move, state.world
        if move.max_uses is not None and world.played.get(move.id, 0) >= move.max_uses:
            found.append(f"already played {times(move.max_uses)}, as often as it can be")
        if move.cost.capital > world.capital + 1e-9:
            found.append(f"costs {move.cost.capital:g} political capital; you have {world.capital:.0f}")
        context = state.scopes[target] if target is not None else world
        for holds, words in self.plan_of(compiled, target):
            if not holds(context):
                found.append(words if isinstance(words, str) else words(context))

    def plan_of(self, compiled: CompiledMove, target: str | None) -> Plan:
        """The plan of a move's condition for this target, made at its first use."""
        plan = self._plans.get((compiled.move.id, target))
        if plan is None:
            plan = self._plans[(compiled.move.id, target)] = self.plan(compiled.available.tree, target)
        return plan

    def plan(self, tree: Node, target: str | None) -> Plan:
        """The plan of a condition for a move with this target (None: no target)."""
        names = self.blueprint.tables[frozenset({"target"}) if target is not None else frozenset()]
        return self._plan(negation_normal_form(tree), names, target)

    def _plan(self, node: Node, names: dict[str, Name], target: str | None) -> Plan:
        """The clauses of a condition in negation normal form, each as (its test, its words);
        an `or` is one clause whose words list what each alternative misses."""
        if isinstance(node, And):
            return tuple(clause for part in node.parts for clause in self._plan(part, names, target))
        if isinstance(node, Const):
            return () if node.value else ((_never, "never available"),)
        holds = compile_node(node, names)
        if isinstance(node, Or) and all(_in_phase(part) for part in node.parts):
            phases = " or ".join(self.phase(_in_phase(part)) for part in node.parts)
            return ((holds, f"only in {phases}"),)
        if isinstance(node, Or):
            alternatives = [self._plan(part, names, target) for part in node.parts]

            def either(c: Any) -> str:
                unmet = [
                    " and ".join(_bare(w if isinstance(w, str) else w(c)) for h, w in alternative if not h(c))
                    for alternative in alternatives
                ]
                return "either " + ", or ".join(unmet)

            return ((holds, either),)
        return ((holds, self.words(node, names, target)),)

    # -- one clause -------------------------------------------------------------------------

    def words(self, node: Node, names: dict[str, Name], target: str | None) -> str | Words:
        """What an unmet clause (Compare, Truth or Not(Truth)) needs, in words: fixed words, or
        a renderer that fills in the current value."""
        if isinstance(node, Not) and isinstance(node.part, Truth):
            return self._truth(node.part.ref.name, target, negated=True)
        if isinstance(node, Truth):
            return self._truth(node.ref.name, target, negated=False)
        assert isinstance(node, Compare)
        left, op, right = node.left, node.op, node.right
        if isinstance(left, Lit) and isinstance(right, Ref):
            left, op, right = right, _FLIPPED[op], left
        if isinstance(left, Ref) and isinstance(right, Ref):
            return self._two_names(left.name, op, right.name, names, target)
        assert isinstance(left, Ref)
        values: tuple[Value, ...] = (
            right if isinstance(right, tuple) else (right.value,) if isinstance(right, Lit) else ()
        )
        return self._compare(left.name, op, values, names[left.name].getter, target)

    def _truth(self, name: str, target: str | None, *, negated: bool) -> str:
        kind, _, rest = name.partition(".")
        if name == "has_draft":
            return "only before there is a draft" if negated else "once there is a draft on the table"
        if kind == "accepts":
            who = self.party(rest, target)
            return f"only while {who} does not accept the draft" if negated else f"once {who} accepts the draft"
        if kind == "in_phase":
            return f"not in {self.phase(rest)}" if negated else f"only in {self.phase(rest)}"
        if kind == "flag":
            description = self.flags.get(rest, "")
            if negated:
                if description:
                    return f"no longer possible: {_sentence(description)}"
                return f"not once {rest.replace('_', ' ')} has happened"
            setters = self.setters.get(rest, [])
            if len(setters) == 1:
                return f"first {_lower_first(self.moves[setters[0]])}"
            return f"once {_sentence(description)}" if description else f"once {rest.replace('_', ' ')} has happened"
        return "not now" if negated else "not yet"

    def _compare(
        self, name: str, op: str, values: Sequence[Value], get: Callable[[Any], Value], target: str | None
    ) -> str | Words:
        kind, _, rest = name.partition(".")
        value = values[0] if values else 0
        if isinstance(value, bool) and op in ("==", "!="):  # `has_draft == false` says the same as `not has_draft`
            return self._truth(name, target, negated=(op == "==") != value)
        if kind == "standing":
            who = self.party(rest, target)
            states = " or ".join(standing_words(str(v)) for v in values)
            if op in ("!=", "not in"):
                return f"not while {who} is {states}"
            if all(str(v) in ("signed", "initialled") for v in values):  # a step taken, not a state held
                return lambda c: f"once {who} has {states} (now {standing_words(str(get(c)))})"
            return lambda c: f"only while {who} is {states} (now {standing_words(str(get(c)))})"
        if name == "phase":
            phases = " or ".join(self.phase(str(v)) for v in values)
            return f"not in {phases}" if op in ("!=", "not in") else f"only in {phases}"
        if name == "date":
            when = {">=": "from", ">": "after", "<": "before", "<=": "until", "==": "on", "!=": "except on"}.get(
                op, "on"
            )
            return lambda c: f"only {when} {value} (today is {get(c)})"
        if kind in ("played", "fired") and isinstance(value, int | float) and op in _BOUND:
            return self._count(kind, rest, op, float(value), get)
        if isinstance(value, int | float) and not isinstance(value, bool) and op in _BOUND:
            subject = self.subject(name, target)
            bound = _BOUND[op].format(number(float(value)))
            if kind == "draft":
                return lambda c: f"once {subject} stands {bound} ({self._draft_now(get(c))})"
            return lambda c: f"needs {subject} {bound} (now {number(float(get(c)))})"
        subject = self.subject(name, target)
        listed = " or ".join(str(v) for v in values)
        return lambda c: f"needs {subject} {'not ' if op in ('!=', 'not in') else ''}{listed} (now {_shown(get(c))})"

    @staticmethod
    def _draft_now(value: Value) -> str:
        return "no draft yet" if float(value) < 0 else f"now {number(float(value))}"

    def _count(self, kind: str, what: str, op: str, n: float, get: Callable[[Any], Value]) -> str | Words:
        thing = self.move(what) if kind == "played" else f"'{self.events.get(what, 'an event')}'"

        def done(k: int) -> str:
            return f"you have played {thing} {times(k)}" if kind == "played" else f"{thing} has happened {times(k)}"

        if op in (">=", ">"):
            at_least = int(n) + (1 if op == ">" else 0)
            if kind == "played":
                return lambda c: f"after you have played {thing} {times(at_least)} ({_so_far(float(get(c)))})"
            return lambda c: f"after {thing} has happened {times(at_least)} ({_so_far(float(get(c)))})"
        if op in ("<", "<="):
            limit = int(n) + (1 if op == "<=" else 0)
            if limit == 1:
                return f"only before you play {thing}" if kind == "played" else f"only before {thing} happens"
            return lambda c: f"only until {done(limit)} ({_so_far(float(get(c)))})"
        return lambda c: f"only when {done(int(n)) if op == '==' else 'not ' + done(int(n))} ({_so_far(float(get(c)))})"

    def subject(self, name: str, target: str | None) -> str:
        """A number's name in words: 'the Coordination's trust in you'."""
        kind, _, rest = name.partition(".")
        parts = rest.split(".")
        if kind in _SCORES and rest != "mutual":
            return f"{self.possessive(rest, target)} {_SCORES[kind]}"
        if name == "ripeness.mutual":
            return "the lowest ripeness at the table"
        if name == "inclusion":
            return "the inclusion of the process"
        if kind == "distance":
            return f"the draft's distance from what {self.party(rest, target)} wants"
        if kind == "relation" and len(parts) == 2:
            return f"{self.possessive(parts[0], target)} trust in {self.party(parts[1], target)}"
        if kind in ("position", "salience") and len(parts) == 2:
            issue = self.issues.get(parts[1], "an issue")
            if kind == "position":
                return f"{self.possessive(parts[0], target)} position on {issue}"
            return f"how much {issue} matters to {self.party(parts[0], target)}"
        if kind == "draft":
            return f"the draft's {_lower_first(self.issues.get(rest, 'an issue'))}"
        if kind == "count":
            if rest == "accepting":
                return "the number of parties accepting the draft"
            if rest == "present":
                return "the number of parties in the talks"
            return f"the number of parties {standing_words(rest).lower()}"
        return {
            "turn": "the number of moves played",
            "day": "the days since the start",
            "capital": "your political capital",
            "trust.lowest": "the lowest trust in you among the parties",
            "trust.spread": "the gap between the parties' trust in you",
            "agreement.score": "the agreement's score",
            "agreement.content": "the text's closeness to the parties' interests",
            "agreement.pareto": "the text's share of the best package found",
            "agreement.ownership": "the parties' ownership of the process",
            "agreement.durability": "the agreement's durability",
        }.get(name, "a value of the case")

    def _two_names(self, left: str, op: str, right: str, names: dict[str, Name], target: str | None) -> Words:
        a, b = self.subject(left, target), self.subject(right, target)
        get_a, get_b = names[left].getter, names[right].getter
        relation = _BETWEEN.get(op, op)
        return lambda c: f"needs {a} {relation} {b} (now {_shown(get_a(c))} and {_shown(get_b(c))})"


def _shown(value: Value) -> str:
    return number(float(value)) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)


_WORDS: weakref.WeakKeyDictionary[Blueprint, CaseWords] = weakref.WeakKeyDictionary()


def case_words(blueprint: Blueprint) -> CaseWords:
    """The words of a case, made once per blueprint (its plans are kept with it)."""
    found = _WORDS.get(blueprint)
    if found is None:
        found = _WORDS[blueprint] = CaseWords(blueprint)
    return found
