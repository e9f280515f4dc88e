"""Input that no database can store is refused at the door, with the field it came in.

NUL characters (PostgreSQL text cannot hold them) and lone surrogates (they cannot be
encoded as UTF-8) arrive only from scripts and broken files, never from typing. Refusing
them here, for every form, query string, JSON body and path, means no view can half-save
or fail on them: the API answers 422 with the field, pages answer 400 naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import suppress

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from kmb.core.errors import bad_input
from kmb.core.text import is_storable, unstorable_paths


def _query_fields(data) -> list[str]:
    return [key if is_storable(key) else "?" for key, values in data.lists()
            if not is_storable(key) or not all(is_storable(v) for v in values)]


def _json_fields(request: HttpRequest) -> list[str]:
    try:
        document = json.loads(request.body)
    except (ValueError, RequestDataTooBig):
        return []  # not JSON (or too large): the view answers as it always does
    return [".".join(path) or "__all__" for path in unstorable_paths(document)]


def _bad_fields(request: HttpRequest) -> list[str]:
    if not is_storable(request.path):
        return ["path"]
    fields = _query_fields(request.GET)
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if (request.content_type or "").endswith("json"):
            fields += _json_fields(request)
        elif request.content_type in ("application/x-www-form-urlencoded",
                                      "multipart/form-data") \
                and not request.path.startswith("/api/"):
            # (the API reads JSON from the raw body, which parsing a form here would consume)
            # a malformed or oversized form is answered by Django when the view reads it
            with suppress(MultiPartParserError, RequestDataTooBig, TooManyFieldsSent):
                fields += _query_fields(request.POST)
    return fields


class UnstorableInputMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = _bad_fields(request)
        if fields:
            return bad_input(request, fields)
        return self.get_response(request)
