from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from kmb.core.replica import replica_reads
from kmb.stats import opendata


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

    def lines():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in [opendata.HEADER, *found]:
            writer.writerow(row)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kmb-{dataset.scope.uuid}.csv"'
    return response


@require_GET
def dataset_metadata(request: HttpRequest, dataset_id) -> HttpResponse:
    dataset = _dataset(dataset_id)
    return HttpResponse(json.dumps(opendata.metadata(dataset, request), ensure_ascii=False,
                                   indent=2), content_type="application/ld+json; charset=utf-8")
