"""Widgets of the mediation screen; each shows one part of the engine's state."""
