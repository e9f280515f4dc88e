"""Code lists: loaded from the data files, complete, worded apart from statutory terms,
and upgraded by a data migration that keeps every record's code."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import timezone

from kmb.cases.codelists import code_list_rows
from kmb.cases.models import (
    Client,
    ClientSearchToken,
    Consultation,
    EthosCategory,
    HousingSituation,
    MaterialAidKind,
    Topic,
)
from kmb.core.text import search_tokens
from tests import factories

NEW_SITUATIONS = {  # code -> ETHOS Light category
    "refugee_accommodation": "3", "homeless_hostel": "3", "municipal_emergency": "2",
    "institution_prolonged": "4", "owner_forced_sale": "insecure",
    "unaffordable": "insecure",
}
NEW_TOPICS = ("energy_arrears", "housing_support_act", "municipal_flat", "lease_issues",
              "eviction", "lost_documents", "material_aid", "residence_status", "dssp",
              "mop", "care_allowance")


@pytest.mark.django_db
def test_new_situations_and_topics_are_offered_with_their_ethos_category():
    for code, ethos in NEW_SITUATIONS.items():
        situation = HousingSituation.objects.get(code=code)
        assert situation.active and situation.ethos_category == ethos
    assert set(NEW_TOPICS) <= set(Topic.objects.filter(active=True)
                                  .values_list("code", flat=True))
    assert not Topic.objects.get(code="benefits").active  # split into dssp, mop, care
    assert list(MaterialAidKind.objects.values_list("code", flat=True)) == [
        "food", "furniture", "clothing", "hygiene", "vouchers", "other"]


@pytest.mark.django_db
def test_every_value_is_labelled_in_three_languages_and_mapped_to_ethos():
    for model in (Topic, HousingSituation, MaterialAidKind):
        for item in model.objects.all():
            assert item.name_cs and item.name_en and item.name_uk, item.code
    assert set(HousingSituation.objects.values_list("ethos_category", flat=True)) <= set(
        EthosCategory.values)


def test_labels_avoid_the_statutory_terms_of_adequate_housing():
    """"(Ne)vyhovující bydlení" is a term of the Housing Support Act (§ 2)."""
    for name in ("Topic", "HousingSituation", "MaterialAidKind"):
        for row in code_list_rows(name):
            assert "vyhovující" not in row["name_cs"].lower(), row["code"]
            assert "způsobil" not in row["name_cs"].lower(), row["code"]
    from django.utils import translation

    with translation.override("cs"):
        for _value, label in EthosCategory.choices:
            assert "vyhovující" not in str(label)


@pytest.mark.django_db
def test_the_situation_list_has_one_not_known_value(web_adviser_a, client_a):
    page = web_adviser_a.get(reverse("cases:client_consultation_create",
                                     args=[client_a.uuid])).content.decode()
    select = page[page.index('name="housing_situation"'):]
    select = select[:select.index("</select>")]
    assert select.count("<option") == HousingSituation.objects.filter(active=True).count()
    assert select.count("Nezjištěno") == 1 and "nezjištěno —" not in select
    assert 'value="unknown" selected' in select  # a client with no situation yet


@pytest.mark.django_db
def test_a_consultation_without_the_situation_records_not_known_and_keeps_the_known_one(
        web_adviser_a, client_a):
    client_a.housing_situation = HousingSituation.objects.get(code="commercial_hostel")
    client_a.save()
    url = reverse("cases:client_consultation_create", args=[client_a.uuid])
    page = web_adviser_a.get(url).content.decode()
    assert 'value="commercial_hostel" selected' in page  # the follow-up starts from it
    web_adviser_a.post(url, {
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone", "duration_minutes": "10", "topics": ["dssp"]})
    consultation = Consultation.objects.get()
    assert consultation.housing_situation.code == "unknown"
    client_a.refresh_from_db()
    assert client_a.housing_situation.code == "commercial_hostel"


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_the_codes_of_existing_records(cp_a, adviser_a, monkeypatch):
    executor = MigrationExecutor(connection)
    old = [("cases", "0004_online_requests")]
    executor.migrate(old)
    # the search tokens came later (cases 0009 fills them for these clients)
    monkeypatch.setattr(Client, "_save_search_tokens", lambda *args, **kwargs: None)
    # the data as the earlier code lists left it, written with the models of that time
    # (later migrations add columns the current models read)
    old_apps = executor.loader.project_state(old).apps
    OldTopic = old_apps.get_model("cases", "Topic")
    OldSituation = old_apps.get_model("cases", "HousingSituation")
    OldTopic.objects.filter(code="benefits").update(name_cs="Dávky", active=True)
    OldSituation.objects.filter(code="unfit").update(
        name_cs="Nevyhovující nebo nezpůsobilý byt")
    benefits = OldTopic.objects.get(code="benefits")
    unfit = OldSituation.objects.get(code="unfit")
    tagged = factories.ConsultationFactory(client__contact_point=cp_a, adviser=adviser_a,
                                           housing_situation_id=unfit.pk)
    tagged.topics.set([benefits.pk])
    blank = factories.ConsultationFactory(client__contact_point=cp_a, adviser=adviser_a,
                                          housing_situation=None)
    counts = (OldTopic.objects.count(), OldSituation.objects.count(),
              Consultation.objects.count(), Client.objects.count())

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    tagged.refresh_from_db()
    assert [t.code for t in tagged.topics.all()] == ["benefits"]
    assert tagged.topics.get().pk == benefits.pk
    assert tagged.topics.get().name_cs.startswith("Dávky")  # still a meaningful topic
    assert not tagged.topics.get().active
    assert tagged.housing_situation.pk == unfit.pk
    assert "vyhovující" not in tagged.housing_situation.name_cs.lower()
    blank.refresh_from_db()
    assert blank.housing_situation.code == "unknown"  # the two "not known" merged
    assert blank.client.housing_situation.code == "unknown"
    assert Consultation.objects.count() == counts[2] and Client.objects.count() == counts[3]
    # the migration gave the existing clients their search tokens
    client = tagged.client
    assert sorted(ClientSearchToken.objects.filter(client=client).values_list(
        "token", flat=True)) == search_tokens(client.name_search, client.address_search)
    assert Topic.objects.count() >= counts[0]
    assert HousingSituation.objects.count() >= counts[1]
