"""Validated case models to the engine's blueprint: reference checks, conditions, the phase graph."""

from roleplay.compile.compiler import compile_case

__all__ = ["compile_case"]
