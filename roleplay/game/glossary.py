"""The glossary (key g): the words a trainee meets, each with where it comes from. The
model's words (trust, ripeness, red line, the draft, acceptance, ...) are said as
docs/model.md says them; the case's own words (its parties, issues, the phases reached so
far and its moves) come from the case file with its citations.

Nothing is told before its time: phases not reached yet are left out (their summaries tell
what happened), and of a party's background only what was known by the game's date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint
    from roleplay.engine.state import GameState
    from roleplay.model.common import Citation

#: Where the model's words are defined.
MODEL_DOC = "docs/model.md"


@dataclass(frozen=True)
class Term:
    word: str
    meaning: str
    #: Where it comes from: the case's citations, or a section of docs/model.md.
    source: str


@dataclass(frozen=True)
class Section:
    title: str
    terms: tuple[Term, ...]


def _model(word: str, meaning: str, section: str) -> Term:
    return Term(word, meaning, f"{MODEL_DOC}, “{section}”")


#: The model's words, as docs/model.md defines them (kept short: the document has the formulas).
MODEL_TERMS: tuple[Term, ...] = (
    _model(
        "Trust",
        "A party's trust in you, the mediator (0-100). It is won slowly and lost three times as fast, "
        "and a betrayal lowers how high it can climb again.",
        "Trust: quick to lose, slow to rebuild",
    ),
    _model(
        "Left out",
        "Meeting one party alone costs trust with the others present, by how much each minds being excluded.",
        "Trust: quick to lose, slow to rebuild",
    ),
    _model(
        "Position",
        "The outcome a party wants on an issue: its point on the issue's spectrum.",
        "What each party carries",
    ),
    _model(
        "Red line",
        "The outcomes a party could ever accept on an issue (low-high); its position always lies inside it.",
        "What each party carries",
    ),
    _model(
        "Salience",
        "How much an issue matters to a party: nobody moves far on what matters most to them.",
        "Positions: persuasion scaled by trust and salience",
    ),
    _model(
        "Ripeness",
        "How much a party feels a hurting stalemate and sees a way out (Zartman). Events and pressure raise it; "
        "a ripe party accepts more.",
        "Ripeness and pressure",
    ),
    _model(
        "Pressure",
        "A deadline or a threat: it raises ripeness, but a party that does not yield resents it and may walk out.",
        "Ripeness and pressure",
    ),
    _model(
        "Cohesion",
        "The unity of a coalition.",
        "What each party carries",
    ),
    _model(
        "Capability",
        "A party's military and political weight: with salience, how hard it pulls the compromise toward it.",
        "Positions: persuasion scaled by trust and salience",
    ),
    _model(
        "Compromise point",
        "The mean of the positions of the parties present on an issue, weighted by capability and salience.",
        "Positions: persuasion scaled by trust and salience",
    ),
    _model(
        "Draft (single negotiating text)",
        "One text with a value per issue. A revision stands only if no party present finds it worse "
        "(a veto); an imposed text always stands, at a cost in trust.",
        "The single negotiating text",
    ),
    _model(
        "Distance",
        "How far the draft is from what a party wants: the mean gap over the drafted issues, weighted by salience.",
        "The single negotiating text",
    ),
    _model(
        "Acceptance",
        "A party accepts the draft when every drafted value is inside its red lines and the text is close "
        "enough to what it wants; trust and ripeness widen what it will accept.",
        "The single negotiating text",
    ),
    _model(
        "Standing",
        "Where a party is: outside the talks, at the table, consulting its base, boycotting, walked out, "
        "initialled or signed. Below a trust threshold a party walks out; it returns once trust is restored.",
        "What each party carries",
    ),
    _model(
        "Political capital",
        "What your moves spend, with days: a move you cannot pay for cannot be played.",
        "The turn",
    ),
)


#: Citations shown per word: the first says where it is defined; the rest (later sections of
#: a history, whose titles tell what came later) wait for the debrief.
MAX_CITATIONS = 1


def cited(cite: list[Citation]) -> str:
    return "; ".join(list(dict.fromkeys(c.label() for c in cite))[:MAX_CITATIONS])


def _first_sentences(text: str, limit: int = 240) -> str:
    """The opening of a text, cut at a sentence end near ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text.rfind(". ", 0, limit)
    return text[: cut + 1] if cut > 0 else text[:limit].rstrip() + "…"


def _parties(blueprint: Blueprint, date: str) -> tuple[Term, ...]:
    from roleplay.game.known import split_known

    terms = []
    for spec in blueprint.parties.values():
        persona = spec.persona
        word = persona.name if persona.short_name == persona.name else f"{persona.name} ({persona.short_name})"
        known = split_known(persona.background, date).known or "Little of its story is known yet."
        terms.append(Term(word, _first_sentences(known), cited(persona.cite)))
    return tuple(terms)


def _issues(blueprint: Blueprint) -> tuple[Term, ...]:
    terms = []
    for issue in blueprint.case.issues:
        ends = sorted(issue.anchors, key=lambda a: a.at)
        meaning = f"{issue.description} From “{ends[0].label}” to “{ends[-1].label}”."
        terms.append(Term(issue.name, meaning, cited(issue.cite)))
    return tuple(terms)


def _phases(blueprint: Blueprint, state: GameState) -> tuple[Term, ...]:
    """The phases reached so far, in the case's order."""
    from roleplay.game.known import split_known

    date = state.world.date
    return tuple(
        Term(phase.name, split_known(phase.summary, date).known, cited(phase.cite))
        for phase_id, phase in blueprint.phases.items()
        if phase_id in state.phases_seen
    )


def _moves(blueprint: Blueprint) -> tuple[Term, ...]:
    return tuple(
        Term(compiled.move.name, f"{compiled.move.summary} {compiled.move.teaching}", cited(compiled.move.cite))
        for compiled in blueprint.moves.values()
    )


def glossary(blueprint: Blueprint, state: GameState) -> list[Section]:
    """The glossary of a game as it stands: the model's words, then the case's."""
    sections = [
        Section("The model's words", MODEL_TERMS),
        Section("The parties", _parties(blueprint, state.world.date)),
        Section("The issues", _issues(blueprint)),
        Section("The phases so far", _phases(blueprint, state)),
        Section("Your moves", _moves(blueprint)),
    ]
    return [s for s in sections if s.terms]
