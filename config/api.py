"""The API under /api/v1/ with its OpenAPI document at /api/v1/openapi.json."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from kmb.accounts.api import BearerAuth
from kmb.accounts.api import router as auth_router
from kmb.cases.api import router as cases_router
from kmb.network.api import router as hsds_router

api = NinjaAPI(
    title="KMB API",
    version="1",
    description="Clients and consultations of a housing contact point. Get a token from "
    "POST /api/v1/auth/token and send it as `Authorization: Bearer <token>`.",
    auth=BearerAuth(),
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        errors.setdefault(".".join(loc) or "__all__", []).append(
            _("This value is missing or has the wrong type."))
    return api.create_response(request, {"detail": "invalid", "errors": errors}, status=422)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return api.create_response(request, {"detail": _("A valid bearer token is required.")},
                               status=401)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": _("Your role does not allow this.")},
                               status=403)


api.add_router("/auth", auth_router)
api.add_router("/", cases_router)
api.add_router("/benefits", "kmb.benefits.api.router")
api.add_router("/hsds", hsds_router)
api.add_router("/", "kmb.housing.api.router")
api.add_router("/register", "kmb.register.api.router")
api.add_router("/", "kmb.lettings.api.router")
