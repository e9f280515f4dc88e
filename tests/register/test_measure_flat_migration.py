"""Measures recorded before they were linked to the flats of the housing supply."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kmb.register.models import SupportMeasure
from tests.housing import factories as hf

BEFORE = [("register", "0006_contribution_parameters")]


@pytest.mark.django_db(transaction=True)
def test_migration_links_flats_and_leases_and_keeps_what_it_cannot_find(
        cp_a, client_a, housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a, street="Dukelských hrdinů", house_number="12")
    other = hf.flat(cp_a, housing_officer_a, street="Heřmanova", house_number="10")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Procedure = old.get_model("register", "Procedure")
    Provider = old.get_model("register", "Provider")
    Measure = old.get_model("register", "SupportMeasure")
    procedure = Procedure.objects.create(contact_point_id=cp_a.pk, client_id=client_a.pk,
                                         filed_on=date(2026, 7, 1), state="entered",
                                         prepared_by_id=housing_officer_a.pk)
    provider = Provider.objects.create(contact_point_id=cp_a.pk, name="Poskytovatel")

    def measure(**kw):
        return Measure.objects.create(contact_point_id=cp_a.pk, procedure_id=procedure.pk,
                                      kind="sublease", provider_id=provider.pk,
                                      starts_on=date(2026, 8, 1),
                                      created_by_id=housing_officer_a.pk, **kw).pk

    by_uuid = measure(flat_uuid=other.uuid)
    by_address = measure(flat_label="Dukelských  hrdinů 12, byt č. 3")
    unknown = measure(flat_label="Neznámá 1")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    found = SupportMeasure.objects.in_bulk([by_uuid, by_address, unknown])
    assert (found[by_uuid].flat_id, found[by_uuid].flat_label) == (other.pk, "")
    assert found[by_address].flat_id == flat.pk
    assert (found[unknown].flat_id, found[unknown].flat_display) == (None, "Neznámá 1")
