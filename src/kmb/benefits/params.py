"""Our own dated parameters of the benefits estimator, read from the database.

The rules of DSSP itself are the engine's. What the engine does not model is kept here as
:class:`~kmb.core.models.DatedParameter` rows, seeded by migration 0002 and editable by an
administrator, marked "to be confirmed" where the source is not the official text:

``dssp.asset_limits``
    the assets test of DSSP (zákon 151/2025 Sb.);
``living_minimum``
    the living minimum amounts (zákon 110/2006 Sb.), for our own uses of it;
``housing_support.income_limit_multiple``
    the income limit of the housing support act as a multiple of the household's living
    minimum (zákon 175/2025 Sb., changed by government regulation);
``mop.caps``
    caps of emergency assistance (zákon 111/2006 Sb.) as multiples of the living minimum
    of an individual, and the contact point's rule of thumb for when applying is worth it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from kmb.benefits.engine import AssetLimits
from kmb.core.models import DatedParameter

logger = logging.getLogger(__name__)

ASSET_LIMITS_KEY = "dssp.asset_limits"
LIVING_MINIMUM_KEY = "living_minimum"
HOUSING_SUPPORT_MULTIPLE_KEY = "housing_support.income_limit_multiple"
MOP_KEY = "mop.caps"
KEYS = (ASSET_LIMITS_KEY, LIVING_MINIMUM_KEY, HOUSING_SUPPORT_MULTIPLE_KEY, MOP_KEY)


@dataclass(frozen=True)
class Parameter:
    """The value of a dated parameter on a day, with its dates and whether it is confirmed."""

    key: str
    value: Any
    valid_from: date
    valid_to: date | None
    to_be_confirmed: bool


def parameters_on(day: date, keys: Sequence[str] = KEYS) -> dict[str, Parameter]:
    """The rows of ``keys`` valid on ``day`` (one query); missing keys are left out."""
    found: dict[str, Parameter] = {}
    rows = DatedParameter.objects.valid_on(day).filter(key__in=keys).order_by("key",
                                                                             "-valid_from")
    for row in rows:
        if row.key not in found:
            found[row.key] = Parameter(row.key, row.value, row.valid_from, row.valid_to,
                                       row.to_be_confirmed)
    return found


def asset_limits_from(parameter: Parameter | None) -> AssetLimits | None:
    """The assets-test limits of a parameter row; ``None`` (no test) if missing or malformed."""
    if parameter is None:
        return None
    value = parameter.value
    try:
        return AssetLimits(
            valid_from=parameter.valid_from,
            valid_to=parameter.valid_to,
            savings_first_member=Decimal(str(value["savings_first_member"])),
            savings_per_further_member=Decimal(str(value["savings_per_further_member"])),
            savings_max=Decimal(str(value["savings_max"])),
            cars_per_adult=int(value["cars_per_adult"]),
            homes=int(value["homes"]),
            second_home_max_years=int(value["second_home_max_years"]),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError):
        logger.warning("The dated parameter %s valid from %s is malformed; no assets test.",
                       parameter.key, parameter.valid_from)
        return None


def asset_limits_on(day: date) -> AssetLimits | None:
    """The assets-test limits valid on ``day`` from the database (``None``: none valid)."""
    return asset_limits_from(parameters_on(day, (ASSET_LIMITS_KEY,)).get(ASSET_LIMITS_KEY))


@dataclass(frozen=True)
class LivingMinimum:
    """Living minimum amounts valid on a day (CZK a month)."""

    single: Decimal
    first_adult: Decimal
    further_adult: Decimal
    child_15_26: Decimal
    child_6_15: Decimal
    child_under_6: Decimal

    def of_household(self, ages: Sequence[int], dependent: Sequence[bool]) -> Decimal:
        """The household's living minimum: a person alone, else the first adult, further
        adults and dependent children by age (zákon 110/2006 Sb., § 2 and § 3)."""
        if len(ages) == 1:
            return self.single
        adults = sum(1 for d in dependent if not d)
        total = self.first_adult + self.further_adult * (adults - 1) if adults else Decimal(0)
        for age, child in zip(ages, dependent, strict=True):
            if child:
                total += (self.child_under_6 if age < 6 else
                          self.child_6_15 if age < 15 else self.child_15_26)
        return total


def living_minimum_from(parameter: Parameter | None) -> LivingMinimum | None:
    if parameter is None:
        return None
    try:
        return LivingMinimum(**{name: Decimal(str(parameter.value[name]))
                                for name in LivingMinimum.__dataclass_fields__})
    except (KeyError, TypeError, ValueError, ArithmeticError):
        logger.warning("The dated parameter %s valid from %s is malformed.", parameter.key,
                       parameter.valid_from)
        return None


def decimal_of(parameter: Parameter | None, name: str | None = None) -> Decimal | None:
    """A number from a parameter (or from one entry of its dict value); ``None`` if absent."""
    if parameter is None:
        return None
    value = parameter.value if name is None else (parameter.value or {}).get(name)
    try:
        return None if value is None else Decimal(str(value))
    except (TypeError, ValueError, ArithmeticError):
        return None
