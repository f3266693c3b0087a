"""The Textual app: a thin client of the engine. Screens and widgets live in their own modules."""
