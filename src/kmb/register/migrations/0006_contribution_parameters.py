"""Seed the contribution kinds (a dated code list) and the bridging period of assistance.

Only the flat management amount (17 000 Kč per flat and year for a provider with at most 50
flats) was confirmed by several public sources; the other amounts are empty until an
administrator enters them from the official text.
"""

from datetime import date

from django.db import migrations

START = date(2026, 7, 1)
FLAT = ["guaranteed_tenancy", "sublease", "municipal"]
ROWS = [
    ("register.contributions", {
        "flat_management": {"amount": 17000, "unit": "flat_year", "max_provider_flats": 50,
                            "measures": FLAT},
        "guarantee": {"amount": None, "unit": "flat_year", "measures": ["guaranteed_tenancy"]},
        "sublease": {"amount": None, "unit": "flat_year", "measures": ["sublease"]},
        "municipal_housing": {"amount": None, "unit": "flat_year", "measures": ["municipal"]},
        "assistance": {"amount": None, "unit": "person_year", "measures": ["assistance"]},
        "first_entry_top_up": {"amount": None, "unit": "one_off", "measures": FLAT},
    }, True,
     "Contributions paid by the regional office, by kind: amount (CZK), unit (flat_year and "
     "person_year pro rata by days; one_off once when a flat and its owner first enter the "
     "system), the measures it applies to. Flat management 17 000 Kč per flat and year for "
     "providers with at most 50 flats is from public summaries; the other amounts are "
     "empty until confirmed.",
     "zákon 175/2025 Sb., část o příspěvcích; paragraf ověřit."),
    ("register.assistance_bridging_months", 2, True,
     "Months housing assistance continues after the household is housed (bridging).",
     "zákon 175/2025 Sb.; paragraf ověřit."),
]


def load(apps, schema_editor):
    DatedParameter = apps.get_model("core", "DatedParameter")
    for key, value, unconfirmed, description, source in ROWS:
        DatedParameter.objects.get_or_create(
            key=key, valid_from=START,
            defaults={"value": value, "description": description, "source": source,
                      "to_be_confirmed": unconfirmed})


def unload(apps, schema_editor):
    apps.get_model("core", "DatedParameter").objects.filter(
        key__in=[r[0] for r in ROWS], valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("register", "0005_support_measures_and_providers")]
    operations = [migrations.RunPython(load, unload)]
