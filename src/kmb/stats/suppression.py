"""Small-cell suppression for published figures.

A group is one published total and the cells that add up to it (one figure of one month,
split by category). Cells of 1–4 are hidden as "<5" (primary suppression). Where the
total and the shown cells would let someone compute a hidden cell exactly, further cells
are hidden as well (complementary suppression, the smallest first), and if that is not
enough, the total too. A group is safe when every hidden cell can still take more than one
value given what is shown: primary cells lie in 1–4, complementary ones in 0 or more.
"""

from __future__ import annotations

from kmb.core.disclosure import SUPPRESS_BELOW, SUPPRESSED, is_small

PRIMARY = SUPPRESSED
COMPLEMENTARY = "x"


def _domain(mark: str, limit: int) -> int:
    """The values a reader knows a hidden cell can take, as a bit mask up to ``limit``:
    a primary cell is 1–4, a complementary one is 0 or 5 and more."""
    if mark == PRIMARY:
        return sum(1 << v for v in range(1, SUPPRESS_BELOW) if v <= limit)
    return 1 | sum(1 << v for v in range(SUPPRESS_BELOW, limit + 1))


def _sums(masks: list[int], limit: int) -> int:
    reachable = 1
    full = (1 << (limit + 1)) - 1
    for mask in masks:
        combined = 0
        value = 0
        while mask >> value:
            if mask >> value & 1:
                combined |= reachable << value
            value += 1
        reachable = combined & full
    return reachable


def group_safe(cells: list[int], marks: list[str | None], total_shown: bool) -> bool:
    """True if no hidden cell can be derived exactly from what is shown."""
    hidden = [i for i, m in enumerate(marks) if m]
    if not hidden or not total_shown:
        return True
    hidden_sum = sum(cells[i] for i in hidden)  # known to a reader: total − shown cells
    domains = {i: _domain(marks[i], hidden_sum) for i in hidden}
    for i in hidden:
        others = _sums([domains[j] for j in hidden if j != i], hidden_sum)
        possible = [v for v in range(hidden_sum + 1)
                    if domains[i] >> v & 1 and others >> (hidden_sum - v) & 1]
        if len(possible) <= 1:
            return False
    return True


def suppress_group(cells: list[int], total: int) -> tuple[list[str | int], str | int]:
    """The cells and the total as published."""
    marks: list[str | None] = [PRIMARY if is_small(v) else None for v in cells]
    total_shown = not is_small(total)
    while not group_safe(cells, marks, total_shown):
        candidates = [i for i, m in enumerate(marks) if m is None]
        if not candidates:
            total_shown = False
            break
        smallest = min(candidates, key=lambda i: (cells[i] == 0, cells[i], i))
        marks[smallest] = COMPLEMENTARY
    published = [marks[i] or cells[i] for i in range(len(cells))]
    return published, (total if total_shown else (PRIMARY if is_small(total) else COMPLEMENTARY))
