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
``mop.*``
    caps of emergency assistance (zákon č. 111/2006 Sb., § 2 and § 37), each its own row:
    multiples of the living minimum of an individual for one serious event, a year's help
    to a person threatened with social exclusion, all help within 12 months, a year's help
    with household necessities and children's education, and the one-off expense (such as
    a deposit) paid up to its actual amount; plus the contact point's rule of thumb for
    when applying is worth it (``mop.worth_applying_residual_multiple``, not law);
``lease.deposit_max_rent_multiple``
    the most a landlord may ask as a deposit, in monthly rents (občanský zákoník § 2254).

Every row names its act and section in ``source``; the staff page ``/staff/parameters/``
lists them all and what is still to be confirmed.
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
MOP_SERIOUS_EVENT_KEY = "mop.serious_event_multiple"
MOP_SOCIAL_EXCLUSION_KEY = "mop.social_exclusion_yearly_multiple"
MOP_TWELVE_MONTHS_KEY = "mop.twelve_months_multiple"
MOP_HOUSEHOLD_EDUCATION_KEY = "mop.household_and_education_yearly_multiple"
MOP_ONE_OFF_EXPENSE_KEY = "mop.one_off_expense_limit"
MOP_WORTH_APPLYING_KEY = "mop.worth_applying_residual_multiple"
MOP_KEYS = (MOP_SERIOUS_EVENT_KEY, MOP_SOCIAL_EXCLUSION_KEY, MOP_TWELVE_MONTHS_KEY,
            MOP_HOUSEHOLD_EDUCATION_KEY, MOP_ONE_OFF_EXPENSE_KEY, MOP_WORTH_APPLYING_KEY)
DEPOSIT_MAX_KEY = "lease.deposit_max_rent_multiple"
#: Value of ``mop.one_off_expense_limit``: the help goes up to the expense itself.
ACTUAL_EXPENSE = "actual_expense"
KEYS = (ASSET_LIMITS_KEY, LIVING_MINIMUM_KEY, HOUSING_SUPPORT_MULTIPLE_KEY, *MOP_KEYS,
        DEPOSIT_MAX_KEY)


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


@dataclass(frozen=True)
class MopCaps:
    """Caps of emergency assistance (MOP) valid on a day, in CZK where the living minimum
    of an individual is known; ``None`` where a parameter is missing."""

    single_living_minimum: Decimal | None
    serious_event_multiple: Decimal | None
    social_exclusion_yearly_multiple: Decimal | None
    twelve_months_multiple: Decimal | None
    household_and_education_yearly_multiple: Decimal | None
    one_off_expense_up_to_actual: bool
    worth_applying_residual_multiple: Decimal | None
    to_be_confirmed: bool

    def cap(self, multiple: Decimal | None) -> Decimal | None:
        if multiple is None or self.single_living_minimum is None:
            return None
        return (self.single_living_minimum * multiple).quantize(Decimal("1"))

    @property
    def serious_event(self) -> Decimal | None:
        return self.cap(self.serious_event_multiple)

    @property
    def social_exclusion_yearly(self) -> Decimal | None:
        return self.cap(self.social_exclusion_yearly_multiple)

    @property
    def twelve_months(self) -> Decimal | None:
        return self.cap(self.twelve_months_multiple)

    @property
    def household_and_education_yearly(self) -> Decimal | None:
        return self.cap(self.household_and_education_yearly_multiple)


def mop_caps_from(found: dict[str, Parameter]) -> MopCaps:
    """The MOP caps from parameter rows (as :func:`parameters_on` returns them)."""
    living = living_minimum_from(found.get(LIVING_MINIMUM_KEY))
    one_off = found.get(MOP_ONE_OFF_EXPENSE_KEY)
    legal = (MOP_SERIOUS_EVENT_KEY, MOP_SOCIAL_EXCLUSION_KEY, MOP_TWELVE_MONTHS_KEY,
             MOP_HOUSEHOLD_EDUCATION_KEY, MOP_ONE_OFF_EXPENSE_KEY)
    return MopCaps(
        single_living_minimum=living.single if living else None,
        serious_event_multiple=decimal_of(found.get(MOP_SERIOUS_EVENT_KEY)),
        social_exclusion_yearly_multiple=decimal_of(found.get(MOP_SOCIAL_EXCLUSION_KEY)),
        twelve_months_multiple=decimal_of(found.get(MOP_TWELVE_MONTHS_KEY)),
        household_and_education_yearly_multiple=decimal_of(
            found.get(MOP_HOUSEHOLD_EDUCATION_KEY)),
        one_off_expense_up_to_actual=one_off is not None and one_off.value == ACTUAL_EXPENSE,
        worth_applying_residual_multiple=decimal_of(found.get(MOP_WORTH_APPLYING_KEY)),
        to_be_confirmed=any(found[k].to_be_confirmed for k in legal if k in found),
    )


def mop_caps_on(day: date) -> MopCaps:
    """The MOP caps valid on ``day`` (one query)."""
    return mop_caps_from(parameters_on(day, (LIVING_MINIMUM_KEY, *MOP_KEYS)))


def deposit_max_multiple_from(found: dict[str, Parameter]) -> Decimal | None:
    """The most a deposit may be, in monthly rents (OZ § 2254); ``None`` if not set."""
    return decimal_of(found.get(DEPOSIT_MAX_KEY))
