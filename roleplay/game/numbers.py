"""Numbers as the trainee reads them (one place, shared by the views and the estimates)."""

from __future__ import annotations


def number(value: float) -> str:
    """Whole numbers as such, others to one decimal: a draft at 30.2 must not read as inside a
    red line that ends at 30."""
    return f"{value:.0f}" if abs(value - round(value)) < 0.05 else f"{value:.1f}"
