"""Estimates of the state social assistance benefit (DSSP) for a household.

This package is the pure-Python core of the benefits estimator. It does not use
Django models or views; it only uses Django's lazy translations for the texts it
returns.

The rules themselves are not written here. They are computed by the engine
``openfisca-czechia`` (a rules-as-code model of the Czech tax and benefit system,
built on openfisca-core). This module:

* describes a household in our own terms (:class:`HouseholdInput`,
  :class:`PersonInput`, :class:`Incomes`) and validates it (:func:`validate`);
* maps it to the engine's inputs and runs ONE vectorised simulation for any
  number of households (:func:`estimate_many`; :func:`estimate` for one);
* reads back the DSSP total, its four components and the engine's intermediate
  values, the enforcement deductions and the income left after them;
* applies the assets test, which is not part of the engine, with limits given by the
  caller (``asset_limits=``: the Django service reads them from the database as dated
  parameters); without one, the code table :data:`ASSET_LIMITS` is the documented
  fallback for use without a database (unit tests, benchmarks);
* flags estimates that are less reliable and explains the result in sentences
  (English message ids, translated through gettext).

Amounts are monthly CZK. The engine computes in float32 and rounds only where the
law says so (for example the DSSP total is rounded up to whole crowns, tax and
deductions to whole crowns); components and intermediate values are returned as
:class:`~decimal.Decimal` rounded to hellers (two decimal places).

The package is split by concern; import from the package itself (``kmb.benefits.engine``),
which re-exports the public API listed in ``__all__``:

* :mod:`~kmb.benefits.engine.household` — code lists and the input dataclasses;
* :mod:`~kmb.benefits.engine.validation` — field problems and :func:`validate`;
* :mod:`~kmb.benefits.engine.system`, :mod:`~kmb.benefits.engine.districts` and
  :mod:`~kmb.benefits.engine.mapping` — the engine, its districts, and mapping our
  household to its inputs and running the simulation;
* :mod:`~kmb.benefits.engine.results` — the outputs read back, their rounding, and
  :class:`Estimate`; :mod:`~kmb.benefits.engine.assets` — the assets test;
* :mod:`~kmb.benefits.engine.explain` — reliability flags and the explanation;
* :mod:`~kmb.benefits.engine.estimator` — :func:`estimate` and :func:`estimate_many`;
* :mod:`~kmb.benefits.engine.notes` — translatable sentences (:class:`Note`).
"""

from __future__ import annotations

from kmb.benefits.engine.assets import ASSET_LIMITS, AssetLimits, AssetsTest, asset_limits_for
from kmb.benefits.engine.districts import district_choices, resolve_district
from kmb.benefits.engine.estimator import AssetLimitsLookup, estimate, estimate_many
from kmb.benefits.engine.household import (
    _MAX_MONTHLY_AMOUNT as _MAX_MONTHLY_AMOUNT,  # used by the public form (bounds of amounts)
)
from kmb.benefits.engine.household import (
    DISTRICT_RENTS_FROM,
    ENGINE_MIN_PERIOD,
    ENGINE_PACKAGE,
    HOUSING_TYPES,
    INCOME_VARIABLES,
    MUNICIPALITY_SIZES,
    ROLES,
    TENURES,
    VULNERABILITY_CODES,
    WORK_ACTIVITIES,
    HouseholdInput,
    Incomes,
    PersonInput,
)
from kmb.benefits.engine.notes import Note
from kmb.benefits.engine.results import COMPONENTS, HOUSEHOLD_OUTPUTS, PERSON_OUTPUTS, Estimate
from kmb.benefits.engine.system import engine_version, get_tax_benefit_system
from kmb.benefits.engine.validation import FieldProblem, InvalidHousehold, validate

__all__ = [
    "ASSET_LIMITS",
    "COMPONENTS",
    "DISTRICT_RENTS_FROM",
    "ENGINE_MIN_PERIOD",
    "ENGINE_PACKAGE",
    "HOUSEHOLD_OUTPUTS",
    "HOUSING_TYPES",
    "INCOME_VARIABLES",
    "MUNICIPALITY_SIZES",
    "PERSON_OUTPUTS",
    "ROLES",
    "TENURES",
    "VULNERABILITY_CODES",
    "WORK_ACTIVITIES",
    "AssetLimits",
    "AssetLimitsLookup",
    "AssetsTest",
    "Estimate",
    "FieldProblem",
    "HouseholdInput",
    "Incomes",
    "InvalidHousehold",
    "Note",
    "PersonInput",
    "asset_limits_for",
    "district_choices",
    "engine_version",
    "estimate",
    "estimate_many",
    "get_tax_benefit_system",
    "resolve_district",
    "validate",
]
