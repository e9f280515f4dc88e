"""Loading the code lists of case records from the reviewable CSV files in ``data/``.

Migrations call :func:`code_lists_load` with their historical app registry, so the loader
touches only the models and fields that exist at that point of the migration history.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

#: model name -> data file
CODE_LISTS: dict[str, str] = {
    "Topic": "topics.csv",
    "HousingSituation": "housing_situations.csv",
    "MaterialAidKind": "material_aid_kinds.csv",
}

_NOT_FIELDS = {"code", "active", "note"}


def code_list_rows(model_name: str) -> list[dict[str, str]]:
    """The rows of one code list file, in file order."""
    with (DATA_DIR / CODE_LISTS[model_name]).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def code_lists_load(apps: Any, models: tuple[str, ...] = tuple(CODE_LISTS)) -> None:
    """Create or update every value of the given code lists, matched by ``code``.

    Values missing from a file are left alone: records that use them keep their code.
    """
    for model_name in models:
        try:
            model = apps.get_model("cases", model_name)
        except LookupError:
            continue  # not created yet at this point of the migration history
        fields = {f.name for f in model._meta.get_fields()}
        for order, row in enumerate(code_list_rows(model_name)):
            defaults: dict[str, Any] = {k: v for k, v in row.items()
                                        if k not in _NOT_FIELDS and k in fields}
            defaults["order"] = order
            defaults["active"] = row["active"].strip() == "1"
            model.objects.update_or_create(code=row["code"], defaults=defaults)
