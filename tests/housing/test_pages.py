"""Staff pages, the owner's link and the owners' portal form, as users meet them."""

from __future__ import annotations

import io
import re
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from kmb.housing import services
from kmb.housing.models import Flat, FlatPhoto, FlatStatus, Landlord, Proposal, ProposalStatus
from tests.housing import factories as hf

pytestmark = pytest.mark.django_db


def _login(user) -> HttpClient:
    http = HttpClient()
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return http


@pytest.fixture
def web_officer(housing_officer_a):
    return _login(housing_officer_a)


def _flat_post(**extra) -> dict:
    data = {"municipality": "Praha", "street": "Dělnická", "house_number": "12",
            "flat_number": "3", "floor": "2", "lift": "on", "area_m2": "58", "layout": "2+1",
            "rent": "11400", "service_advances": "2500", "energy_estimate": "1500",
            "deposit": "22800", "available_from": "", "min_lease_months": "",
            "measure": "none", "description": ""}
    data.update(extra)
    return data


def _image(fmt: str = "PNG", size=(3000, 2000)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, "#336699")
    exif = Image.Exif()
    exif[0x010F] = "Secret camera maker"  # Make
    image.save(out, format=fmt, exif=exif)
    return out.getvalue()


# --- owners -----------------------------------------------------------------------------

def test_company_with_a_bad_ico_gets_a_field_message_in_czech(web_officer):
    response = web_officer.post(reverse("housing:owner_create"), {
        "kind": "company", "name": "Bytová s.r.o.", "ico": "12345678", "phone": "777123456"},
        HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400
    assert "IČO" in response.content.decode()
    assert not Landlord.objects.exists()
    response = web_officer.post(reverse("housing:owner_create"), {
        "kind": "svj", "name": "SVJ Dělnická 12", "ico": "25596641", "phone": "777123456"})
    assert response.status_code == 302
    assert Landlord.objects.get().ico == "25596641"


def test_owner_consultation_with_its_own_topics(web_officer, cp_a, housing_officer_a):
    owner = hf.landlord(cp_a, housing_officer_a)
    url = reverse("housing:owner_consultation_create", kwargs={"landlord_id": owner.uuid})
    page = web_officer.get(url).content.decode()
    assert "tenant_arrears" in page or "dluhu" in page or "arrears" in page
    from kmb.housing.models import OwnerTopic

    topic = OwnerTopic.objects.get(code="svj_governance")
    response = web_officer.post(url, {"occurred_at": timezone.localtime().strftime(
        "%Y-%m-%dT%H:%M"), "topics": [topic.pk], "notes": "Domovní řád"})
    assert response.status_code == 302
    detail = web_officer.get(reverse("housing:owner_detail", kwargs={"landlord_id": owner.uuid}))
    assert "Domovní řád" in detail.content.decode()


# --- flats: bad input -------------------------------------------------------------------

@pytest.mark.parametrize(("field", "value", "message"), [
    ("rent", "-500", "záporn"),
    ("layout", "9+9", "1+kk"),
    ("area_m2", "abc", ""),
])
def test_bad_flat_input_gets_field_messages_and_saves_nothing(web_officer, cp_a,
                                                             housing_officer_a, field, value,
                                                             message):
    owner = hf.landlord(cp_a, housing_officer_a)
    response = web_officer.post(reverse("housing:flat_create", kwargs={"landlord_id": owner.uuid}),
                                _flat_post(**{field: value}), HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'value="Dělnická"' in body  # the form keeps what was typed
    assert not Flat.objects.exists()


def test_flat_created_then_offered(web_officer, cp_a, housing_officer_a):
    owner = hf.landlord(cp_a, housing_officer_a)
    response = web_officer.post(reverse("housing:flat_create",
                                        kwargs={"landlord_id": owner.uuid}), _flat_post())
    assert response.status_code == 302
    flat = Flat.objects.get()
    assert flat.rooms == 2 and flat.status == FlatStatus.PREPARATION
    web_officer.post(reverse("housing:flat_status", kwargs={"flat_id": flat.uuid}),
                     {"status": "offered"})
    flat.refresh_from_db()
    assert flat.status == FlatStatus.OFFERED


def test_flat_above_the_maximum_rent_says_why_it_cannot_be_offered(web_officer, cp_a,
                                                                   housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a, offered=False, rent=40000, measure="guaranteed")
    page = web_officer.get(reverse("housing:flat_detail", kwargs={"flat_id": flat.uuid}))
    body = page.content.decode()
    assert "§ 9" in body
    web_officer.post(reverse("housing:flat_status", kwargs={"flat_id": flat.uuid}),
                     {"status": "offered"})
    flat.refresh_from_db()
    assert flat.status == FlatStatus.PREPARATION


# --- photos -----------------------------------------------------------------------------

def test_photo_is_checked_resized_stripped_and_served_only_to_allowed(
        web_officer, cp_a, housing_officer_a, web_adviser_b, anonymous,
        django_capture_on_commit_callbacks):
    flat = hf.flat(cp_a, housing_officer_a)
    url = reverse("housing:photo_upload", kwargs={"flat_id": flat.uuid})
    fake = SimpleUploadedFile("flat.jpg", b"<?php echo 'not an image'; ?>",
                              content_type="image/jpeg")
    response = web_officer.post(url, {"image": fake}, HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400 and not FlatPhoto.objects.exists()
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    response = web_officer.post(url, {"image": SimpleUploadedFile("a.gif", gif.getvalue())})
    assert response.status_code == 400 and not FlatPhoto.objects.exists()
    real = SimpleUploadedFile("IMG_0001.png", _image(), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = web_officer.post(url, {"image": real, "caption": "Kuchyně"})
    assert response.status_code == 302
    photo = FlatPhoto.objects.get()
    assert "IMG_0001" not in photo.image.name and photo.image.name.endswith(".jpg")
    served = web_officer.get(reverse("housing:photo_file", kwargs={"photo_id": photo.uuid}))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    data = b"".join(served.streaming_content)
    stored = Image.open(io.BytesIO(data))
    assert max(stored.size) == services.PHOTO_MAX_SIDE
    assert b"Secret camera maker" not in data and not stored.getexif()
    assert web_adviser_b.get(reverse("housing:photo_file",
                                     kwargs={"photo_id": photo.uuid})).status_code == 404
    assert anonymous.get(reverse("housing:photo_file",
                                 kwargs={"photo_id": photo.uuid})).status_code == 302


def _stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_photo_file_is_written_only_when_the_transaction_commits(
        settings, cp_a, housing_officer_a, django_capture_on_commit_callbacks):
    flat = hf.flat(cp_a, housing_officer_a)
    media = settings.MEDIA_ROOT
    upload = SimpleUploadedFile("a.png", _image(), content_type="image/png")
    # a transaction that rolls back after the photo was added: no row and no file
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            pytest.raises(RuntimeError), transaction.atomic():
        services.photo_add(flat=flat, actor=housing_officer_a, upload=upload)
        raise RuntimeError("later step failed")
    assert not callbacks and not FlatPhoto.objects.exists() and not _stored_files(media)
    # a save that fails inside the service (the audit write here): nothing either
    upload.seek(0)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, \
            mock.patch.object(services, "audit_record", side_effect=RuntimeError("db")), \
            pytest.raises(RuntimeError):
        services.photo_add(flat=flat, actor=housing_officer_a, upload=upload)
    assert not callbacks and not FlatPhoto.objects.exists() and not _stored_files(media)
    # committed: the file is there under the row's name
    upload.seek(0)
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.photo_add(flat=flat, actor=housing_officer_a, upload=upload)
    photo.refresh_from_db()
    assert [p.name for p in _stored_files(media)] == [photo.image.name.rsplit("/", 1)[1]]
    assert photo.image.storage.exists(photo.image.name)


def test_photo_over_ten_megabytes_is_refused(web_officer, cp_a, housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 10))
    response = web_officer.post(reverse("housing:photo_upload", kwargs={"flat_id": flat.uuid}),
                                {"image": big}, HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400 and "10 MB" in response.content.decode()


# --- matching, proposals, the owner's link, the lease --------------------------------------

def test_officer_matches_proposes_owner_accepts_by_link_lease_and_follow_ups(
        web_officer, cp_a, adviser_a, housing_officer_a, anonymous):
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    page = web_officer.get(reverse("housing:flat_match", kwargs={"flat_id": flat.uuid}))
    body = page.content.decode()
    assert "Hledající" in body and "3 persons in 2+1" in body.replace("osoby", "persons") or \
        "2+1" in body
    response = web_officer.post(reverse("housing:proposal_create", kwargs={
        "flat_id": flat.uuid, "client_id": client.uuid}))
    proposal = Proposal.objects.get()
    assert response.url == reverse("housing:proposal_detail",
                                   kwargs={"proposal_id": proposal.uuid})
    page = web_officer.post(reverse("housing:proposal_step", kwargs={
        "proposal_id": proposal.uuid, "step": "link"})).content.decode()
    link = re.search(r"/housing-link/[A-Za-z0-9_-]+/", page).group(0)
    owner_page = anonymous.get(link).content.decode()
    assert "Hledající" not in owner_page and "Petra" not in owner_page
    response = anonymous.post(link, {"answer": "accept", "version": proposal.version})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OWNER_ACCEPTED
    web_officer.post(reverse("housing:proposal_step", kwargs={
        "proposal_id": proposal.uuid, "step": "client"}),
        {"client-answer": "accept", "client-version": proposal.version})
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CLIENT_ACCEPTED
    today = timezone.localdate().isoformat()
    response = web_officer.post(reverse("housing:lease_create", kwargs={
        "proposal_id": proposal.uuid}), {"signed_on": today, "starts_on": today,
                                         "term_months": "12", "rent": "11400",
                                         "deposit": "22800"})
    assert response.status_code == 302
    flat.refresh_from_db()
    assert flat.status == FlatStatus.LET
    follow_ups = web_officer.get(reverse("housing:followup_list")).content.decode()
    assert "Hledající" in follow_ups


def test_lease_before_the_proposal_gets_a_field_message(web_officer, cp_a, adviser_a,
                                                        housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    proposal = services.proposal_create(flat=flat, client=client, actor=adviser_a)
    for status in (ProposalStatus.OWNER_ACCEPTED, ProposalStatus.CLIENT_ACCEPTED):
        services.proposal_advance(proposal=proposal, status=status, actor=adviser_a)
    response = web_officer.post(reverse("housing:lease_create", kwargs={
        "proposal_id": proposal.uuid}), {"signed_on": "2020-01-01", "starts_on": "2020-01-01",
                                         "rent": "11400", "deposit": "0"},
        HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400
    assert "před návrhem" in response.content.decode() or "before the proposal" in \
        response.content.decode()
    flat.refresh_from_db()
    assert flat.status == FlatStatus.RESERVED


def test_owner_link_tampered_or_expired_changes_nothing(anonymous, cp_a, adviser_a,
                                                        housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    proposal = services.proposal_create(flat=flat, client=client, actor=adviser_a)
    raw = services.proposal_link_issue(proposal=proposal, actor=adviser_a)
    assert anonymous.get(f"/housing-link/{raw[:-2]}xx/").status_code == 404
    Proposal.objects.filter(pk=proposal.pk).update(
        token_expires_at=timezone.now() - timezone.timedelta(minutes=1))
    assert anonymous.post(f"/housing-link/{raw}/", {"answer": "accept"}).status_code == 410
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_adviser_sees_proposals_for_own_clients_only(cp_a, adviser_a, housing_officer_a):
    from kmb.core.permissions import Role
    from tests import factories

    other = factories.staff("poradce.a2", Role.ADVISER, cp_a)
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    proposal = services.proposal_create(flat=flat, client=client, actor=housing_officer_a)
    url = reverse("housing:proposal_detail", kwargs={"proposal_id": proposal.uuid})
    assert _login(adviser_a).get(url).status_code == 200
    assert _login(other).get(url).status_code == 404
    assert "Hledající" not in _login(other).get(reverse("housing:proposal_list")).content.decode()


def test_rules_page_shows_the_version_and_the_explanations(web_adviser_a):
    body = web_adviser_a.get(reverse("housing:rules")).content.decode()
    assert "max_own_share_of_income" in body and "valid_from" in body


# --- exports, list pages -------------------------------------------------------------------

def test_export_of_the_offices_flats(web_officer, cp_a, cp_b, housing_officer_a):
    from kmb.core.permissions import Role
    from tests import factories

    hf.flat(cp_a, housing_officer_a, street="Ulice A")
    officer_b = factories.staff("bytovy.b", Role.HOUSING_OFFICER, cp_b)
    hf.flat(cp_b, officer_b, street="Ulice B")
    response = web_officer.get(reverse("housing:flat_export", kwargs={"fmt": "csv"}))
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff") and "Ulice A" in text and "Ulice B" not in text
    response = web_officer.get(reverse("housing:flat_export", kwargs={"fmt": "xlsx"}))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert any("Ulice A" in str(c.value) for row in sheet.iter_rows() for c in row)


@pytest.mark.parametrize("name", ["housing:flat_list", "housing:owner_list",
                                  "housing:proposal_list", "housing:followup_list"])
def test_list_pages_make_a_fixed_number_of_queries(web_officer, cp_a, adviser_a,
                                                   housing_officer_a, name):
    def make(n):
        for _i in range(n):
            flat = hf.flat(cp_a, housing_officer_a)
            client = hf.household_client(cp_a, adviser_a) if name != "housing:flat_list" \
                and name != "housing:owner_list" else None
            if client:
                proposal = services.proposal_create(flat=flat, client=client,
                                                    actor=housing_officer_a)
                if name == "housing:followup_list":
                    for status in (ProposalStatus.OWNER_ACCEPTED,
                                   ProposalStatus.CLIENT_ACCEPTED):
                        services.proposal_advance(proposal=proposal, status=status,
                                                  actor=adviser_a)
                    today = timezone.localdate()
                    services.lease_sign(proposal=proposal, actor=housing_officer_a,
                                        signed_on=today, starts_on=today, term_months=None,
                                        rent=1, deposit=0)

    make(1)
    web_officer.get(reverse(name))
    with CaptureQueriesContext(connection) as one:
        web_officer.get(reverse(name))
    make(2)
    with CaptureQueriesContext(connection) as three:
        web_officer.get(reverse(name))
    assert len(three) == len(one)


# --- the owners' form on the portal ---------------------------------------------------------

def _offer(**extra) -> dict:
    data = {"kind": "person", "name": "Jana Majitelová", "phone": "777 123 456",
            "municipality": "Praha", "street": "Dělnická", "house_number": "12",
            "layout": "2+kk", "area_m2": "48", "rent": "12000", "consent": "on",
            "website": ""}
    data.update(extra)
    return data


def test_owner_offers_a_flat_on_the_portal(anonymous, cp_a):
    from kmb.accounts.models import ServiceArea
    from tests import factories

    ServiceArea.objects.get_or_create(contact_point=cp_a,
                                      municipality=factories.municipality("554782"))
    response = anonymous.post(reverse("housing:offer_flat"), _offer(rent="-1"),
                              HTTP_ACCEPT_LANGUAGE="cs")
    assert response.status_code == 400 and not Landlord.objects.exists()
    response = anonymous.post(reverse("housing:offer_flat"), _offer())
    assert response.status_code == 302
    owner = Landlord.objects.get()
    assert owner.contact_point == cp_a and not owner.reviewed and owner.source == "portal"
    assert owner.flats.get().status == FlatStatus.PREPARATION


def test_portal_offer_honeypot_and_rate_limit(anonymous, cp_a, settings):
    settings.KMB_PORTAL_REQUESTS_PER_HOUR = 2
    from django.core.cache import cache

    cache.clear()
    response = anonymous.post(reverse("housing:offer_flat"), _offer(website="http://spam"))
    assert response.status_code == 302 and not Landlord.objects.exists()
    anonymous.post(reverse("housing:offer_flat"), _offer(website="x"))
    response = anonymous.post(reverse("housing:offer_flat"), _offer())
    assert response.status_code == 429 and not Landlord.objects.exists()
    cache.clear()


def test_matching_pages_make_a_fixed_number_of_queries(web_officer, cp_a, adviser_a,
                                                       housing_officer_a):
    flat = hf.flat(cp_a, housing_officer_a)
    client = hf.household_client(cp_a, adviser_a)
    urls = [reverse("housing:flat_match", kwargs={"flat_id": flat.uuid}),
            reverse("housing:client_match", kwargs={"client_id": client.uuid})]
    for url in urls:
        web_officer.get(url)
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as before:
            web_officer.get(url)
        counts.append(len(before))
    for _i in range(2):
        hf.flat(cp_a, housing_officer_a)
        hf.household_client(cp_a, adviser_a)
    for url, count in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as after:
            body = web_officer.get(url).content.decode()
        assert body.count("Navrhnout byt") >= 3
        assert len(after) == count, url


def test_owner_with_an_account_answers_proposals_for_own_flats_only(cp_a, adviser_a,
                                                                   housing_officer_a):
    from kmb.housing.models import OwnerAccount
    from tests import factories

    flat = hf.flat(cp_a, housing_officer_a)
    other_flat = hf.flat(cp_a, housing_officer_a, owner=hf.landlord(
        cp_a, housing_officer_a, name="Jiný vlastník"))
    client = hf.household_client(cp_a, adviser_a)
    mine = services.proposal_create(flat=flat, client=client, actor=adviser_a)
    theirs = services.proposal_create(flat=other_flat, client=hf.household_client(
        cp_a, adviser_a), actor=adviser_a)
    user = factories.UserFactory(username="vlastnik.a")
    OwnerAccount.objects.create(user=user, landlord=flat.landlord)
    owner = _login(user)
    listing = owner.get(reverse("housing:owner_proposals")).content.decode()
    assert flat.street in listing and str(theirs.uuid) not in listing
    assert "Hledající" not in listing
    assert owner.get(reverse("housing:owner_proposal",
                             kwargs={"proposal_id": theirs.uuid})).status_code == 404
    url = reverse("housing:owner_proposal", kwargs={"proposal_id": mine.uuid})
    page = owner.get(url).content.decode()
    assert "Hledající" not in page and "Petra" not in page
    response = owner.post(url, {"answer": "decline", "reason": "Prodávám byt",
                                "version": mine.version})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == ProposalStatus.OWNER_DECLINED and mine.owner_reason == "Prodávám byt"
    # staff pages stay closed to an owner
    assert owner.get(reverse("housing:flat_list")).status_code == 404
    from kmb.accounts.views import home_url_for

    assert home_url_for(user) == reverse("housing:owner_proposals")
