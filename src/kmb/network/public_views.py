"""The public directory of partner services in the portal: no account, no JavaScript
needed, in Czech, English and Ukrainian. It shows what HSDS publishes (addresses, hours,
phones, languages, costs, how to get there) and never the staff-only contact persons."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kmb.network import forms, selectors

PAGE_SIZE = 20


def public_directory(request: HttpRequest) -> HttpResponse:
    form = forms.DirectorySearchForm(request.GET or None, public=True)
    args = form.search_args()
    args.pop("capacity", None)
    qs = selectors.directory_search(**args, public=True)
    page_obj = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = selectors.annotate_services(list(page_obj.object_list))
    params = {k: v for k, v in request.GET.items() if k != "page"}
    return render(request, "network/public/directory.html", {
        "form": form, "page_obj": page_obj,
        "querystring": urlencode(params) + "&" if params else "",
        "searched": bool(params)})


def public_service(request: HttpRequest, service_id) -> HttpResponse:
    service = selectors.service_get(service_id=service_id, public=True)
    context = selectors.service_detail(service=service)
    return render(request, "network/public/service.html", context)
