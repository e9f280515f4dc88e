"""What is read back from the engine, its rounding, and the estimate of one household."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kmb.benefits.engine.assets import AssetsTest
from kmb.benefits.engine.household import HouseholdInput
from kmb.benefits.engine.notes import Note, _jsonable
from kmb.benefits.engine.validation import FieldProblem

# ---------------------------------------------------------------------------
# Outputs read from the engine
# ---------------------------------------------------------------------------

#: Household-level engine variables read into :attr:`Estimate.intermediate`, with kind.
HOUSEHOLD_OUTPUTS: dict[str, str] = {
    "dssp": "money",
    "dssp_slozka_na_bydleni": "money",
    "dssp_slozka_na_zivobyti": "money",
    "dssp_bonus_na_dite": "money",
    "dssp_pracovni_bonus": "money",
    "zivotni_minimum_domacnosti": "money",
    "dssp_rozhodny_prijem": "money",
    "dssp_normativni_najemne_domacnosti": "money",
    "dssp_naklady_na_bydleni_za_uzivani_bytu": "money",
    "dssp_energeticky_pausal_domacnosti": "money",
    "dssp_naklady_na_energie": "money",
    "dssp_vlastnicky_pausal_domacnosti": "money",
    "dssp_naklady_spojene_s_uzivanim_bytu": "money",
    "dssp_pocet_osob_v_domacnosti_pro_vypocet_nakladu_na_bydleni": "int",
    "dssp_jsou_vsechny_osoby_v_domacnosti_zranitelne": "bool",
    "dssp_soucet_castek_na_zivotni_potreby_clenu_domacnosti": "money",
    "dssp_prijem_zohlednovany_pro_pracovni_bonus": "money",
    "dssp_castka_na_nezaopatrene_dite": "money",
    "celkove_naklady_na_bydleni": "money",
    "cisty_penezni_prijem_domacnosti": "money",
    "cisty_penezni_prijem_domacnosti_po_srazkach": "money",
    "celkove_pojistne_samoplatcu_zdravotniho_pojisteni_v_domacnosti": "money",
    "rezidualni_prijem_domacnosti": "money",
    "podpora_bydleni_prijem_domacnosti": "money",
    "podpora_bydleni_hranice_prijmu": "money",
    "podpora_bydleni_ma_narok": "bool",
}

#: Person-level engine variables read into :attr:`Estimate.persons`, with kind.
PERSON_OUTPUTS: dict[str, str] = {
    "cisty_pracovni_prijem_osoby": "money",
    "danovy_bonus_osoby": "money",
    "dssp_zapocitatelny_pracovni_prijem_osoby": "money",
    "dssp_je_osoba_zranitelna": "bool",
    "dssp_je_osoba_pracovne_aktivni": "bool",
    "je_samoplatce_zdravotniho_pojisteni": "bool",
    "srazka_v_exekuci_nebo_insolvenci": "money",
    "zakladni_nezabavitelna_castka_osoby_v_exekuci_nebo_insolvenci": "money",
}

#: The four components of DSSP (engine variable names), in display order.
COMPONENTS = (
    "dssp_slozka_na_bydleni",
    "dssp_slozka_na_zivobyti",
    "dssp_bonus_na_dite",
    "dssp_pracovni_bonus",
)

#: Variants simulated together with every household to explain which inputs matter.

def _convert_all(values: Any, kind: str) -> list[Any]:
    """Engine array -> list of Python values (money: Decimal rounded to hellers)."""
    if kind == "int":
        return [int(v) for v in values.tolist()]
    if kind == "bool":
        return [bool(v) for v in values.tolist()]
    cache: dict[float, Decimal] = {}
    result = []
    for value in values.tolist():
        amount = cache.get(value)
        if amount is None:
            amount = cache[value] = Decimal(f"{value:.2f}")
        result.append(amount)
    return result


def _money(value: Any) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))

# ---------------------------------------------------------------------------
# The estimate
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """The estimated DSSP of one household for one month, with its explanation.

    ``components`` and ``intermediate`` are keyed by the engine's variable names (see
    :data:`HOUSEHOLD_OUTPUTS`), ``persons`` holds the person-level engine variables
    (:data:`PERSON_OUTPUTS`) in the order of the members.
    """

    period: str
    engine: str
    engine_version: str
    #: DSSP total in whole CZK (the engine rounds the sum of the components up); never
    #: below zero (the engine's own value is in ``intermediate["dssp"]``).
    dssp: int
    #: The four components by engine name (see :data:`COMPONENTS`).
    components: dict[str, Decimal]
    #: Sum of the members' enforcement/insolvency deductions (``srazka_v_exekuci_nebo_insolvenci``).
    enforcement_deductions: Decimal
    #: Household net income including DSSP after the deductions
    #: (``cisty_penezni_prijem_domacnosti_po_srazkach``).
    income_after_deductions: Decimal
    #: Household-level engine values.
    intermediate: dict[str, Any]
    #: Person-level engine values, one dict per member.
    persons: list[dict[str, Any]]
    #: The household's own contribution to housing costs, derived as counted housing
    #: costs minus the housing component; ``None`` when the component is zero.
    housing_contribution: Decimal | None
    assets: AssetsTest
    reliable: bool
    reliability_reasons: list[Note]
    explanation: list[Note]
    missing: list[Note]
    warnings: list[FieldProblem]
    #: DSSP in whole CZK for the explanation variants (``without_rent``,
    #: ``without_energy``, ``extra_income``), or ``None`` when not computed.
    sensitivity: dict[str, int] | None
    #: The inputs the estimate was made from. Serialised by :meth:`inputs_as_json`
    #: when needed, so do not change the household after estimating it.
    household: HouseholdInput

    @property
    def housing_component(self) -> Decimal:
        return self.components["dssp_slozka_na_bydleni"]

    @property
    def living_component(self) -> Decimal:
        return self.components["dssp_slozka_na_zivobyti"]

    @property
    def child_bonus(self) -> Decimal:
        return self.components["dssp_bonus_na_dite"]

    @property
    def work_bonus(self) -> Decimal:
        return self.components["dssp_pracovni_bonus"]

    @property
    def likely_entitled(self) -> bool:
        """A positive benefit and an assets test that is not failed."""
        return self.dssp > 0 and self.assets.passed is not False

    def inputs_as_json(self) -> dict[str, Any]:
        """The inputs as given, with the period and engine version, for storage."""
        return {
            "engine": self.engine,
            "engine_version": self.engine_version,
            "household": self.household.to_json(),
        }

    def outputs_as_json(self) -> dict[str, Any]:
        """All outputs, JSON-compatible (amounts as strings), for storage."""
        return {
            "engine": self.engine,
            "engine_version": self.engine_version,
            "period": self.period,
            "dssp": self.dssp,
            "components": _jsonable(self.components),
            "enforcement_deductions": str(self.enforcement_deductions),
            "income_after_deductions": str(self.income_after_deductions),
            "housing_contribution": _jsonable(self.housing_contribution),
            "intermediate": _jsonable(self.intermediate),
            "persons": _jsonable(self.persons),
            "assets": self.assets.as_json(),
            "reliable": self.reliable,
            "reliability_reasons": [n.as_json() for n in self.reliability_reasons],
            "explanation": [n.as_json() for n in self.explanation],
            "missing": [n.as_json() for n in self.missing],
            "warnings": [w.as_json() for w in self.warnings],
            "sensitivity": self.sensitivity,
        }


#: A function giving the assets-test limits valid on a day (``None``: no test applied).
