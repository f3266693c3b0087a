"""The debrief: what the trainee did, set against what really happened, with the rubric."""

from roleplay.debrief.build import Debrief, build_debrief

__all__ = ["Debrief", "build_debrief"]
