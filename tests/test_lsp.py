"""The language server (`roleplay lsp`), spoken to by a real LSP client over stdio, and its
analysis modules (the cursor's path, hover, completion, definition) on their own."""

from __future__ import annotations

import asyncio
import sys
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from lsprotocol import types as lsp
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

from roleplay.authoring.lsp.completion import complete
from roleplay.authoring.lsp.cursor import char_column, spot_at, utf16_column
from roleplay.authoring.lsp.definition import definition
from roleplay.authoring.lsp.facts import persona_files, read_facts
from roleplay.authoring.lsp.hover import escape, hover_text

ROOT = Path(__file__).resolve().parent.parent
ALGIERS = ROOT / "scenarios" / "algiers-2014-2015.toml"
TYPO_FROM, TYPO_TO = "trust.government >= 40", "trust.governmnt >= 40"
T = TypeVar("T")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n")) if needle in line)


async def until(predicate: Callable[[], T], *, timeout: float, message: str) -> T:
    """Await ``predicate()`` being truthy for at most ``timeout`` seconds, else fail saying what."""
    deadline = time.monotonic() + timeout
    while True:
        found = predicate()
        if found:
            return found
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {message}")
        await asyncio.sleep(0.02)


# -- a real client over stdio ---------------------------------------------------------------------


async def test_server_over_stdio() -> None:
    client = LanguageClient("roleplay-test", "1")
    published: dict[str, list[list[lsp.Diagnostic]]] = {}

    @client.feature(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(params: lsp.PublishDiagnosticsParams) -> None:
        published.setdefault(params.uri, []).append(params.diagnostics)

    await client.start_io(sys.executable, "-m", "roleplay", "lsp", cwd=str(ROOT))
    try:
        result = await asyncio.wait_for(
            client.initialize_async(
                lsp.InitializeParams(capabilities=lsp.ClientCapabilities(), root_uri=from_fs_path(str(ROOT)))
            ),
            timeout=30,
        )
        assert result.capabilities.hover_provider
        client.initialized(lsp.InitializedParams())
        uri = from_fs_path(str(ALGIERS))
        assert uri is not None
        text = ALGIERS.read_text(encoding="utf-8")
        doc = lsp.TextDocumentItem(uri=uri, language_id="toml", version=1, text=text)
        client.text_document_did_open(lsp.DidOpenTextDocumentParams(text_document=doc))

        # Opened: validate finds nothing; lint's notes are not errors. A case that validates
        # gets two publications (validate's, then lint's): wait for both, so that lint's
        # cannot arrive after the edit below and be taken for the edit's.
        await until(
            lambda: len(published.get(uri, [])) >= 2, timeout=30, message="validate's and lint's diagnostics of Algiers"
        )
        errors = [d for d in published[uri][0] if d.severity == lsp.DiagnosticSeverity.Error]
        assert errors == [], [d.message for d in errors]

        # A typo in a condition: one error, on that line, with "did you mean".
        row = line_of(text, TYPO_FROM)
        raw = text.split("\n")[row]
        column = raw.index(TYPO_FROM)
        published[uri].clear()
        change = lsp.TextDocumentContentChangePartial(
            range=lsp.Range(
                start=lsp.Position(line=row, character=column),
                end=lsp.Position(line=row, character=column + len(TYPO_FROM)),
            ),
            text=TYPO_TO,
        )
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2), content_changes=[change]
            )
        )
        diagnostics = await until(lambda: published[uri] and published[uri][0], timeout=10, message="the typo's error")
        assert len(diagnostics) == 1, [d.message for d in diagnostics]
        [typo] = diagnostics
        assert typo.severity == lsp.DiagnosticSeverity.Error and typo.source == "roleplay"
        assert typo.range.start.line == row
        assert typo.range.start.character == column
        assert "did you mean 'trust.government'" in typo.message

        # Hover a key: the schema's description.
        when_row = line_of(text, 'available = "')
        hover = await asyncio.wait_for(
            client.text_document_hover_async(
                lsp.HoverParams(
                    text_document=lsp.TextDocumentIdentifier(uri=uri), position=lsp.Position(line=when_row, character=2)
                )
            ),
            timeout=10,
        )
        assert hover is not None and isinstance(hover.contents, lsp.MarkupContent)
        assert "condition in the safe expression language" in hover.contents.value

        # Complete a condition name inside the typo'd condition.
        cursor = lsp.Position(line=row, character=column + len("trust.coor"))
        completions = await asyncio.wait_for(
            client.text_document_completion_async(
                lsp.CompletionParams(text_document=lsp.TextDocumentIdentifier(uri=uri), position=cursor)
            ),
            timeout=10,
        )
        assert isinstance(completions, lsp.CompletionList)
        labels = {item.label: item for item in completions.items}
        assert "trust.coordination" in labels
        edit = labels["trust.coordination"].text_edit
        assert isinstance(edit, lsp.TextEdit) and edit.range.start.character == column  # replaces the whole name

        # Go to a move's definition from `played.<move>` in a condition.
        played_row = line_of(text, 'when = "played.review_separately')
        target = await asyncio.wait_for(
            client.text_document_definition_async(
                lsp.DefinitionParams(
                    text_document=lsp.TextDocumentIdentifier(uri=uri),
                    position=lsp.Position(line=played_row, character=text.split("\n")[played_row].index("review")),
                )
            ),
            timeout=10,
        )
        assert isinstance(target, lsp.Location) and target.uri == uri
        assert target.range.start.line == line_of(text, 'id = "review_separately"')

        await asyncio.wait_for(client.shutdown_async(None), timeout=10)
        client.exit(None)
        assert client._server is not None
        code = await asyncio.wait_for(client._server.wait(), timeout=10)
        assert code == 0
    finally:
        if client._server is not None and client._server.returncode is None:
            client._server.kill()
        await client.stop()


# -- the analysis, without a server -----------------------------------------------------------------


@pytest.fixture(scope="module")
def algiers() -> str:
    return ALGIERS.read_text(encoding="utf-8")


def test_spot_paths_count_arrays_of_tables(algiers: str) -> None:
    row = line_of(algiers, 'id = "p1_opening"')
    assert spot_at(algiers, row, 3).path == ("phases", 0, "phases", 0, "id")
    row = line_of(algiers, 'id = "review_separately"')
    index = [move["id"] for move in tomllib.loads(algiers)["moves"]].index("review_separately")
    assert spot_at(algiers, row, 0).path == ("moves", index, "id")


def test_hover_names_an_id_and_escapes_case_text(algiers: str) -> None:
    facts = read_facts(algiers)
    assert facts is not None
    row = line_of(algiers, TYPO_FROM)
    column = algiers.split("\n")[row].index(TYPO_FROM) + len("trust.")
    text = hover_text(algiers, facts, row, column, persona_files(ALGIERS))
    assert text is not None and "party `government`" in text and "trust in the mediator" in text
    assert escape("*bold* <b>") == r"\*bold\* \<b\>"


def test_completion_of_keys_ids_and_personas(algiers: str) -> None:
    facts = read_facts(algiers)
    assert facts is not None
    personas = persona_files(ALGIERS)
    lines = algiers.split("\n")
    row = line_of(algiers, 'id = "review_separately"')
    keys = {i.label for i in complete(algiers, facts, row, 0, personas)}
    assert {"available", "effects", "outcomes", "max_uses"} <= keys
    lines[row] = 'dest = "'
    ids = {i.label for i in complete("\n".join(lines), facts, row, len(lines[row]), personas)}
    assert {"phase1", "p1_opening"} <= ids and any(e in ids for e in facts.ids["ending"])
    lines[row] = 'lead = "'
    assert "algeria" in {i.label for i in complete("\n".join(lines), facts, row, len(lines[row]), personas)}


def test_definition_of_a_persona_is_its_file(algiers: str) -> None:
    facts = read_facts(algiers)
    assert facts is not None
    row = line_of(algiers, TYPO_FROM)
    column = algiers.split("\n")[row].index(TYPO_FROM) + len("trust.g")
    found = definition(algiers, facts, row, column, persona_files(ALGIERS))
    assert found is not None and found[0] == ROOT / "personas" / "government.toml"


def test_columns_count_utf16_units() -> None:
    line = "a😀b"
    assert utf16_column(line, 2) == 3
    assert char_column(line, 3) == 2
