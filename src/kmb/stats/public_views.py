from __future__ import annotations

import csv
import io
import json

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from kmb.stats import opendata


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    datasets = opendata.public_datasets()
    latest = []
    for dataset in datasets:
        rows = list(opendata.rows(dataset))
        months = sorted({r[0] for r in rows})
        latest.append((dataset, [r for r in rows if months and r[0] == months[-1]],
                       months[-1] if months else None))
    return render(request, "stats/opendata.html", {"datasets": latest})


def _dataset(uuid) -> opendata.Dataset:
    dataset = opendata.dataset_for(uuid)
    if dataset is None:
        raise Http404
    return dataset


@require_GET
def dataset_csv(request: HttpRequest, dataset_id) -> StreamingHttpResponse:
    dataset = _dataset(dataset_id)

    def lines():
        # a machine-readable file has one language whatever the visitor reads: Czech
        with translation.override("cs"):
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(opendata.HEADER)
            yield buffer.getvalue()
            for row in opendata.rows(dataset):
                buffer.seek(0)
                buffer.truncate()
                writer.writerow(row)
                yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kmb-{dataset.scope.uuid}.csv"'
    return response


@require_GET
def dataset_metadata(request: HttpRequest, dataset_id) -> HttpResponse:
    dataset = _dataset(dataset_id)
    return HttpResponse(json.dumps(opendata.metadata(dataset, request), ensure_ascii=False,
                                   indent=2), content_type="application/ld+json; charset=utf-8")
