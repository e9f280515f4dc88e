"""Sources of the portal texts, and a fingerprint of what the loader wrote into a row.

General rows seeded by 0002 that nobody has changed since (their text is exactly what was
shipped then: ``SHIPPED`` holds a fingerprint of each) are marked as loaded, so that the
loader may replace them with newer content files. Rows an administrator changed keep an
empty mark and are never replaced.
"""

import hashlib
import json

from django.db import migrations, models


# Fingerprints of the six texts of each key as shipped by 0002 (cs, en, uk title and text).
SHIPPED = {
    "landing.intro": "3cdac02430aecd82",
    "landing.emergency": "4cdc98b1830e1c90",
    "landing.finder": "e86180f1660c5d95",
    "landing.request": "d2c20348e7db4c6b",
    "entry.lose_home": "76945888928da46d",
    "entry.tonight": "cc9a830d6f4deee9",
    "entry.cannot_pay": "557c9d5cf1fa8672",
    "entry.unfit": "2f54853dc3986711",
    "entry.looking": "53bbf2bc21f03112",
    "entry.debts": "a8d028e71dce2aa9",
    "entry.landlord": "d02ea03b20519d00",
    "answer.landlord": "7d8659e2ba9664f6",
    "q.housing": "e2d7bcdbdde126bb",
    "q.housing.rented": "75f47769167e3aeb",
    "q.housing.owner": "14bd6047605c4c67",
    "q.housing.family": "823e3ab82e7a7e58",
    "q.housing.hostel": "7340ec8479388807",
    "q.housing.shelter": "cf1a163fbc8fd471",
    "q.housing.institution": "9713c4490e941c13",
    "q.housing.none": "300cac485b60b066",
    "q.housing.other": "168fcfdd646357a9",
    "q.threat": "fa8db8472259f262",
    "q.threat.notice": "31ffac8ada11e2b3",
    "q.threat.arrears": "9e0c49c3e4029d1d",
    "q.threat.debts": "074a8f5e8e8701ae",
    "q.threat.must_leave": "180eeb9e0602a333",
    "q.threat.violence": "1e0514ae640616ef",
    "q.threat.unfit": "614091a42f05eaaf",
    "q.threat.looking": "d2db313371fce9de",
    "q.threat.other": "91fd75bef546dcbb",
    "q.when": "b49623f6e860e188",
    "q.when.now": "0d47eef43f7e588c",
    "q.when.week": "3e0665dde88de7e4",
    "q.when.month": "3aad45498291bcb4",
    "q.when.quarter": "83323ab54b6c9722",
    "q.when.later": "85acc2767028ca5d",
    "q.when.no_risk": "f893de9c9dd390ff",
    "q.municipality": "0b94afb21bd049fe",
    "q.district": "520f0ceb3c0857ae",
    "q.district.unknown": "214b9f50026bb844",
    "q.household": "9fc549b9cd40b47a",
    "q.household.alone": "5213af56f4f329c7",
    "q.household.partner": "91298bb4350b69b9",
    "q.household.children": "a107243143a539cb",
    "q.household.senior": "8946898903906740",
    "q.household.disability": "16716addbf265636",
    "q.household.other_adults": "4079a9de8d55ff85",
    "q.income": "e1e05431ca35b8bb",
    "q.income.none": "b2cbf09249b56ec9",
    "q.income.under_10k": "ba24317d671f271c",
    "q.income.under_20k": "1799ab7c9fadd25a",
    "q.income.under_35k": "e0391ec59ddc6671",
    "q.income.over_35k": "0780d35bb2bf6f97",
    "q.income.unknown": "c212f991334b3d78",
    "q.benefits": "96b22dc06abbca0c",
    "q.benefits.receiving": "22d3d3abd987d884",
    "q.benefits.applied": "750a1dcace4fc16d",
    "q.benefits.no": "befa97199d42e1d2",
    "q.benefits.unknown": "214b9f50026bb844",
    "result.intro": "f1f5c38d088e7cda",
    "advice.emergency_night": "20af6e1d893838b1",
    "advice.danger": "4a7c1ea749f48c2f",
    "advice.contact_point": "74863bafea28e687",
    "advice.notice": "9553e75f5751a889",
    "advice.arrears": "4f3ac0d035aad9e1",
    "advice.must_leave": "e88172f83a076a7f",
    "advice.debts": "1c9ecf6d7018be1f",
    "advice.children": "9074cb3ed5d29a7a",
    "advice.unfit": "29ab62d3e480be40",
    "advice.looking": "921ca6fbaaa1b7c5",
    "advice.register": "2c7bfafde006c10b",
    "advice.seniors": "32f416b02e4680fe",
    "advice.disability": "87af21347dc2b5d5",
    "advice.other": "3c03b0bca8917cac",
    "benefit.dssp": "4b298b1867fbd37a",
    "benefit.dssp_change": "be856ec262ff613e",
    "benefit.mop": "c1213dc60d79f2d5",
    "benefit.care": "f38fef532469c947",
    "doc.id": "01d092fe4b2f9028",
    "doc.lease": "f44f67d93f255d29",
    "doc.notice": "915d1f376940cd84",
    "doc.arrears": "426ab6758cade5ec",
    "doc.income": "749d792c76a2e930",
    "doc.debts": "ad190d13c37a9745",
    "doc.benefits": "0588224ee3590289",
    "doc.health": "fee50e3deef8ff47",
    "local.info": "d4d008d076b84cd1",
    "local.partners": "b0e7b43f99040294",
    "local.hours": "e3959cac0c85fd09",
    "request.intro": "024cf602449766ee",
    "request.consent": "441c760d95ff75a5",
    "request.confirmation": "a65ff321adef1695",
    "page.accessibility": "66916db24105aa86",
    "page.privacy": "44f054ea74606eac",
}
LANGUAGES = ("cs", "en", "uk")
TEXTS = tuple(f"{part}_{lang}" for lang in LANGUAGES for part in ("title", "body"))
# The same fields and fingerprint as kmb.portal.services.content_digest.
LOADED = ("states_rule",) + tuple(
    f"{part}_{lang}" for part in ("title", "body", "source", "checked_on") for lang in LANGUAGES)


def _fingerprint(values):
    return hashlib.sha256(json.dumps(values, ensure_ascii=False).encode()).hexdigest()


def mark_unchanged(apps, schema_editor):
    ContentBlock = apps.get_model("portal", "ContentBlock")
    for row in ContentBlock.objects.filter(contact_point__isnull=True, loaded_digest=""):
        texts = [getattr(row, name) for name in TEXTS]
        if _fingerprint(texts)[:16] != SHIPPED.get(row.key):
            continue
        loaded = [getattr(row, name).isoformat() if name.startswith("checked_on_")
                  and getattr(row, name) else getattr(row, name) for name in LOADED]
        ContentBlock.objects.filter(pk=row.pk).update(loaded_digest=_fingerprint(loaded))


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0002_default_content'),
    ]

    operations = [
        migrations.AddField(
            model_name='contentblock',
            name='checked_on_cs',
            field=models.DateField(blank=True, null=True, verbose_name='source checked on (Czech)'),
        ),
        migrations.AddField(
            model_name='contentblock',
            name='checked_on_en',
            field=models.DateField(blank=True, null=True, verbose_name='source checked on (English)'),
        ),
        migrations.AddField(
            model_name='contentblock',
            name='checked_on_uk',
            field=models.DateField(blank=True, null=True, verbose_name='source checked on (Ukrainian)'),
        ),
        migrations.AddField(
            model_name='contentblock',
            name='loaded_digest',
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='contentblock',
            name='source_cs',
            field=models.CharField(blank=True, max_length=500, verbose_name='source (Czech)'),
        ),
        migrations.AddField(
            model_name='contentblock',
            name='source_en',
            field=models.CharField(blank=True, max_length=500, verbose_name='source (English)'),
        ),
        migrations.AddField(
            model_name='contentblock',
            name='source_uk',
            field=models.CharField(blank=True, max_length=500, verbose_name='source (Ukrainian)'),
        ),
        migrations.AddField(
            model_name='contentblock',
            name='states_rule',
            field=models.BooleanField(default=False, help_text='The text states a rule of law; it then shows its source to the public.', verbose_name='states a rule'),
        ),
        migrations.RunPython(mark_unchanged, migrations.RunPython.noop),
    ]
