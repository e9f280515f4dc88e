"""The partner role: staff of a partner organisation who answer referrals."""

from django.db import migrations, models

ROLE_CHOICES = [
    ("adviser", "adviser"), ("lead", "lead"), ("housing_officer", "housing officer"),
    ("analyst", "analyst"), ("administrator", "administrator"),
    ("partner", "partner organisation"),
]


def load(apps, schema_editor):
    RolePolicy = apps.get_model("accounts", "RolePolicy")
    RolePolicy.objects.get_or_create(role="partner")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_role_policies")]

    operations = [
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(choices=ROLE_CHOICES, max_length=30, verbose_name="role"),
        ),
        migrations.AlterField(
            model_name="rolepolicy",
            name="role",
            field=models.CharField(choices=ROLE_CHOICES, max_length=30, unique=True,
                                   verbose_name="role"),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
