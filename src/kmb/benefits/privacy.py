"""A client's benefit estimates for the subject access export, and erasing their inputs.

The amounts stay (the analysts' batch runs use them without names); what identifies a
person goes: the member labels (usually first names) and dates of birth, which become the
age on the first day of the estimated month.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from kmb.benefits.models import BenefitEstimate
from kmb.cases.models import Client
from kmb.core.subject_data import Field, Section, model_row


def client_estimate_section(*, client: Client) -> Section:
    rows = []
    for saved in (BenefitEstimate.objects.filter(client=client).select_related("created_by")
                  .order_by("created_at", "id")):
        row = model_row(saved, ("created_at", "period", "dssp", "situation", "amount_needed",
                                "reliable"))
        household = (saved.inputs or {}).get("household") or {}
        row.fields += [
            Field("members", _("household members"), len(household.get("members") or [])),
            Field("created_by", _("made by"), saved.created_by.display_name),
            Field("inputs", _("inputs"), household, printable=False),
        ]
        rows.append(row)
    return Section("benefit_estimates", _("Benefit estimates"), rows)


def client_estimate_last_activity(*, client: Client) -> datetime | None:
    return BenefitEstimate.objects.filter(client=client).aggregate(
        last=Max("created_at"))["last"]


def _age_on(birth: str, period: str) -> int | None:
    try:
        born = date.fromisoformat(birth)
        first = date.fromisoformat(f"{period}-01")
    except (TypeError, ValueError):
        return None
    return max(first.year - born.year - ((first.month, first.day) < (born.month, born.day)), 0)


def _replace(value: Any, labels: dict[str, Any]) -> Any:
    """Every member label in stored outputs becomes the neutral "member N" note."""
    if isinstance(value, str):
        if value in labels:
            return labels[value]
        return value
    if isinstance(value, list):
        return [_replace(v, labels) for v in value]
    if isinstance(value, dict):
        replaced = {k: _replace(v, labels) for k, v in value.items()}
        if "text" in replaced and isinstance(replaced["text"], str):
            for label, note in labels.items():
                replaced["text"] = replaced["text"].replace(label, note["text"])
        return replaced
    return value


def _member_note(number: int) -> dict[str, Any]:
    return {"code": "member", "msgid": "Member {number}", "params": {"number": number},
            "text": f"Member {number}"}


def _erase_one(saved: BenefitEstimate) -> None:
    household = (saved.inputs or {}).get("household") or {}
    labels: dict[str, Any] = {}
    for number, member in enumerate(household.get("members") or [], start=1):
        if member.get("label"):
            labels[member["label"]] = _member_note(number)
            member["label"] = ""
        if member.get("birth_date"):
            if member.get("age") is None:
                member["age"] = _age_on(member["birth_date"], saved.period)
            member["birth_date"] = None
    saved.outputs = _replace(saved.outputs, labels)
    saved.save(update_fields=["inputs", "outputs"])


def client_estimates_erase(*, client: Client) -> dict[str, int]:
    estimates = list(BenefitEstimate.objects.filter(client=client))
    for saved in estimates:
        _erase_one(saved)
    return {"benefit_estimates": len(estimates)}
