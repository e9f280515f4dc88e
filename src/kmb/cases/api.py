"""Clients and consultations over the API, scoped exactly like the pages.

Input is validated by the same Django forms as the pages, so the messages are the same
and in the language of the Accept-Language header.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from kmb.accounts.tenancy import membership_has
from kmb.audit.models import AuditAction
from kmb.audit.services import audit_record, search_record
from kmb.cases import selectors, services
from kmb.cases.forms import ClientForm, ConsultationForm, MaterialAidFormSet
from kmb.cases.models import Client, Consultation
from kmb.core.permissions import Perm
from kmb.network import selectors as network_selectors

router = Router(tags=["cases"])


class FieldErrorsOut(Schema):
    detail: str
    errors: dict[str, list[str]]


class DuplicateOut(Schema):
    detail: str
    duplicates: list[dict]


class ClientOut(Schema):
    id: UUID
    display_name: str
    anonymous: bool
    nickname: str
    first_name: str
    last_name: str
    birth_date: date | None
    phone: str
    email: str
    street: str
    municipality: str | None
    municipality_code: str | None
    postal_code: str
    preferred_language: str
    housing_situation: str | None
    housing_at_risk: bool
    housing_loss_date: date | None
    version: int


class ClientPage(Schema):
    #: Counted up to ten pages past the requested one (two for a search); ``more`` says
    #: the list goes on.
    count: int
    page: int
    pages: int
    more: bool = False
    results: list[ClientOut]


class ClientIn(Schema):
    nickname: str = ""
    first_name: str = ""
    last_name: str = ""
    name_quality: str = "known"
    birth_date: str = Field("", description="YYYY-MM-DD or D. M. YYYY")
    birth_date_quality: str = "not_asked"
    birth_number: str = ""
    birth_number_quality: str = "not_asked"
    phone: str = ""
    phone_quality: str = "not_asked"
    email: str = ""
    street: str = ""
    municipality: str = Field("", description="Name, or 'Name (District)' when ambiguous")
    postal_code: str = ""
    address_quality: str = "not_asked"
    preferred_language: str = "cs"
    confirm_new: bool = Field(False, description="Create even if similar clients exist")


class MaterialAidOut(Schema):
    kind: str
    mode: str
    organization: UUID | None
    quantity: int | None
    value_czk: int | None
    description: str


class MaterialAidIn(Schema):
    kind: str = Field(..., description="Code of the kind of aid (food, furniture, clothing, "
                                       "hygiene, vouchers, other)")
    mode: str = Field("handed_out", description="handed_out or arranged")
    organization: str = Field("", description="Id of a directory organisation the contact "
                                              "point works with, if the aid came through it")
    quantity: int | str | None = None
    value_czk: int | str | None = Field(None, description="Value in Kč")
    description: str = ""


class ConsultationOut(Schema):
    id: UUID
    client: UUID | None
    occurred_at: datetime
    channel: str
    duration_minutes: int
    adviser: str
    topics: list[str]
    housing_situation: str | None
    housing_at_risk: bool
    loss_date: date | None
    advice: str
    notes: str
    material_aid: list[MaterialAidOut]


class ConsultationIn(Schema):
    client: UUID | None = Field(None, description="Omit for an anonymous consultation")
    occurred_at: str = Field(..., description="ISO 8601, e.g. 2026-11-27T10:30")
    channel: str = "in_person"
    duration_minutes: int | str = 30
    topics: list[str] = Field(..., description="Topic codes")
    housing_situation: str = Field(
        "", description="Housing situation code; omit to keep the client's current one "
                        "(\"unknown\" when there is none)")
    housing_at_risk: bool | None = Field(
        None, description="Omit to keep the client's current state")
    loss_date: str | None = Field(None, description="Omit to keep the client's current date")
    advice: str = ""
    notes: str = ""
    material_aid: list[MaterialAidIn] = Field(
        [], description="Material aid handed out or arranged at the consultation")


def _require(request: HttpRequest, perm: str) -> None:
    if not membership_has(request.membership, perm):
        raise PermissionDenied


def _errors(form, aid=None) -> dict:
    errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
    if aid is not None:
        if aid.non_form_errors():
            errors["material_aid"] = [str(m) for m in aid.non_form_errors()]
        for i, row in enumerate(aid.forms):
            for k, v in row.errors.items():
                errors[f"material_aid.{i}.{k}"] = [str(m) for m in v]
    return {"detail": "invalid", "errors": errors}


def _aid_formset_data(rows: list[dict]) -> dict:
    """The API's list of aid rows as the form set of the page reads them."""
    data = {"aid-TOTAL_FORMS": str(len(rows)), "aid-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"aid-{i}-{key}"] = "" if value is None else str(value)
    return data


def _client_out(client: Client) -> dict:
    return {
        "id": client.uuid, "display_name": client.display_name,
        "anonymous": client.is_anonymous, "nickname": client.nickname,
        "first_name": client.first_name, "last_name": client.last_name,
        "birth_date": client.birth_date, "phone": client.phone, "email": client.email,
        "street": client.street,
        "municipality": client.municipality.name if client.municipality_id else None,
        "municipality_code": client.municipality.code if client.municipality_id else None,
        "postal_code": client.postal_code, "preferred_language": client.preferred_language,
        "housing_situation": client.housing_situation.code if client.housing_situation_id
        else None,
        "housing_at_risk": client.housing_at_risk, "housing_loss_date": client.housing_loss_date,
        "version": client.version,
    }


def _consultation_out(c: Consultation) -> dict:
    return {
        "id": c.uuid, "client": c.client.uuid if c.client_id else None,
        "occurred_at": c.occurred_at, "channel": c.channel,
        "duration_minutes": c.duration_minutes, "adviser": c.adviser.username,
        "topics": sorted(t.code for t in c.topics.all()),
        "housing_situation": c.housing_situation.code if c.housing_situation_id else None,
        "housing_at_risk": c.housing_at_risk, "loss_date": c.loss_date, "advice": c.advice,
        "notes": c.notes,
        "material_aid": [{"kind": a.kind.code, "mode": a.mode,
                          "organization": a.organization_id, "quantity": a.quantity,
                          "value_czk": a.value_czk, "description": a.description}
                         for a in c.material_aid.all()],
    }


@router.get("/clients", response=ClientPage, summary="Search clients")
def clients_search(request: HttpRequest, q: str = "", page: int = 1):
    _require(request, Perm.CLIENT_VIEW)
    page_obj = selectors.client_search_page(contact_point=request.membership.contact_point,
                                            q=q[:200], page=page,
                                            membership=request.membership)
    if q.strip():
        search_record(actor=request.user, contact_point=request.membership.contact_point,
                      object_type="cases.client", results=page_obj.paginator.count,
                      channel="api")
    return {"count": page_obj.paginator.count, "page": page_obj.number,
            "pages": page_obj.paginator.num_pages, "more": page_obj.paginator.more,
            "results": [_client_out(c) for c in page_obj.object_list]}


@router.get("/clients/{client_id}", response=ClientOut, summary="A client")
def client_detail(request: HttpRequest, client_id: str):
    _require(request, Perm.CLIENT_VIEW)
    client = selectors.client_get_for_user(membership=request.membership, client_id=client_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=client,
                 contact_point=client.contact_point, client_id=client.uuid, channel="api")
    return _client_out(client)


@router.post("/clients", response={201: ClientOut, 409: DuplicateOut, 422: FieldErrorsOut},
             summary="Create a client")
def client_create(request: HttpRequest, payload: ClientIn):
    _require(request, Perm.CLIENT_CREATE)
    data = payload.dict()
    confirm = data.pop("confirm_new")
    form = ClientForm(data)
    if not form.is_valid():
        return 422, _errors(form)
    clean = form.service_data()
    duplicates = selectors.client_duplicates(
        contact_point=request.membership.contact_point, first_name=clean.get("first_name", ""),
        last_name=clean.get("last_name", ""), birth_date=clean.get("birth_date"))
    if duplicates and not confirm:
        return 409, {"detail": _("Similar clients exist. Send confirm_new=true to create "
                                 "the client anyway."),
                     "duplicates": [{"id": str(c.uuid), "display_name": c.display_name,
                                     "birth_date": c.birth_date} for c in duplicates]}
    client = services.client_create(contact_point=request.membership.contact_point,
                                    actor=request.user, data=clean, channel="api")
    return 201, _client_out(client)


@router.get("/clients/{client_id}/consultations", response=list[ConsultationOut],
            summary="Consultations of a client")
def client_consultations(request: HttpRequest, client_id: str):
    _require(request, Perm.CONSULTATION_RECORD)
    client = selectors.client_get_for_user(membership=request.membership, client_id=client_id)
    audit_record(actor=request.user, action=AuditAction.VIEW, obj=client,
                 contact_point=client.contact_point, client_id=client.uuid, channel="api")
    qs = selectors.consultations_of_client(client=client, membership=request.membership)[:500]
    return [_consultation_out(c) for c in qs]


@router.post("/consultations", response={201: ConsultationOut, 422: FieldErrorsOut},
             summary="Record a consultation (with or without a client)")
def consultation_create(request: HttpRequest, payload: ConsultationIn):
    _require(request, Perm.CONSULTATION_RECORD)
    data = payload.dict()
    client_id = data.pop("client")
    client = None
    if client_id:
        client = selectors.client_get_for_user(membership=request.membership,
                                               client_id=client_id)
    # A follow-up that says nothing about the risk keeps the client's clock running.
    if data["housing_at_risk"] is None:
        data["housing_at_risk"] = bool(client and client.housing_at_risk)
    if data["loss_date"] is None:
        data["loss_date"] = client.housing_loss_date.isoformat() \
            if client and client.housing_loss_date else ""
    if not data["housing_situation"] and client and client.housing_situation_id:
        data["housing_situation"] = client.housing_situation.code
    aid_rows = data.pop("material_aid")
    form = ConsultationForm(data,
                            recorded_loss_date=client.housing_loss_date if client else None)
    aid = MaterialAidFormSet(_aid_formset_data(aid_rows), prefix="aid", form_kwargs={
        "every_row_counts": True,
        "organizations": network_selectors.organizations_working_with(
            contact_point=request.membership.contact_point)})
    if not form.is_valid() & aid.is_valid():
        return 422, _errors(form, aid)
    consultation = services.consultation_record(
        contact_point=request.membership.contact_point, actor=request.user, client=client,
        source="api", material_aid=aid.aid_rows(), **form.cleaned_data)
    consultation = selectors.consultation_get_for_user(membership=request.membership,
                                                       consultation_id=consultation.uuid)
    return 201, _consultation_out(consultation)
