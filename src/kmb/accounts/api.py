"""API authentication: bearer tokens issued for a user's membership."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import HttpBearer

from kmb.accounts import services


class BearerAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        api_token = services.api_token_authenticate(token)
        if api_token is None:
            return None
        request.user = api_token.user
        request.membership = api_token.membership
        return api_token


class TokenIn(Schema):
    username: str
    password: str
    otp_code: str = ""
    contact_point: str | None = None


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"
    expires_at: datetime
    contact_point: str
    contact_point_name: str
    role: str


class ErrorOut(Schema):
    detail: str
    code: str = ""


router = Router(tags=["auth"])


@router.post("/token", response={200: TokenOut, 401: ErrorOut, 429: ErrorOut}, auth=None,
             summary="Get a bearer token")
def token(request: HttpRequest, payload: TokenIn):
    """Exchange a user name, password (and the TOTP code where two-factor login is on)
    for a bearer token bound to one of the user's contact points."""
    try:
        raw, api_token = services.api_token_issue(
            request=request, username=payload.username, password=payload.password,
            otp_code=payload.otp_code, contact_point_uuid=payload.contact_point)
    except services.AuthError as exc:
        status = 429 if exc.code == "locked_out" else 401
        return status, {"detail": str(exc.message), "code": exc.code}
    cp = api_token.membership.contact_point
    return 200, {"token": raw, "expires_at": api_token.expires_at, "contact_point": str(cp.uuid),
                 "contact_point_name": cp.name, "role": api_token.membership.role}


@router.delete("/token", response={204: None}, summary="Revoke the token in use")
def token_revoke(request: HttpRequest):
    """Sign out of the API: the bearer token sent with this request stops working."""
    services.api_token_revoke(token=request.auth, ip_address=request.META.get("REMOTE_ADDR"))
    return 204, None
