"""Default code lists: consultation topics and housing situations (with ETHOS mapping).

The values live in ``kmb/cases/data/*.csv`` (see its README), not in this file.
"""

from django.db import migrations

from kmb.cases.codelists import code_lists_load


def load(apps, schema_editor):
    code_lists_load(apps, ("Topic", "HousingSituation"))


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
