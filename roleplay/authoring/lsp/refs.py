"""Which declared thing an id under the cursor names: by the condition name it is part of
(`played.X` is a move, `trust.X` a party), else by the key it is the value of (`dest` is a
phase or an ending), else by whatever the case declares with that id."""

from __future__ import annotations

from collections.abc import Mapping

from roleplay.authoring.lsp.cursor import Spot
from roleplay.authoring.lsp.facts import Facts

#: Keys whose string values are conditions.
CONDITION_KEYS = frozenset({"available", "when", "expect"})

#: The kinds of id a key's value names.
KEY_KINDS: dict[str, tuple[str, ...]] = {
    "move": ("move",),
    "dest": ("phase", "ending"),
    "source": ("phase",),
    "initial": ("phase",),
    "initial_phase": ("phase",),
    "expect_phase": ("phase",),
    "timeout_ending": ("ending",),
    "expect_ending": ("ending",),
    "ending": ("ending",),
    "flag": ("flag",),
    "issue": ("issue",),
    "issues": ("issue",),
    "event": ("event",),
    "party": ("party",),
    "target": ("party",),
    "targets": ("party",),
    "toward": ("party",),
    "persona": ("persona",),
    "lead": ("persona",),
    "co_mediators": ("persona",),
    "members": ("persona",),
    "steps": ("move", "choice", "party"),
}

_PREFIX_KINDS = {"played": "move", "fired": "event", "in_phase": "phase", "flag": "flag", "draft": "issue"}
_PARTY_NAMES = frozenset(
    {
        "trust",
        "ripeness",
        "cohesion",
        "capability",
        "ownership",
        "duress",
        "distance",
        "standing",
        "accepts",
        "relation",
        "position",
        "salience",
    }
)
ANY_KIND = ("move", "phase", "event", "ending", "issue", "flag", "party", "choice", "outcome", "source", "fundamental")


def value_key(spot: Spot) -> str:
    """The key a value belongs to (the last name of its path)."""
    return next((p for p in reversed(spot.path) if isinstance(p, str)), "")


def kinds_for(spot: Spot) -> tuple[str, ...]:
    """The kinds of id the part under the cursor may be, most likely first."""
    if spot.prefix:
        head = spot.prefix[0]
        if head in _PREFIX_KINDS and len(spot.prefix) == 1:
            return (_PREFIX_KINDS[head],)
        if head in _PARTY_NAMES:
            if len(spot.prefix) == 1 or (head == "relation" and len(spot.prefix) == 2):
                return ("party",)
            return ("issue",)
        return ()
    key = value_key(spot)
    if "cite" in spot.path and key == "source":
        return ("source",)
    if key in CONDITION_KEYS:
        return ANY_KIND
    return KEY_KINDS.get(key, ANY_KIND)


def referent(spot: Spot, facts: Facts, personas: Mapping[str, object]) -> tuple[str, str] | None:
    """(kind, id) of what the part under the cursor names, or None."""
    if spot.on_key or not spot.part:
        return None
    for kind in kinds_for(spot):
        if kind == "persona" and spot.part in personas:
            return kind, spot.part
        if facts.find(spot.part, (kind,)) is not None:
            return kind, spot.part
    return None
