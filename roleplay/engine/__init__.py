"""The pure, deterministic engine: a session of one case from one seed, its state and its rules.

No UI, no files: everything here is computation on the blueprint roleplay.compile builds."""
