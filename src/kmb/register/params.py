"""The register's dated parameters (seeded by migration, editable by an administrator).

Keys (all ``register.*``): the periods of the procedure in days, the validity of an entry
in months, how deemed delivery is counted, the reminder days before a deadline and how long
the records are kept. Each row names its source; what the official text of zákon
175/2025 Sb. may set differently is marked "to be confirmed".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kmb.core.models import DatedParameter

DEFAULTS = {
    "register.decision_days": 30,
    "register.decision_extension_days": 30,
    "register.appeal_days": 15,
    "register.appeal_forward_days": 30,
    "register.deemed_delivery_days": 10,
    "register.deemed_delivery_moves_to_working_day": False,
    "register.remedy_days": 15,
    "register.evidence_days": 5,
    "register.entry_validity_months": 24,
    "register.reminder_working_days": [5, 1],
    "register.retention_years": 10,
    "register.tie_and_declaration_required": True,
    "register.assistance_bridging_months": 2,
}
_BOOLEANS = ("deemed_delivery_moves_to_working_day", "tie_and_declaration_required")


@dataclass(frozen=True)
class RegisterParameters:
    decision_days: int
    decision_extension_days: int
    appeal_days: int
    appeal_forward_days: int
    deemed_delivery_days: int
    deemed_delivery_moves_to_working_day: bool
    remedy_days: int
    evidence_days: int
    entry_validity_months: int
    reminder_working_days: tuple[int, ...]
    retention_years: int
    tie_and_declaration_required: bool
    assistance_bridging_months: int


def register_parameters(day: date) -> RegisterParameters:
    """The values valid on ``day`` (one query); a missing row falls back to the default."""
    values = dict(DEFAULTS)
    rows = (DatedParameter.objects.valid_on(day).filter(key__in=DEFAULTS)
            .order_by("key", "valid_from"))
    for row in rows:  # the latest valid row of a key wins
        values[row.key] = row.value
    plain = {key.removeprefix("register."): value for key, value in values.items()}
    plain["reminder_working_days"] = tuple(int(v) for v in plain["reminder_working_days"])
    for key in plain:
        if key in _BOOLEANS:
            plain[key] = bool(plain[key])
        elif key != "reminder_working_days":
            plain[key] = int(plain[key])
    return RegisterParameters(**plain)


CONTRIBUTIONS_KEY = "register.contributions"
CONTRIBUTIONS_DEFAULT = {
    "flat_management": {"amount": 17000, "unit": "flat_year", "max_provider_flats": 50,
                        "measures": ["guaranteed_tenancy", "sublease", "municipal"]},
}


def contribution_kinds(day: date) -> dict:
    """The contribution code list valid on ``day`` (kind → amount, unit, measures)."""
    row = (DatedParameter.objects.valid_on(day).filter(key=CONTRIBUTIONS_KEY)
           .order_by("-valid_from").first())
    value = row.value if row is not None else CONTRIBUTIONS_DEFAULT
    return value if isinstance(value, dict) else CONTRIBUTIONS_DEFAULT
