"""`roleplay lsp`: a language server for case and persona files (diagnostics from validate and
lint, hover from the schema, completion, go-to-definition). See docs/editors.md.

The analysis modules (cursor, facts, schema, hover, completion, definition, diagnostics) know
nothing of LSP but its positions; server.py wires them to pygls.
"""
