"""Reading case and persona files into validated models, with errors that name file and line."""

from roleplay.loading.loader import LoadedCase, load_case, load_persona

__all__ = ["LoadedCase", "load_case", "load_persona"]
