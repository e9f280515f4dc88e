"""Formerly copied the general texts from a Python module into the database.

The texts are now content files (``src/kmb/portal/content/``), loaded after every migrate
by ``kmb.portal.apps.load_shipped_texts`` and by ``manage.py load_portal_content``. This
step is kept so that the migration history stays the same for existing databases.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]
    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
