"""Loading a case through the cache (roleplay.loading.cache): the validated case and its
personas are kept, pickled, under the key of the files they were read from.

A hit skips reading and parsing the TOML and validating it (and so building pydantic's
validators); the case is compiled again (compile_case), so the blueprint a game plays is
made by the same code from the same models as without the cache, and the same seed and
moves give the same transcript. Its conditions' parsed trees are kept too (parsing them was
a third of compiling): each is compiled again from its tree, against the same names.
Only a case that loaded without any problem is stored: errors are always found and reported
by the loader, as without the cache.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from roleplay.loading.cache import CaseKey, case_key, persona_dirs_for, read_entry, write_entry
from roleplay.loading.kept import kept
from roleplay.loading.loaded import LoadedCase
from roleplay.model.case import Case
from roleplay.model.persona import Persona

if TYPE_CHECKING:
    from roleplay.compile.checks import Parsed

KIND = "case.pickle"


def load_case_cached(path: Path | str, persona_dirs: Iterable[Path] | None = None) -> LoadedCase:
    """``load_case``, from the cache when the case's files and the code are unchanged."""
    path = Path(path)
    dirs = list(persona_dirs) if persona_dirs is not None else persona_dirs_for(path)
    if kept(path, dirs, LoadedCase) is not None:  # loaded before `roleplay serve` forked this process
        return load_case(path, dirs)
    key = case_key(path, dirs)
    found = _read(key) if key is not None else None
    if key is not None and found is not None:
        from roleplay.compile import compile_case

        case, personas, known = found
        return LoadedCase(path, key.digest, compile_case(case, personas, parsed=known))
    parsed: Parsed = {}
    loaded = load_case(path, dirs, parsed)
    # Stored only if no file changed while it was read: the key must name what was loaded.
    if key is not None and loaded.digest == key.digest and case_key(path, dirs) == key:
        _write(key, loaded.case, loaded.blueprint.personas, parsed)
    return loaded


def load_case(path: Path, persona_dirs: Iterable[Path] | None = None, parsed: Parsed | None = None) -> LoadedCase:
    """The loader's ``load_case``: the loader is imported when a case is read from its files,
    not when it comes from the cache."""
    from roleplay.loading.loader import load_case as read_and_validate

    return read_and_validate(path, persona_dirs, parsed)


def _read(key: CaseKey) -> tuple[Case, dict[str, Persona], Parsed] | None:
    payload = read_entry(key, KIND)
    if payload is None:
        return None
    try:
        found = pickle.loads(payload)
    except Exception:  # an entry written by other code (the key covers ours): a miss, rewritten
        return None
    if not (isinstance(found, tuple) and len(found) == 4 and found[0] == _versions()):
        return None
    case, personas, parsed = found[1], found[2], found[3]
    if not (isinstance(case, Case) and isinstance(personas, dict) and isinstance(parsed, dict)):
        return None
    if not all(isinstance(p, Persona) for p in personas.values()):
        return None
    return case, personas, parsed


def _write(key: CaseKey, case: Case, personas: Mapping[str, Persona], parsed: Parsed) -> None:
    entry = (_versions(), case, dict(personas), parsed)
    write_entry(key, KIND, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))


def _versions() -> tuple[str, str]:
    """pydantic's versions: the models' pickled form is theirs (not covered by the code key)."""
    import pydantic_core
    from pydantic.version import VERSION

    return VERSION, pydantic_core.__version__


__all__ = ["load_case", "load_case_cached"]
