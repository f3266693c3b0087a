"""The file formats, as pydantic models: the schema is the documentation."""

from roleplay.model.case import Case
from roleplay.model.persona import Persona

__all__ = ["Case", "Persona"]
