"""The general texts of the portal in Czech, English and Ukrainian.

The texts come from ``kmb.portal.content_defaults``. Only missing rows are created, so
running this again (or after a newer defaults file) never overwrites what an
administrator has changed.
"""

from django.db import migrations


def load(apps, schema_editor):
    from kmb.portal.content_defaults import DEFAULTS

    ContentBlock = apps.get_model("portal", "ContentBlock")
    existing = set(ContentBlock.objects.filter(contact_point__isnull=True)
                   .values_list("key", flat=True))
    ContentBlock.objects.bulk_create([
        ContentBlock(key=key, contact_point=None,
                     **{f"{part}_{lang}": entry[lang][index]
                        for lang in ("cs", "en", "uk")
                        for index, part in enumerate(("title", "body"))})
        for key, entry in DEFAULTS.items() if key not in existing
    ])


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
