"""On PostgreSQL, trigram indexes make substring search of names and addresses fast."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cases_client_name_trgm ON cases_client "
        "USING gin (name_search gin_trgm_ops)")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS cases_client_address_trgm ON cases_client "
        "USING gin (address_search gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS cases_client_name_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS cases_client_address_trgm")


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_code_lists")]
    operations = [migrations.RunPython(forwards, backwards)]
