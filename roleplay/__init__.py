"""roleplay: a mediation training role-play engine."""

__version__ = "0.1.0"
