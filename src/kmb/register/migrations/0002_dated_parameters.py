"""Seed the register's dated parameters (editable by an administrator in the admin).

The periods of the správní řád are its general rules; the housing-support act (zákon
175/2025 Sb.) could not be read offline and may set its own, so every row that the act
could change is marked "to be confirmed against the official text".
"""

from datetime import date

from django.db import migrations

_ACT = "zákon 175/2025 Sb."
_SR = "zákon 500/2004 Sb. (správní řád)"
_CHECK = " Ověřit, zda zákon 175/2025 Sb. nestanoví jinak."
START = date(2026, 1, 1)

ROWS = [
    ("register.decision_days", 30, True,
     "Days to decide on an application (or enter it) from its filing.",
     f"{_SR}, § 71 odst. 1 a 3.{_CHECK}"),
    ("register.decision_extension_days", 30, True,
     "Days added with a housing inquiry or in a complex case.",
     f"{_SR}, § 71 odst. 3 písm. a).{_CHECK}"),
    ("register.appeal_days", 15, False,
     "Days to appeal from the delivery of the decision.",
     f"{_SR}, § 83 odst. 1."),
    ("register.appeal_forward_days", 30, False,
     "Days to forward an appeal with the file to the appeal authority.",
     f"{_SR}, § 88 odst. 1."),
    ("register.deemed_delivery_days", 10, False,
     "Days after which an uncollected letter counts as delivered.",
     f"{_SR}, § 24 odst. 1."),
    ("register.deemed_delivery_moves_to_working_day", False, True,
     "Whether the day of deemed delivery moves to a working day. The prevailing reading "
     "(case law) is that it does not; an office may follow the other one.",
     f"{_SR}, § 24 odst. 1 a § 40 odst. 1 písm. c)."),
    ("register.remedy_days", 15, True,
     "Default period to remedy defects of an application (the officer sets it in each "
     "request; 15 days is office practice).",
     f"{_SR}, § 45 odst. 2 a § 39 odst. 1."),
    ("register.evidence_days", 5, True,
     "Default period to see the evidence and comment before the decision (office "
     "practice).",
     f"{_SR}, § 36 odst. 3 a § 39 odst. 1."),
    ("register.entry_validity_months", 24, True,
     "Months an entry in the register is valid. The value is not confirmed.",
     f"{_ACT}, § 23. Hodnota neověřena."),
    ("register.reminder_working_days", [5, 1], False,
     "Working days before a deadline on which the responsible officer is reminded by "
     "e-mail (a setting of the office, not law).",
     "Nastavení kontaktního místa (not law)."),
    ("register.retention_years", 10, True,
     "Years the records of a finished register procedure are kept (set it from the filing "
     "and shredding plan).",
     "zákon 499/2004 Sb., o archivnictví a spisové službě, a spisový a skartační plán; "
     "paragraf ověřit."),
]


def load(apps, schema_editor):
    DatedParameter = apps.get_model("core", "DatedParameter")
    for key, value, unconfirmed, description, source in ROWS:
        DatedParameter.objects.get_or_create(
            key=key, valid_from=START,
            defaults={"value": value, "description": description, "source": source,
                      "to_be_confirmed": unconfirmed})


def unload(apps, schema_editor):
    DatedParameter = apps.get_model("core", "DatedParameter")
    DatedParameter.objects.filter(key__in=[r[0] for r in ROWS], valid_from=START).delete()


class Migration(migrations.Migration):
    dependencies = [("register", "0001_procedures_steps_letters"), ("core", "0003_parameter_description_text")]
    operations = [migrations.RunPython(load, unload)]
