from django.db import migrations

# The roll-ups read one contact point's events of one month; the events' own index leads
# with the kind. This index lives with the statistics that need it.
CREATE = ("CREATE INDEX IF NOT EXISTS stats_event_cp_occurred "
          "ON core_domainevent (contact_point_id, occurred_at)")
DROP = "DROP INDEX IF EXISTS stats_event_cp_occurred"


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial"), ("core", "0005_rate_counters_workers_outgoing_mail")]

    operations = [migrations.RunSQL(CREATE, DROP)]
