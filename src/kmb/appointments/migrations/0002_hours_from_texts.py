"""Move the opening hours contact points had typed ("Po, St 8:00–17:00") into data; what
the text says beyond days and times becomes the note. The typed text stays untouched."""

from django.db import migrations


def forwards(apps, schema_editor):
    from kmb.appointments.hours import hours_note, parse_hours

    ContactPoint = apps.get_model("accounts", "ContactPoint")
    OpeningHours = apps.get_model("appointments", "OpeningHours")
    OfficeCalendar = apps.get_model("appointments", "OfficeCalendar")
    for office in ContactPoint.objects.exclude(opening_hours=""):
        if OpeningHours.objects.filter(contact_point=office).exists():
            continue
        blocks = parse_hours(office.opening_hours)
        OpeningHours.objects.bulk_create([
            OpeningHours(contact_point=office, weekday=b.weekday, opens=b.opens,
                         closes=b.closes, kind="appointment" if b.by_appointment else "open")
            for b in blocks])
        note = hours_note(office.opening_hours)
        if note:
            OfficeCalendar.objects.update_or_create(contact_point=office,
                                                    defaults={"hours_note": note})


class Migration(migrations.Migration):
    dependencies = [("appointments", "0001_initial"), ("accounts", "0006_register_officer_role")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
