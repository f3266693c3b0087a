"""Read case and persona files: TOML, then the pydantic models, then the cross-checks.

Every problem is reported with file, line, column and field, all of them at once; nothing
in a file is ever executed. Parsed files are cached by path and content hash.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from roleplay.errors import CaseInvalid, Loc, Problem, ScenarioError, format_loc
from roleplay.loading.cache import persona_dirs_for as persona_dirs_for  # where it lives: no pydantic
from roleplay.loading.files import MAX_FILE_BYTES, Unreadable, read_capped, shown_path
from roleplay.loading.guards import shape_problem
from roleplay.loading.kept import kept
from roleplay.loading.loaded import LoadedCase as LoadedCase  # where it lives: no pydantic of its own
from roleplay.loading.messages import message as _message
from roleplay.loading.positions import PositionIndex
from roleplay.loading.text import raw_offset, table_and_list
from roleplay.model.case import Case
from roleplay.model.persona import Persona

if TYPE_CHECKING:  # the compiler loads only when a case does
    from roleplay.compile.checks import Parsed

Model = TypeVar("Model", bound=BaseModel)
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Document:
    """A file read as TOML, with the positions of its keys (indexed only when a problem needs them)."""

    path: Path
    text: str
    data: dict[str, Any]
    digest: str

    @cached_property
    def lines(self) -> list[str]:
        """The file's lines as the position index counts them: split on "\n" only."""
        return self.text.split("\n")

    @cached_property
    def index(self) -> PositionIndex:
        return PositionIndex.build(self.text)

    def problem(self, loc: Loc, message: str, column_offset: int | None = None, at_key: bool = False) -> Problem:
        loc = _clean_loc(self.data, loc)
        position = (self.index.key(loc) if at_key else None) or self.index.locate(loc)
        line, column = position.line, position.column
        if column_offset is not None:
            start = self.index.string_value_start(loc)
            if start is not None:
                raw = self.lines[start.line - 1]
                line, column = start.line, start.column + raw_offset(raw, start.column - 1, column_offset)
        return Problem(shown_path(self.path), line, column, format_loc(loc), message)


_documents: dict[tuple[Path, str], Document] = {}


def read_document(path: Path) -> Document:
    """Read a TOML file; raises ScenarioError for unreadable, non-UTF-8 or malformed TOML.

    Parsed files are kept for the process, keyed by path and the SHA-256 of the bytes read
    (never by modification time and size: an edit can keep both), so a persona shared by
    several cases is parsed once."""
    try:
        raw = read_capped(path, MAX_FILE_BYTES)
    except Unreadable as exc:
        raise ScenarioError([Problem(shown_path(path), 1, 1, "(file)", str(exc))]) from None
    digest = hashlib.sha256(raw).hexdigest()
    key = (path.resolve(), digest)
    cached = _documents.get(key)
    if cached is not None and cached.path == path:
        return cached
    document = _read_document(path, raw, digest)
    _documents[key] = document
    return document


def _read_document(path: Path, raw: bytes, digest: str) -> Document:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScenarioError([Problem(shown_path(path), line, 1, "(file)", "not UTF-8 text")]) from None
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write: not part of the TOML
    shape = shape_problem(text)
    if shape is not None:
        raise ScenarioError([Problem(shown_path(path), shape[0], 1, "(file)", f"refused before parsing: {shape[1]}")])
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_AT.search(str(exc))
        line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        if "(at end of document)" in str(exc):
            line, column = text.count("\n") + 1, len(text.rsplit("\n", 1)[-1]) + 1
        message = _TOML_AT.sub("", str(exc)).replace("(at end of document)", "at the end of the file").strip()
        confused = table_and_list(text)
        if confused is not None:
            line, column, message = confused
            raise ScenarioError([Problem(shown_path(path), line, column, "(toml)", message)]) from None
        raise ScenarioError([Problem(shown_path(path), line, column, "(toml)", f"invalid TOML: {message}")]) from None
    except (RecursionError, MemoryError):
        raise ScenarioError([Problem(shown_path(path), 1, 1, "(toml)", "invalid TOML: nested too deeply")]) from None
    return Document(path, text, data, digest)


def validate_model(document: Document, model: type[Model]) -> Model:
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        raise ScenarioError(format_problems(document, exc)) from None


def format_problems(document: Document, error: ValidationError) -> list[Problem]:
    """Each of pydantic's errors at its place in the file."""
    errors = list(error.errors())
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    problems = []
    for err in errors:
        loc = tuple(err["loc"])
        message = _message(err)
        if err["type"] == "missing" and _misspelt_for(loc, errors):
            continue  # reported as the unknown key it is misspelt as
        if err["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(loc[-1]), [str(m[-1]) for m in missing if m[:-1] == loc[:-1]], n=1)
            if close:
                message += f"; did you mean '{close[0]}'?"
        problems.append(document.problem(loc, message, at_key=err["type"] == "extra_forbidden"))
    return sorted(set(problems))


def _misspelt_for(loc: tuple[Any, ...], errors: list[Any]) -> bool:
    """Whether a missing key is there, misspelt: an unknown key beside it is close to its name."""
    beside = [str(e["loc"][-1]) for e in errors if e["type"] == "extra_forbidden" and tuple(e["loc"])[:-1] == loc[:-1]]
    return bool(difflib.get_close_matches(str(loc[-1]), beside, n=1))


def _clean_loc(data: Any, loc: Loc) -> Loc:
    """Drop the parts of a pydantic location that are not in the file (union tags, model names)."""
    clean: list[str | int] = []
    current = data
    for position, part in enumerate(loc):
        last = position == len(loc) - 1
        if isinstance(current, dict):
            if part in current:
                clean.append(part)
                current = current[part]
            elif last and isinstance(part, str):
                clean.append(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            clean.append(part)
            current = current[part]
        else:
            break
    return tuple(clean)


# -- personas -----------------------------------------------------------------------------


_personas: dict[str, tuple[Document, Persona]] = {}


def load_persona(path: Path) -> Persona:
    """A validated persona; a file shared by several cases is validated once per process."""
    document = read_document(path)
    cached = _personas.get(document.digest)
    if cached is not None and cached[0] is document:
        return cached[1]
    persona = validate_model(document, Persona)
    _personas[document.digest] = (document, persona)
    return persona


def load_personas(directories: Iterable[Path]) -> tuple[dict[str, Persona], dict[str, Path], list[Problem]]:
    personas, files, problems, _ = load_personas_checked(directories)
    return personas, files, problems


def load_personas_checked(
    directories: Iterable[Path],
) -> tuple[dict[str, Persona], dict[str, Path], list[Problem], dict[str, Path]]:
    """The personas of ``directories``, their files, their problems, and the personas that
    failed to load: by the id they declare and by their file's name, so that a case naming
    one is told where the errors are, once, instead of "unknown persona" at every use."""
    personas: dict[str, Persona] = {}
    files: dict[str, Path] = {}
    problems: list[Problem] = []
    broken: dict[str, Path] = {}
    for directory in directories:
        for path in sorted(directory.glob("*.toml")):
            try:
                persona = load_persona(path)
            except ScenarioError as exc:
                problems.extend(exc.problems)
                for pid in _declared_ids(path):
                    broken.setdefault(pid, path)
                continue
            if persona.id in files:
                if files[persona.id].resolve() != path.resolve():
                    problems.append(
                        Problem(
                            shown_path(path),
                            1,
                            1,
                            "id",
                            f"duplicate persona id '{persona.id}' (also in {shown_path(files[persona.id])})",
                        )
                    )
                continue
            personas[persona.id] = persona
            files[persona.id] = path
    return personas, files, problems, {pid: p for pid, p in broken.items() if pid not in personas}


def _declared_ids(path: Path) -> list[str]:
    """The ids a persona file that failed to load goes by: its file's name and its id."""
    ids = [path.stem]
    try:
        declared = read_document(path).data.get("id")
    except ScenarioError:
        return ids
    if isinstance(declared, str) and declared != path.stem:
        ids.append(declared)
    return ids


# -- cases --------------------------------------------------------------------------------


def load_case(path: Path | str, persona_dirs: Iterable[Path] | None = None, parsed: Parsed | None = None) -> LoadedCase:
    """Read, validate and compile a case; raises ScenarioError listing every problem.
    ``parsed``: filled with the case's conditions, parsed (see roleplay.compile.checks)."""
    from roleplay.compile import compile_case

    path = Path(path)
    dirs = list(persona_dirs) if persona_dirs is not None else persona_dirs_for(path)
    if (loaded := kept(path, dirs, LoadedCase)) is not None:  # loaded before roleplay serve forked this process
        return loaded if loaded.path == path else replace(loaded, path=path)  # named as this load names it
    document = read_document(path)
    data = document.data
    if "kind" in data and "moves" not in data and "phases" not in data:
        raise ScenarioError(
            [
                document.problem(
                    ("kind",),
                    f"this is a persona ({data.get('id', '?')}), not a case: give a case file "
                    "(roleplay validate checks personas)",
                    at_key=True,
                )
            ]
        )
    try:
        case = Case.model_validate(data)
    except ValidationError as error:
        raise ScenarioError(format_problems(document, error) + _references_behind(document, error, dirs)) from None
    personas, files, problems, broken = load_personas_checked(dirs)
    problems += _misnamed_personas(case, personas, files, dirs, broken)
    try:
        blueprint = compile_case(case, personas, _broken_messages(document, case, dirs, broken, problems), parsed)
    except CaseInvalid as exc:
        problems.extend(document.problem(i.loc, i.message, i.column) for i in exc.issues)
        raise ScenarioError(_once(problems)) from None
    problems.extend(_persona_citations(case, personas, files))
    if problems:
        raise ScenarioError(_once(problems))
    return LoadedCase(path, document.digest, blueprint)


def _once(problems: list[Problem]) -> list[Problem]:
    """Each problem once (a persona's are found by every case that loads it), in order."""
    return list(dict.fromkeys(problems))


def _misnamed_personas(
    case: Case, personas: dict[str, Persona], files: dict[str, Path], dirs: list[Path], broken: dict[str, Path]
) -> list[Problem]:
    """A case names a persona 'x' that is not known, and x.toml loaded under another id: the
    mistake is that id, reported there (and 'x' counted as broken, with nothing more to say)."""
    problems = []
    named = (
        [p.persona for p in case.parties]
        + [a.persona for a in case.actors]
        + [case.mediation.lead, *case.mediation.co_mediators]
    )
    for pid in dict.fromkeys(named):
        if pid in personas or pid in broken:
            continue
        for declared, path in files.items():
            if path.stem == pid and declared != pid:
                document = read_document(path)
                problems.append(
                    document.problem(
                        ("id",),
                        f"id '{declared}' differs from the file name: the case {case.id} names this "
                        f"persona '{pid}'; a persona's id is its file's name",
                    )
                )
                broken[pid] = path
                break
    return problems


def _broken_messages(
    document: Document, case: Case, dirs: list[Path], broken: dict[str, Path], problems: list[Problem]
) -> dict[str, str | None]:
    """What to say where the case names a persona that failed to load: once, where it is
    named first, "see its errors"; when no personas folder is found at all, one error for it."""
    said: dict[str, str | None] = {}
    for pid, path in broken.items():
        reported = any(p.file == shown_path(path) and p.field == "id" and "differs" in p.message for p in problems)
        said[pid] = None if reported else f"persona '{pid}' could not be loaded: see the errors in {shown_path(path)}"
    if not dirs:
        named = (
            [p.persona for p in case.parties]
            + [a.persona for a in case.actors]
            + [case.mediation.lead, *case.mediation.co_mediators]
        )
        where = shown_path(document.path.resolve().parent)
        problems.append(
            document.problem(
                ("parties",) if case.parties else ("mediation",),
                f"no personas folder: looked for personas/ in {where} and in its parent; "
                f"the case names {', '.join(dict.fromkeys(named))}",
                at_key=True,
            )
        )
        said.update(dict.fromkeys(named))
    return said


def _references_behind(document: Document, error: ValidationError, persona_dirs: list[Path]) -> list[Problem]:
    """The problems a format error would hide: the personas' own, and the case's reference
    errors (see recovery), at their places in the file."""
    from roleplay.compile import compile_case
    from roleplay.loading.recovery import reference_issues

    personas, files, problems, broken = load_personas_checked(persona_dirs)
    said: list[dict[str, str | None]] = []

    def compile_pruned(case: Case) -> object:
        extra = _misnamed_personas(case, personas, files, persona_dirs, broken)
        said.append(_broken_messages(document, case, persona_dirs, broken, extra))
        problems.extend(extra)
        return compile_case(case, personas, said[-1])

    issues = reference_issues(document.data, error, compile_pruned)
    return _once(problems + sorted({document.problem(i.loc, i.message, i.column) for i in issues}))


def _persona_citations(case: Case, personas: dict[str, Persona], files: dict[str, Path]) -> list[Problem]:
    """Personas cite the sources the case declares; check each persona the case uses."""
    known = {s.id for s in case.sources}
    used = (
        {p.persona for p in case.parties}
        | {a.persona for a in case.actors}
        | {case.mediation.lead, *case.mediation.co_mediators}
    )
    problems = []
    for pid in sorted(used & personas.keys()):
        bad = [c.source for c in personas[pid].cite if c.source not in known]
        if bad:
            document = read_document(files[pid])
            problems.append(
                document.problem(
                    ("cite",),
                    f"unknown source '{bad[0]}' for case {case.id}; it declares: {', '.join(sorted(known))}",
                )
            )
    return problems
