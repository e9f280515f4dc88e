from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from kmb.core.replica import replica_reads
from kmb.stats import opendata
from kmb.stats.csvfile import csv_response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    latest = []
    for dataset in opendata.public_datasets():
        with replica_reads():
            month, rows = opendata.latest(dataset)
        latest.append((dataset, rows, f"{month:%Y-%m}" if month and rows else None))
    return render(request, "stats/opendata.html", {"datasets": latest})


def _dataset(uuid) -> opendata.Dataset:
    dataset = opendata.dataset_for(uuid)
    if dataset is None:
        raise Http404
    return dataset


@require_GET
def dataset_csv(request: HttpRequest, dataset_id) -> StreamingHttpResponse:
    dataset = _dataset(dataset_id)
    # a machine-readable file has one language whatever the visitor reads: Czech; the
    # rows (36 months of a few figures) are read here, not while the response streams, so
    # that the reads stay inside the replica block
    with translation.override("cs"), replica_reads():
        found = list(opendata.rows(dataset))

    return csv_response([opendata.HEADER, *found], f"kmb-{dataset.scope.uuid}.csv")


@require_GET
def dataset_metadata(request: HttpRequest, dataset_id) -> HttpResponse:
    dataset = _dataset(dataset_id)
    return HttpResponse(json.dumps(opendata.metadata(dataset, request), ensure_ascii=False,
                                   indent=2), content_type="application/ld+json; charset=utf-8")
