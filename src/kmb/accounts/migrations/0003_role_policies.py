from django.db import migrations

ROLES = ["adviser", "lead", "housing_officer", "analyst", "administrator"]


def load(apps, schema_editor):
    RolePolicy = apps.get_model("accounts", "RolePolicy")
    for role in ROLES:
        RolePolicy.objects.get_or_create(role=role)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
