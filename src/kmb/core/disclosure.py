"""Small counts in figures that leave an office (reports, exports, open data): counts from
1 to 4 are shown as "<5". One rule for every app, so a figure hidden in one place is not
shown exactly in another."""

from __future__ import annotations

from typing import Any

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"


def is_small(value: int) -> bool:
    """A count that could point at a few people: 1 to 4 (zero is not sensitive)."""
    return 0 < value < SUPPRESS_BELOW


def hide_small(value: Any) -> Any:
    """The value as it may be shared: a small count becomes "<5"; anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int):
        return value
    return SUPPRESSED if is_small(value) else value
