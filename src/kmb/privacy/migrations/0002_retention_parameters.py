"""The retention schedule as dated parameters: the values are the controller's to set
(its filing and shredding plan), so every one is marked "to be confirmed"."""

from datetime import date

from django.db import migrations

PARAMETERS = [
    ("privacy.retention.client_inactive_years", 5,
     "Years without any activity in a client's case after which the client is put on the "
     "lead's list for anonymisation.",
     "nařízení (EU) 2016/679 (GDPR), čl. 5 odst. 1 písm. e); zákon č. 499/2004 Sb., o "
     "archivnictví a spisové službě, § 66 (spisový a skartační plán obce)"),
    ("privacy.retention.review_days", 30,
     "Days a client stays on the lead's list before the daily job may anonymise them "
     "(unless the lead postpones it; an approval anonymises at once).",
     "KMB practice: the lead reviews before anything is erased"),
    ("privacy.retention.online_request_months", 12,
     "Months after which a handled request from the portal that did not become part of a "
     "client's case is anonymised.",
     "nařízení (EU) 2016/679 (GDPR), čl. 5 odst. 1 písm. e)"),
]


def load(apps, schema_editor):
    DatedParameter = apps.get_model("core", "DatedParameter")
    for key, value, description, source in PARAMETERS:
        DatedParameter.objects.get_or_create(
            key=key, valid_from=date(2020, 1, 1),
            defaults={"value": value, "description": description, "source": source,
                      "to_be_confirmed": True})


def unload(apps, schema_editor):
    DatedParameter = apps.get_model("core", "DatedParameter")
    DatedParameter.objects.filter(key__in=[p[0] for p in PARAMETERS],
                                  valid_from=date(2020, 1, 1)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("core", "0003_parameter_description_text"),
    ]

    operations = [migrations.RunPython(load, unload)]
