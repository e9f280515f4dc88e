"""The DSSP assets test, which is not part of the engine, with dated limits."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from kmb.benefits.engine.household import HouseholdInput
from kmb.benefits.engine.notes import _jsonable
from kmb.benefits.engine.validation import _to_decimal

if TYPE_CHECKING:  # only for annotations: the mapping imports this module's callers
    from kmb.benefits.engine.mapping import _Prepared


# ---------------------------------------------------------------------------
# Assets test (not in the engine) — dated parameters
# ---------------------------------------------------------------------------

#: Limits of the DSSP assets test, as dated rows ``(valid_from, valid_to, values)``;
#: ``valid_to`` is inclusive, ``None`` = open. Savings exclude pension and building
#: savings. The application reads these limits from the database (dated parameter
#: ``dssp.asset_limits``, seeded by ``kmb.benefits`` migration 0002 and editable by an
#: administrator); this table is only the fallback for callers without a database.
ASSET_LIMITS: list[tuple[date, date | None, dict[str, int]]] = [
    (
        date(2025, 10, 1),  # zákon 151/2025 Sb. in force
        None,
        {
            "savings_first_member": 200_000,
            "savings_per_further_member": 50_000,
            "savings_max": 400_000,
            "cars_per_adult": 1,
            "homes": 1,
            "second_home_max_years": 3,
        },
    ),
]


@dataclass(frozen=True)
class AssetLimits:
    """Limits of the assets test valid on a day."""

    valid_from: date
    valid_to: date | None
    savings_first_member: Decimal
    savings_per_further_member: Decimal
    savings_max: Decimal
    cars_per_adult: int
    homes: int
    second_home_max_years: int

    def savings_limit(self, members: int) -> Decimal:
        further = max(members - 1, 0)
        return min(
            self.savings_first_member + self.savings_per_further_member * further,
            self.savings_max,
        )


def asset_limits_for(
    on: date, table: Sequence[tuple[date, date | None, Mapping[str, Any]]] | None = None
) -> AssetLimits:
    """The assets-test limits valid on ``on`` (raises LookupError if none is valid)."""
    rows = ASSET_LIMITS if table is None else table
    valid = [row for row in rows if row[0] <= on and (row[1] is None or on <= row[1])]
    if not valid:
        raise LookupError(f"No assets-test limits valid on {on.isoformat()}")
    valid_from, valid_to, values = max(valid, key=lambda row: row[0])
    return AssetLimits(
        valid_from=valid_from,
        valid_to=valid_to,
        savings_first_member=Decimal(values["savings_first_member"]),
        savings_per_further_member=Decimal(values["savings_per_further_member"]),
        savings_max=Decimal(values["savings_max"]),
        cars_per_adult=int(values["cars_per_adult"]),
        homes=int(values["homes"]),
        second_home_max_years=int(values["second_home_max_years"]),
    )


@dataclass(frozen=True)
class AssetsTest:
    """Result of the assets test. ``passed`` is ``None`` when it cannot be decided."""

    limits: AssetLimits | None
    savings_limit: Decimal | None
    savings: Decimal | None
    savings_ok: bool | None
    cars_allowed: int | None
    cars: int | None
    cars_ok: bool | None
    homes_allowed: int | None
    homes: int | None
    homes_ok: bool | None
    passed: bool | None

    def as_json(self) -> dict[str, Any]:
        data = _jsonable({k: v for k, v in dataclasses.asdict(self).items() if k != "limits"})
        if self.limits is not None:
            data["limits"] = _jsonable(dataclasses.asdict(self.limits))
        else:
            data["limits"] = None
        return data


def _assets_test(
    household: HouseholdInput, prepared: _Prepared, limits: AssetLimits | None
) -> AssetsTest:
    if limits is None:
        return AssetsTest(None, None, None, None, None, None, None, None, None, None, None)
    adults = sum(1 for age in prepared.ages if age >= 18)
    savings_limit = limits.savings_limit(len(household.members))
    savings = _to_decimal(household.savings)
    savings_ok = None if savings is None else savings <= savings_limit
    cars_allowed = adults * limits.cars_per_adult
    cars = household.cars
    cars_ok = None if cars is None else cars <= cars_allowed
    homes_allowed = limits.homes + (1 if household.second_home_under_3_years else 0)
    homes = household.homes_owned
    homes_ok = None if homes is None else homes <= homes_allowed
    checks = (savings_ok, cars_ok, homes_ok)
    if any(c is False for c in checks):
        passed: bool | None = False
    elif all(c is True for c in checks):
        passed = True
    else:
        passed = None
    return AssetsTest(
        limits,
        savings_limit,
        savings,
        savings_ok,
        cars_allowed,
        cars,
        cars_ok,
        homes_allowed,
        homes,
        homes_ok,
        passed,
    )
