"""Files: atomic writes, transcripts and saves read back with clear errors."""

from roleplay.storage.files import write_atomic
from roleplay.storage.transcripts import read_records

__all__ = ["read_records", "write_atomic"]
