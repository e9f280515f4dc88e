"""Whether the tie to the district and the signed declaration are required (2026 amendment).

The amendment of zákon 175/2025 Sb. (Chamber print no. 82, passed in June 2026) limits
access to people tied to the district who sign a declaration. The day it takes effect was
not confirmed: both rows are marked "to be confirmed" and an administrator sets the day.
"""

from datetime import date

from django.db import migrations

KEY = "register.tie_and_declaration_required"
SOURCE = ("zákon 175/2025 Sb. ve znění novely (sněmovní tisk 82, 2026); paragraf ověřit. "
          "Účinnost novely ověřit.")
ROWS = [
    (date(2026, 1, 1), False, "Before the 2026 amendment: no tie or declaration required."),
    (date(2026, 7, 1), True, "From the 2026 amendment: a tie to the district (permanent "
                             "residence, or 2 years of living, working or studying there) "
                             "and a signed declaration. The start date is not confirmed."),
]


def load(apps, schema_editor):
    DatedParameter = apps.get_model("core", "DatedParameter")
    for valid_from, value, description in ROWS:
        DatedParameter.objects.get_or_create(
            key=KEY, valid_from=valid_from,
            defaults={"value": value, "description": description, "source": SOURCE,
                      "to_be_confirmed": True,
                      "valid_to": date(2026, 6, 30) if not value else None})


def unload(apps, schema_editor):
    apps.get_model("core", "DatedParameter").objects.filter(key=KEY).delete()


class Migration(migrations.Migration):
    dependencies = [("register", "0003_deadline_reminders")]
    operations = [migrations.RunPython(load, unload)]
