"""Estimating one household or many in one vectorised simulation."""

from __future__ import annotations

import gc
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from kmb.benefits.engine.assets import AssetLimits, _assets_test, asset_limits_for
from kmb.benefits.engine.explain import _EXPLAIN, _explain, _explain_assets, _reliability
from kmb.benefits.engine.household import ENGINE_PACKAGE, HouseholdInput
from kmb.benefits.engine.mapping import (
    _VARIANTS,
    _prepare,
    _Prepared,
    _simulate,
    _Thresholds,
    _thresholds,
)
from kmb.benefits.engine.notes import Note
from kmb.benefits.engine.results import COMPONENTS, HOUSEHOLD_OUTPUTS, PERSON_OUTPUTS, Estimate
from kmb.benefits.engine.system import engine_version
from kmb.benefits.engine.validation import FieldProblem, InvalidHousehold, validate

AssetLimitsLookup = Callable[[date], "AssetLimits | None"]


def _code_table_limits(day: date) -> AssetLimits | None:
    try:
        return asset_limits_for(day)
    except LookupError:
        return None


def estimate(
    household: HouseholdInput,
    *,
    explain: bool = True,
    asset_limits: AssetLimitsLookup | None = None,
) -> Estimate:
    """Estimate DSSP for one household (raises :class:`InvalidHousehold` on errors).

    ``asset_limits`` gives the assets-test limits for the first day of the period; without
    it the code table :data:`ASSET_LIMITS` is used.
    """
    problems = validate(household)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InvalidHousehold(errors)
    return _run([_prepare(household, problems)], explain, asset_limits)[0]


def estimate_many(
    households: Sequence[HouseholdInput],
    *,
    explain: bool = True,
    asset_limits: AssetLimitsLookup | None = None,
) -> list[Estimate]:
    """Estimate many households in one vectorised simulation (one per distinct period).

    Raises :class:`InvalidHousehold` listing the errors of all households, with paths
    prefixed by ``households[i]``. ``asset_limits`` as in :func:`estimate` (called once
    per distinct period).
    """
    # A large batch allocates millions of small, acyclic objects; Python's cyclic garbage
    # collector would run over and over on them. It is paused for the batch and restored.
    pause_gc = len(households) >= _GC_PAUSE_FROM and gc.isenabled()
    if pause_gc:
        gc.disable()
    try:
        prepared = []
        errors: list[FieldProblem] = []
        for i, household in enumerate(households):
            problems = validate(household)
            bad = [p.prefixed(f"households[{i}]") for p in problems if p.severity == "error"]
            if bad:
                errors.extend(bad)
            elif not errors:
                prepared.append(_prepare(household, problems))
        if errors:
            raise InvalidHousehold(errors)
        return _run(prepared, explain, asset_limits)
    finally:
        if pause_gc:
            gc.enable()


_GC_PAUSE_FROM = 500


def _run(
    prepared: list[_Prepared], explain: bool, asset_limits: AssetLimitsLookup | None = None
) -> list[Estimate]:
    limits_for = asset_limits or _code_table_limits
    by_period: dict[str, list[int]] = {}
    for index, prep in enumerate(prepared):
        by_period.setdefault(prep.period, []).append(index)
    results: list[Estimate | None] = [None] * len(prepared)
    version = engine_version()
    for period, indexes in by_period.items():
        group = [prepared[i] for i in indexes]
        raw = _simulate(group, period, explain)
        thresholds = _thresholds(period)
        limits = limits_for(group[0].first_day)
        person_start = 0
        for k, index in enumerate(indexes):
            prep = prepared[index]
            n_members = len(prep.household.members)
            results[index] = _build_estimate(
                prep, raw, k, person_start, n_members, thresholds, limits, version
            )
            person_start += n_members
    return results  # type: ignore[return-value]


def _build_estimate(
    prep: _Prepared,
    raw: dict[str, Any],
    k: int,
    person_start: int,
    n_members: int,
    thresholds: _Thresholds,
    limits: AssetLimits | None,
    version: str,
) -> Estimate:
    out_h, out_p = raw["households"], raw["persons"]
    h = {name: out_h[name][k] for name in HOUSEHOLD_OUTPUTS}
    persons = [
        {name: out_p[name][person_start + i] for name in PERSON_OUTPUTS} for i in range(n_members)
    ]
    components = {name: h[name] for name in COMPONENTS}
    # The engine can return a negative total when its living component is negative (see
    # _reliability); no benefit is negative, so the total is shown as zero and the engine's
    # own value stays in intermediate["dssp"].
    dssp = max(int(h["dssp"]), 0)
    deductions = sum((p["srazka_v_exekuci_nebo_insolvenci"] for p in persons), Decimal("0.00"))
    housing = components["dssp_slozka_na_bydleni"]
    costs = h["dssp_naklady_na_bydleni_za_uzivani_bytu"]
    contribution = (costs - housing) if housing > 0 else None
    sensitivity = None
    if raw["variants"] is not None:
        sensitivity = {v: max(int(raw["variants"][v][k]), 0) for v in _VARIANTS if v != "base"}
    assets = _assets_test(prep.household, prep, limits)
    reasons = _reliability(prep, components)
    explanation = _explain(
        prep, h, persons, components, contribution, thresholds, sensitivity, dssp, deductions
    )
    explanation.extend(_explain_assets(assets, prep))
    missing = [Note(w.code, w.msgid, w.params) for w in prep.warnings]
    if assets.limits is not None and assets.passed is None:
        missing.append(Note("assets_unknown", _EXPLAIN["assets_unknown"]))
    return Estimate(
        period=prep.period,
        engine=ENGINE_PACKAGE,
        engine_version=version,
        dssp=dssp,
        components=components,
        enforcement_deductions=deductions,
        income_after_deductions=h["cisty_penezni_prijem_domacnosti_po_srazkach"],
        intermediate=h,
        persons=persons,
        housing_contribution=contribution,
        assets=assets,
        reliable=not reasons,
        reliability_reasons=reasons,
        explanation=explanation,
        missing=missing,
        warnings=list(prep.warnings),
        sensitivity=sensitivity,
        household=prep.household,
    )
