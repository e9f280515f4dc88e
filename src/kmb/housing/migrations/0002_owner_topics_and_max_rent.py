"""The owners' topic list (from data/owner_topics.yaml) and the maximum permitted rent
under § 9 of the housing support act as a dated parameter, flagged to be confirmed."""

from datetime import date
from pathlib import Path

import yaml
from django.db import migrations

TOPICS = Path(__file__).resolve().parent.parent / "data" / "owner_topics.yaml"
MAX_RENT_KEY = "housing.max_permitted_rent"


def load(apps, schema_editor):
    OwnerTopic = apps.get_model("housing", "OwnerTopic")
    for order, item in enumerate(yaml.safe_load(TOPICS.read_text(encoding="utf-8"))):
        OwnerTopic.objects.update_or_create(code=item["code"], defaults={
            "name_cs": item["cs"], "name_en": item["en"], "name_uk": item.get("uk", ""),
            "order": order})
    DatedParameter = apps.get_model("core", "DatedParameter")
    DatedParameter.objects.get_or_create(
        key=MAX_RENT_KEY, valid_from=date(2026, 1, 1),
        defaults={
            # CZK per m² a month, by district (RÚIAN code of the okres), else "default"
            "value": {"per_m2": {"default": 230, "3100": 330, "3702": 290}},
            "description": "Maximum permitted rent of a flat offered under a support "
                           "measure (§ 9 of act 175/2025 Sb.), CZK per m² a month; "
                           "3100 = Praha, 3702 = Brno-město.",
            "source": "zákon č. 175/2025 Sb., o podpoře bydlení, § 9 (výši stanoví prováděcí "
                      "předpis; do jeho vydání zástupná hodnota)",
            "to_be_confirmed": True})


def unload(apps, schema_editor):
    apps.get_model("core", "DatedParameter").objects.filter(key=MAX_RENT_KEY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("housing", "0001_housing_supply"),
        ("core", "0003_parameter_description_text"),
    ]

    operations = [migrations.RunPython(load, unload)]
