"""The client search reads the office's search tokens; every write of a client keeps them."""

from __future__ import annotations

import pytest

from kmb.cases import services
from kmb.cases.models import Client, ClientSearchToken
from kmb.cases.privacy import client_erase_personal_data
from kmb.cases.selectors import client_search
from kmb.core.models import Municipality
from kmb.core.text import search_tokens, search_words
from tests import factories

pytestmark = pytest.mark.django_db


def _tokens(client: Client) -> list[tuple[int, str]]:
    return sorted(ClientSearchToken.objects.filter(client=client)
                  .values_list("contact_point_id", "token"))


def _found(cp, q: str) -> set[int]:
    return set(client_search(contact_point=cp, q=q).values_list("pk", flat=True))


def test_tokens_are_the_words_of_the_folded_keys():
    assert search_tokens("jirina novakova", "na zlate 12/3 110 00 praha") == [
        "00", "110", "12", "3", "jirina", "na", "novakova", "praha", "zlate"]
    assert search_tokens("", "") == []
    assert search_words("Nováková, Praha-Žižkov") == ["novakova", "praha", "zizkov"]


def test_services_keep_the_tokens(cp_a, adviser_a):
    praha = Municipality.objects.filter(name="Praha").first()
    client = services.client_create(contact_point=cp_a, actor=adviser_a, data={
        "first_name": "Jiřina", "last_name": "Nováková", "street": "Na Zlaté 12",
        "municipality": praha})
    expected = {"jirina", "novakova", "na", "zlate", "12"} | ({"praha"} if praha else set())
    assert {t for _cp, t in _tokens(client)} == expected
    assert {cp for cp, _t in _tokens(client)} == {cp_a.pk}
    assert _found(cp_a, "Novakova") == _found(cp_a, "NOVÁKOVÁ jiř") == {client.pk}
    assert _found(cp_a, "novak zlate 12") == {client.pk}
    assert _found(cp_a, "novakova svoboda") == set()

    client = services.client_update(client=Client.objects.get(pk=client.pk), actor=adviser_a,
                                    data={"last_name": "Svobodová"},
                                    expected_version=client.version)
    assert "novakova" not in {t for _cp, t in _tokens(client)}
    assert _found(cp_a, "novakova") == set()
    assert _found(cp_a, "svobodova jirina") == {client.pk}


def test_merge_fills_the_target_and_the_source_drops_out(cp_a, adviser_a):
    target = services.client_create(contact_point=cp_a, actor=adviser_a,
                                    data={"first_name": "Petr", "last_name": "Dvořák"})
    source = services.client_create(contact_point=cp_a, actor=adviser_a,
                                    data={"first_name": "Petr", "last_name": "Dvořák",
                                          "street": "Dlouhá 5"})
    services.client_merge(source=source, target=target, actor=adviser_a)
    assert "dlouha" in {t for _cp, t in _tokens(target)}
    assert _tokens(source) == []
    assert _found(cp_a, "dvorak dlouha") == {target.pk}


def test_erasing_personal_data_removes_the_tokens(cp_a, client_a):
    assert _tokens(client_a)
    client_erase_personal_data(client=Client.objects.get(pk=client_a.pk))
    assert _tokens(client_a) == []
    assert _found(cp_a, "novakova") == set()


def test_deleting_a_client_deletes_its_tokens(client_a):
    client_a.delete()
    assert not ClientSearchToken.objects.exists()


def test_tokens_stay_in_their_office(cp_a, cp_b, client_a):
    other = factories.ClientFactory(contact_point=cp_b, first_name="Jiřina",
                                    last_name="Nováková")
    assert _found(cp_b, "novakova") == {other.pk}
    assert _found(cp_a, "novakova") == {client_a.pk}
