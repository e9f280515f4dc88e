"""What a page shows of a saved estimate, rebuilt from its stored JSON."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from kmb.benefits.engine import COMPONENTS, Note
from kmb.benefits.models import BenefitEstimate
from kmb.benefits.selectors import notes_from_json

COMPONENT_LABELS = {
    "dssp_slozka_na_bydleni": _("Housing component"),
    "dssp_slozka_na_zivobyti": _("Living component"),
    "dssp_bonus_na_dite": _("Child bonus"),
    "dssp_pracovni_bonus": _("Work bonus"),
}


#: Notes for staff only: caveats about our own dated parameters ("to be confirmed against
#: the official text"). What a client sees or gets printed leaves them out; the staff
#: parameter page lists what is still to be confirmed.
INTERNAL_NOTE_CODES = frozenset({"assets_to_be_confirmed", "housing_support_engine",
                                 "mop_to_be_confirmed"})


def for_client(notes: list[Note]) -> list[Note]:
    """The notes without the internal caveats, for what a client sees or gets printed."""
    return [note for note in notes if note.code not in INTERNAL_NOTE_CODES]


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@dataclass
class EstimateView:
    dssp: int
    period: str
    engine: str
    engine_version: str
    components: list[tuple[str, Any, Decimal]]
    enforcement_deductions: Decimal
    income_after_deductions: Decimal
    housing_contribution: Decimal | None
    assets: dict[str, Any]
    reliable: bool
    reliability_reasons: list[Note]
    explanation: list[Note]
    missing: list[Note]
    own_notes: list[Note]
    help_notes: list[Note]
    help: dict[str, Any] | None
    housing_support: dict[str, Any] | None
    members: list[dict[str, Any]]
    household: dict[str, Any]

    @property
    def client_own_notes(self) -> list[Note]:
        return for_client(self.own_notes)

    @property
    def client_help_notes(self) -> list[Note]:
        return for_client(self.help_notes)


def estimate_view(outputs: dict[str, Any], inputs: dict[str, Any]) -> EstimateView:
    """A view of stored outputs; works for any engine version that stored this shape."""
    kmb = outputs.get("kmb") or {}
    components = outputs.get("components") or {}
    assets = dict(outputs.get("assets") or {})
    for key in ("savings", "savings_limit"):
        assets[key] = _dec(assets.get(key))
    help_ = kmb.get("help")
    return EstimateView(
        dssp=int(outputs.get("dssp") or 0),
        period=outputs.get("period", ""),
        engine=outputs.get("engine", ""),
        engine_version=outputs.get("engine_version", ""),
        components=[(name, COMPONENT_LABELS[name], _dec(components.get(name)) or Decimal(0))
                    for name in COMPONENTS],
        enforcement_deductions=_dec(outputs.get("enforcement_deductions")) or Decimal(0),
        income_after_deductions=_dec(outputs.get("income_after_deductions")) or Decimal(0),
        housing_contribution=_dec(outputs.get("housing_contribution")),
        assets=assets,
        reliable=bool(outputs.get("reliable", True)),
        reliability_reasons=notes_from_json(outputs.get("reliability_reasons")),
        explanation=notes_from_json(outputs.get("explanation")),
        missing=notes_from_json(outputs.get("missing")),
        own_notes=notes_from_json(kmb.get("notes")),
        help_notes=notes_from_json((help_ or {}).get("notes")),
        help=help_,
        housing_support=kmb.get("housing_support"),
        members=(inputs.get("household") or {}).get("members") or [],
        household=inputs.get("household") or {},
    )


def saved_view(saved: BenefitEstimate) -> EstimateView:
    return estimate_view(saved.outputs, saved.inputs)
