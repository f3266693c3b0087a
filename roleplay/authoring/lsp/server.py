"""The language server: pygls over stdio, wired to the analysis modules of this package.

Checks run one at a time in a worker thread, so hover and completion answer while a case is
checked. A change after a quiet spell is checked at once; changes that follow each other within
DEBOUNCE seconds are checked once, DEBOUNCE after the last. validate's problems are published as
soon as they are known, lint's findings (slower) in a second publication.
"""

from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path

from roleplay import __version__
from roleplay.authoring.lsp.completion import complete
from roleplay.authoring.lsp.cursor import char_column, line_at, utf16_column, word_at
from roleplay.authoring.lsp.definition import definition
from roleplay.authoring.lsp.diagnostics import Checker, Found
from roleplay.authoring.lsp.facts import Facts, persona_files, read_facts
from roleplay.authoring.lsp.hover import hover_text

DEBOUNCE = 0.15
SOURCE = "roleplay"
_SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}
_ITEM_KINDS = {
    "key": lsp.CompletionItemKind.Property,
    "id": lsp.CompletionItemKind.Reference,
    "persona": lsp.CompletionItemKind.File,
    "name": lsp.CompletionItemKind.Variable,
    "keyword": lsp.CompletionItemKind.Keyword,
    "value": lsp.CompletionItemKind.EnumMember,
}


def uri_path(uri: str) -> Path:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path))


class RoleplayServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("roleplay", __version__)
        self.checker = Checker()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="roleplay-check")
        self.facts: dict[str, Facts] = {}
        self.last_change: dict[str, float] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.tasks: set[asyncio.Future[None]] = set()
        self.others: dict[str, set[str]] = {}  # files a document's check reported problems in

    # -- documents ------------------------------------------------------------------------------

    def text(self, uri: str) -> str:
        return self.workspace.get_text_document(uri).source

    def facts_of(self, uri: str) -> Facts:
        """The facts of the current text, else the last text that parsed."""
        found = read_facts(self.text(uri))
        if found is not None:
            self.facts[uri] = found
        return self.facts.get(uri) or Facts("")

    def personas(self, uri: str) -> dict[str, Path]:
        return persona_files(uri_path(uri))

    def changed(self, uri: str) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        quiet = now - self.last_change.get(uri, float("-inf")) >= DEBOUNCE
        self.last_change[uri] = now
        timer = self.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        self.timers[uri] = loop.call_later(0 if quiet else DEBOUNCE, self._start, uri)

    def _start(self, uri: str) -> None:
        self.timers.pop(uri, None)
        task = asyncio.ensure_future(self.check(uri))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def check(self, uri: str) -> None:
        document = self.workspace.get_text_document(uri)
        version, text, path = document.version, document.source, uri_path(uri)
        loop = asyncio.get_running_loop()
        checked = await loop.run_in_executor(self.worker, self.checker.validate, path, text)
        try:
            if self._stale(uri, version):
                return
            self.publish(uri, checked.found)
            if checked.loaded is not None:
                findings = await loop.run_in_executor(self.worker, self.checker.lint, checked, path)
                if not self._stale(uri, version):
                    self.publish(uri, findings)
        finally:
            await loop.run_in_executor(self.worker, self.checker.forget, checked)

    def _stale(self, uri: str, version: int | None) -> bool:
        if uri in self.timers:
            return True
        with contextlib.suppress(Exception):
            return self.workspace.get_text_document(uri).version != version
        return True

    def publish(self, uri: str, found: list[Found]) -> None:
        """One publication per file: this document's problems, and those of files it uses."""
        by_uri: dict[str, list[lsp.Diagnostic]] = {uri: []}
        for item in sorted(set(found)):
            target = uri if item.file == uri_path(uri) else (from_fs_path(str(item.file)) or uri)
            by_uri.setdefault(target, []).append(self.diagnostic(target, item))
        for stale in self.others.get(uri, set()) - by_uri.keys():
            by_uri[stale] = []
        self.others[uri] = set(by_uri) - {uri}
        for target, diagnostics in by_uri.items():
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=target, diagnostics=diagnostics))

    def diagnostic(self, uri: str, found: Found) -> lsp.Diagnostic:
        try:
            text = self.text(uri) if uri in self.workspace.text_documents else found.file.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        line = max(found.line - 1, 0)
        raw = line_at(text, line)
        column = min(max(found.column - 1, 0), len(raw))
        word, start, _, _ = word_at(raw, column)
        end = start + len(word) if word and start == column else min(column + 1, len(raw))
        return lsp.Diagnostic(
            range=lsp.Range(
                start=lsp.Position(line=line, character=utf16_column(raw, column)),
                end=lsp.Position(line=line, character=utf16_column(raw, max(end, column))),
            ),
            message=found.message,
            severity=_SEVERITY.get(found.severity, lsp.DiagnosticSeverity.Error),
            source=SOURCE,
            code=found.field,
        )

    def cursor(self, uri: str, position: lsp.Position) -> tuple[str, int, int]:
        text = self.text(uri)
        return text, position.line, char_column(line_at(text, position.line), position.character)


server = RoleplayServer()


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: RoleplayServer, params: lsp.DidOpenTextDocumentParams) -> None:
    ls.changed(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: RoleplayServer, params: lsp.DidChangeTextDocumentParams) -> None:
    ls.changed(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: RoleplayServer, params: lsp.DidSaveTextDocumentParams) -> None:
    ls.changed(params.text_document.uri)


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: RoleplayServer, params: lsp.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    timer = ls.timers.pop(uri, None)
    if timer is not None:
        timer.cancel()
    ls.facts.pop(uri, None)
    for target in {uri, *ls.others.pop(uri, set())}:
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=target, diagnostics=[]))


@server.feature(lsp.TEXT_DOCUMENT_HOVER)
def hover(ls: RoleplayServer, params: lsp.HoverParams) -> lsp.Hover | None:
    uri = params.text_document.uri
    text, line, column = ls.cursor(uri, params.position)
    found = hover_text(text, ls.facts_of(uri), line, column, ls.personas(uri))
    if found is None:
        return None
    return lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=found))


@server.feature(lsp.TEXT_DOCUMENT_COMPLETION, lsp.CompletionOptions(trigger_characters=[".", '"', "[", " "]))
def completion(ls: RoleplayServer, params: lsp.CompletionParams) -> lsp.CompletionList:
    uri = params.text_document.uri
    text, line, column = ls.cursor(uri, params.position)
    raw = line_at(text, line)
    items = []
    for item in complete(text, ls.facts_of(uri), line, column, ls.personas(uri)):
        edit = lsp.Range(
            start=lsp.Position(line=line, character=utf16_column(raw, item.start)),
            end=params.position,
        )
        items.append(
            lsp.CompletionItem(
                label=item.label,
                kind=_ITEM_KINDS.get(item.kind),
                detail=item.detail or None,
                documentation=lsp.MarkupContent(kind=lsp.MarkupKind.PlainText, value=item.documentation)
                if item.documentation
                else None,
                filter_text=item.label,
                text_edit=lsp.TextEdit(range=edit, new_text=item.label),
            )
        )
    return lsp.CompletionList(is_incomplete=False, items=items)


@server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
def goto_definition(ls: RoleplayServer, params: lsp.DefinitionParams) -> lsp.Location | None:
    uri = params.text_document.uri
    text, line, column = ls.cursor(uri, params.position)
    found = definition(text, ls.facts_of(uri), line, column, ls.personas(uri))
    if found is None:
        return None
    file, target, first, last = found
    if file is not None:
        start = lsp.Position(line=0, character=0)
        return lsp.Location(uri=from_fs_path(str(file)) or uri, range=lsp.Range(start=start, end=start))
    raw = line_at(text, target)
    return lsp.Location(
        uri=uri,
        range=lsp.Range(
            start=lsp.Position(line=target, character=utf16_column(raw, first)),
            end=lsp.Position(line=target, character=utf16_column(raw, last)),
        ),
    )


@server.feature(lsp.SHUTDOWN)
def shutdown(ls: RoleplayServer, params: None) -> None:
    for timer in ls.timers.values():
        timer.cancel()
    ls.worker.shutdown(wait=True, cancel_futures=True)
    ls.checker.close()


def serve() -> None:
    """Speak LSP over stdin and stdout until the client says exit."""
    server.start_io()
