"""Seed the benefits estimator's own dated parameters (editable in the admin).

The values come from public summaries of the laws, not from the official texts, so every
row is marked "to be confirmed against the official text".
"""

from datetime import date

from django.db import migrations

_UNCONFIRMED = "Public summaries of the law; not yet checked against the official text."

ROWS = [
    {
        "key": "dssp.asset_limits",
        "valid_from": date(2025, 10, 1),
        "valid_to": None,
        "value": {
            "savings_first_member": 200000,
            "savings_per_further_member": 50000,
            "savings_max": 400000,
            "cars_per_adult": 1,
            "homes": 1,
            "second_home_max_years": 3,
        },
        "description": "DSSP assets test: savings (without pension and building savings) "
                       "for the first member, each further member and at most; cars per "
                       "adult; homes; years a second home may be held.",
        "source": "zákon 151/2025 Sb. (DSSP). " + _UNCONFIRMED,
    },
    {
        "key": "living_minimum",
        "valid_from": date(2023, 10, 1),
        "valid_to": date(2026, 9, 30),
        "value": {"single": 4860, "first_adult": 4470, "further_adult": 4040,
                  "child_15_26": 3490, "child_6_15": 3050, "child_under_6": 2480,
                  "existence_minimum": 3130},
        "description": "Living minimum (CZK a month): a person living alone, the first adult, "
                       "a further adult, dependent children 15–26, 6–15, under 6; "
                       "existence minimum.",
        "source": "zákon 110/2006 Sb., § 2 and § 3. " + _UNCONFIRMED,
    },
    {
        "key": "living_minimum",
        "valid_from": date(2026, 10, 1),
        "valid_to": None,
        "value": {"single": 5500, "first_adult": 5000, "further_adult": 3750,
                  "child_15_26": 3490, "child_6_15": 3050, "child_under_6": 2480,
                  "existence_minimum": 3130},
        "description": "Living minimum from the 2026 change. The start date follows the "
                       "benefit engine's parameters (1 October 2026); our domain notes say "
                       "'mid-2026'.",
        "source": "zákon 110/2006 Sb. as amended in 2026. " + _UNCONFIRMED,
    },
    {
        "key": "housing_support.income_limit_multiple",
        "valid_from": date(2026, 1, 1),
        "valid_to": None,
        "value": 1.43,
        "description": "Income limit of the housing support act as a multiple of the "
                       "household's living minimum. Public sources give about 1.43 after a "
                       "government regulation of August 2025; the benefit engine "
                       "(openfisca-czechia 1.0.1) uses 2 from § 17(3)(a). Decide against "
                       "the official text.",
        "source": "zákon 175/2025 Sb., § 17 odst. 3; government regulation of August 2025. "
                  + _UNCONFIRMED,
    },
    {
        "key": "mop.caps",
        "valid_from": date(2025, 10, 1),
        "valid_to": None,
        "value": {"unforeseen_event_multiple": 15, "social_exclusion_multiple": 4,
                  "worth_applying_residual_multiple": 1.5},
        "description": "Emergency assistance (MOP): caps as multiples of the living minimum "
                       "of an individual (after a serious unforeseen event; a year's help to "
                       "a person threatened with social exclusion). The last value is the "
                       "contact point's rule of thumb, not law: applying is worth it when "
                       "the income left after housing costs is below this multiple of the "
                       "household's living minimum.",
        "source": "zákon 111/2006 Sb., § 2 and § 36. " + _UNCONFIRMED,
    },
]


def seed(apps, schema_editor):
    DatedParameter = apps.get_model("core", "DatedParameter")
    for row in ROWS:
        DatedParameter.objects.get_or_create(
            key=row["key"], valid_from=row["valid_from"],
            defaults={**{k: v for k, v in row.items() if k not in ("key", "valid_from")},
                      "to_be_confirmed": True})


def unseed(apps, schema_editor):
    DatedParameter = apps.get_model("core", "DatedParameter")
    for row in ROWS:
        DatedParameter.objects.filter(key=row["key"], valid_from=row["valid_from"]).delete()


class Migration(migrations.Migration):
    dependencies = [("benefits", "0001_estimates"), ("core", "0003_parameter_description_text")]
    operations = [migrations.RunPython(seed, unseed)]
