"""Code lists from the data files: new topics and housing situations, kinds of material
aid, labels without the statutory "(ne)vyhovující bydlení", and one "not known" value.

Existing records keep their codes. The topic ``benefits`` stays (inactive, labelled as
the general topic from before the split into ``dssp``, ``mop`` and ``care_allowance``),
so consultations tagged with it keep a meaningful topic. Consultations recorded with no
housing situation ("— not found out —" in the old form) get the one "not known" value
``unknown``, and so do their clients when they have none; nothing else changes.
"""

from django.db import migrations

from kmb.cases.codelists import code_lists_load


def forwards(apps, schema_editor):
    code_lists_load(apps)
    HousingSituation = apps.get_model("cases", "HousingSituation")
    Consultation = apps.get_model("cases", "Consultation")
    Client = apps.get_model("cases", "Client")
    unknown = HousingSituation.objects.get(code="unknown")
    Consultation.objects.filter(housing_situation__isnull=True).update(
        housing_situation=unknown)
    Client.objects.filter(housing_situation__isnull=True,
                          consultations__isnull=False).update(housing_situation=unknown)


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_material_aid")]
    # Backwards leaves the values in place: they are the same codes with newer labels.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
