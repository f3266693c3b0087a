"""Lint: every quote a case (or one of its personas) cites is in its source's text, when the
text is at hand (a source's `file`, looked for in `seeds/` beside the case, beside its folder,
or in the folder ROLEPLAY_SEEDS names). Quotes are compared with runs of white space squashed,
so a line break in the source does not count."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from roleplay.errors import Loc
from roleplay.loading.loader import Document, read_document
from roleplay.model.case import Case

#: How a finding is added: (where, severity, message, fix, the file it is in).
Add = Callable[[Loc, str, str, str, Document | None], None]


def seed_folders(case_path: Path) -> list[Path]:
    """Where a case's source texts may lie, in order."""
    here = case_path.resolve().parent
    folders = [here / "seeds", here.parent / "seeds"]
    named = os.environ.get("ROLEPLAY_SEEDS")
    return [Path(named), *folders] if named else folders


def quote_findings(case_path: Path, case: Case, documents: list[Document], add: Add) -> None:
    """A warning for each quote not found in its source's text (sources without a text at
    hand are not checked, and nothing is said of them)."""
    texts = _texts(case_path, case)
    if not texts:
        return
    for document in documents:
        for loc, source, quote in _quotes(document.data, ()):
            text = texts.get(source)
            if text is not None and _squash(quote) not in text:
                add(
                    (*loc, "quote"),
                    "warning",
                    f"this quote is not in the text of source '{source}'",
                    "copy the passage word for word from the source (line breaks do not matter)",
                    document,
                )


def _texts(case_path: Path, case: Case) -> dict[str, str]:
    found: dict[str, str] = {}
    for source in case.sources:
        if not source.file:
            continue
        for folder in seed_folders(case_path):
            path = folder / source.file
            if path.is_file():
                found[source.id] = _squash(path.read_text(encoding="utf-8", errors="replace"))
                break
    return found


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _quotes(value: Any, loc: Loc) -> Iterator[tuple[Loc, str, str]]:
    """Every {source, quote} table in a document's data, with where it is."""
    stack: list[tuple[Any, Loc]] = [(value, loc)]
    while stack:
        item, here = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("source"), str) and isinstance(item.get("quote"), str):
                yield here, item["source"], item["quote"]
            stack.extend((v, (*here, k)) for k, v in item.items())
        elif isinstance(item, list):
            stack.extend((v, (*here, i)) for i, v in enumerate(item))


def persona_documents(case: Case, files: dict[str, Path]) -> list[Document]:
    """The documents of the personas a case uses."""
    used = (
        {p.persona for p in case.parties}
        | {a.persona for a in case.actors}
        | {case.mediation.lead, *case.mediation.co_mediators}
    )
    return [read_document(files[pid]) for pid in sorted(used) if pid in files]
