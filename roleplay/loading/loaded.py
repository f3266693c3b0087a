"""A case loaded: its file, the SHA-256 of its bytes (saves record it) and its blueprint.

Apart from the loader, so that a case read from the cache (case_cache) does not import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roleplay.engine.blueprint import Blueprint
    from roleplay.model.case import Case


@dataclass(frozen=True)
class LoadedCase:
    path: Path
    digest: str
    blueprint: Blueprint

    @property
    def case(self) -> Case:
        return self.blueprint.case
