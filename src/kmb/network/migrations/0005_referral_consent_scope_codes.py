"""Consents given for referrals keep their scope as a code, not as a sentence frozen in
the language of the adviser who recorded it: ``referral:<shared items>:<partner>``.
Reversing writes the Czech sentence back."""

from django.db import migrations

ITEMS = ("name", "phone", "email", "birth_date", "address", "language", "housing",
         "household")
#: the Czech labels the sentence had (reverse only)
CZECH = {"name": "jméno a příjmení", "phone": "telefon", "email": "e-mail",
         "birth_date": "datum narození", "address": "adresa",
         "language": "preferovaný jazyk", "housing": "bytová situace",
         "household": "velikost domácnosti"}


def to_codes(apps, schema_editor):
    Referral = apps.get_model("network", "Referral")
    Consent = apps.get_model("cases", "Consent")
    for consent_id, shared, org, service in Referral.objects.values_list(
            "consent_id", "shared_data", "service__organization__name", "service__name"):
        items = ",".join(i for i in ITEMS if i in (shared or []))
        Consent.objects.filter(pk=consent_id).exclude(scope__startswith="referral:").update(
            scope=f"referral:{items}:{org} – {service}"[:300])


def to_sentences(apps, schema_editor):
    Consent = apps.get_model("cases", "Consent")
    for consent in Consent.objects.filter(scope__startswith="referral:"):
        _kind, items, partner = consent.scope.split(":", 2)
        labels = ", ".join(CZECH[i] for i in items.split(",") if i in CZECH)
        consent.scope = f"{partner}: {labels}"[:300]
        consent.save(update_fields=["scope"])


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0004_online_requests"),
        ("network", "0004_directory_maintainers"),
    ]

    operations = [migrations.RunPython(to_codes, to_sentences)]
