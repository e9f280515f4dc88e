"""Opening hours as offices used to type them ("Po, St 8:00–17:00; Čt 8:00–12:00"), read
into weekly blocks. Used once to move the typed texts into data, and by the demo."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

DAY_CODES = {"po": 0, "út": 1, "ut": 1, "st": 2, "čt": 3, "ct": 3, "pá": 4, "pa": 4,
             "so": 5, "ne": 6}
_TIME = r"(\d{1,2})[:.](\d{2})"
_RANGE = re.compile(_TIME + r"\s*[–—-]\s*" + _TIME)
_DAY = re.compile(r"\b(po|út|ut|st|čt|ct|pá|pa|so|ne)\b", re.IGNORECASE)
_APPOINTMENT = re.compile(r"po\s+(telefonické\s+)?(objednání|domluvě)", re.IGNORECASE)


@dataclass(frozen=True)
class Block:
    weekday: int
    opens: time
    closes: time
    by_appointment: bool = False


def _time(hours: str, minutes: str) -> time | None:
    h, m = int(hours), int(minutes)
    return time(h, m) if 0 <= h < 24 and 0 <= m < 60 else None


def _days(text: str) -> list[int]:
    """"Po, St" -> [0, 2]; "Po–St" -> [0, 1, 2]."""
    found = [DAY_CODES[m.group(1).lower()] for m in _DAY.finditer(text)]
    if len(found) == 2 and re.search(r"[–—-]", text):
        return list(range(found[0], found[1] + 1))
    return found


def parse_hours(text: str) -> list[Block]:
    """The blocks a typed text states; parts that are not "days times" are left out
    (they stay readable in the office's note). Nothing is guessed."""
    blocks: list[Block] = []
    for part in re.split(r"[;\n]", text or ""):
        part = re.sub(r"\(.*?\)", "", part)  # "(jindy po objednání)" is a note
        match = _RANGE.search(part)
        if not match:
            continue
        opens, closes = _time(*match.group(1, 2)), _time(*match.group(3, 4))
        if opens is None or closes is None or closes <= opens:
            continue
        appointment = bool(_APPOINTMENT.search(part))
        for day in _days(part[:match.start()]):
            blocks.append(Block(day, opens, closes, appointment))
    return blocks


def hours_note(text: str) -> str:
    """What a typed text says beyond its blocks ("jindy po objednání")."""
    notes = re.findall(r"\((.*?)\)", text or "")
    rest = [p.strip() for p in re.split(r"[;\n]", text or "")
            if p.strip() and not _RANGE.search(p)]
    return "; ".join([*notes, *rest])[:300]
