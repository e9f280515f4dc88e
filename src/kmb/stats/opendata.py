"""Open data: the monthly figures of the public scopes, small cells hidden.

Each published group is one total for one month and the cells that add up to it; no
figure is published twice (per office, per quarter or per year), so the only sums a
reader can use are those within a group, which the suppression protects. The outcomes of
the people at risk of losing housing are published only for months whose 3-month
follow-up is over, so a published cell does not change as later consultations come in
(two versions of a file cannot be compared to find a small change).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kmb.accounts.models import ContactPoint
from kmb.cases.models import Channel, EthosCategory
from kmb.stats import selectors
from kmb.stats.models import Period, ScopeKind, StatsScope
from kmb.stats.rollup import LOSS_OUTCOMES, RISK_MONTHS, add_months
from kmb.stats.suppression import suppress_group


def _outcome_labels() -> dict[str, str]:
    return {"losses_prevented": _("loss of housing prevented"),
            "losses_happened": _("housing lost"),
            "losses_unknown": _("outcome not known")}


# (total figure, breakdown figure or the figures that add up to the total, labels)
GROUPS = (
    ("persons", "persons_by_ethos", lambda: dict(EthosCategory.choices)),
    ("consultations", "consultations_by_channel", lambda: dict(Channel.choices)),
    ("consultations_anonymous", None, dict),
    ("persons_at_risk", LOSS_OUTCOMES, _outcome_labels),
)


def outcomes_final(month: date, today: date | None = None) -> bool:
    """True once every person at risk in ``month`` is past their 3-month follow-up."""
    today = today or timezone.localdate()
    return add_months(month, RISK_MONTHS + 1) <= today
HEADER = ("mesic", "ukazatel", "kategorie", "hodnota")


@dataclass
class Dataset:
    scope: StatsScope
    contact_points: list[ContactPoint]


def _datasets(scopes) -> list[Dataset]:
    """Datasets of the public scopes; the active contact points (for the scopes of all)
    are read once, however many such scopes there are."""
    scopes = list(scopes.filter(public=True).prefetch_related("contact_points"))
    active = (list(ContactPoint.objects.filter(active=True))
              if any(s.kind == ScopeKind.ALL for s in scopes) else [])
    return [Dataset(s, active if s.kind == ScopeKind.ALL else list(s.contact_points.all()))
            for s in scopes]


def public_datasets() -> list[Dataset]:
    return _datasets(StatsScope.objects.all())


def dataset_for(uuid) -> Dataset | None:
    found = _datasets(StatsScope.objects.filter(uuid=uuid))
    return found[0] if found else None


def latest(dataset: Dataset, today: date | None = None) -> tuple[date | None, list[tuple]]:
    """The last published month and its rows (only that month is summed)."""
    months = published_months(today)
    if not months:
        return None, []
    return months[-1], list(rows(dataset, months=months[-1:]))


def published_months(today: date | None = None) -> list[date]:
    """The last 36 full months (the current month is still being recorded)."""
    months = selectors.periods(Period.MONTH, today)
    return months[:-1]


def rows(dataset: Dataset, today: date | None = None,
         months: list[date] | None = None) -> Iterator[tuple]:
    """(month, figure label, category label, published value) with the month total as
    the category "celkem"; values are numbers, "<5" or "x". All published months, or
    the given ones."""
    from kmb.stats.figures import BREAKDOWN_BY_CODE, FIGURE_BY_CODE

    months = published_months(today) if months is None else months
    data = selectors.load(dataset.contact_points, Period.MONTH, months)
    for month in months:
        for total_code, breakdown, labels in GROUPS:
            total = data.get(total_code, start=month)
            name = str(FIGURE_BY_CODE[total_code].label)
            if isinstance(breakdown, tuple) and not outcomes_final(month, today):
                breakdown = None  # not final yet: the total only
            if breakdown is None:
                _cells, shown = suppress_group([], total)
                yield (f"{month:%Y-%m}", name, _("total"), shown)
                continue
            names = {k: str(v) for k, v in labels().items()}
            if isinstance(breakdown, tuple):  # figures that add up to the total
                codes = list(breakdown)
                cells = [data.get(code, start=month) for code in codes]
                group = str(_("People at risk of losing housing by outcome 3 months later"))
            else:
                codes = sorted(set(names) | set(data.categories(breakdown)))
                cells = [data.get(breakdown, c, month) for c in codes]
                group = str(BREAKDOWN_BY_CODE[breakdown].label)
            if sum(cells) != total:  # categories not recorded make up the difference
                codes.append("")
                cells.append(total - sum(cells))
            published, shown = suppress_group(cells, total)
            yield (f"{month:%Y-%m}", name, _("total"), shown)
            for code, value in zip(codes, published, strict=True):
                yield (f"{month:%Y-%m}", group, names.get(code) or _("not recorded"), value)


def metadata(dataset: Dataset, request) -> dict:
    """DCAT-AP-CZ metadata of the dataset (the national open-data catalogue's form)."""
    base = request.build_absolute_uri("/").rstrip("/")
    iri = base + reverse("opendata:metadata", args=[dataset.scope.uuid])
    csv_url = base + reverse("opendata:csv", args=[dataset.scope.uuid])
    page = base + reverse("opendata:index")
    months = published_months()
    last_day = timezone.localdate().replace(day=1) - timezone.timedelta(days=1)
    publisher = getattr(settings, "KMB_OPEN_DATA_PUBLISHER", "") or page
    return {
        "@context": "https://ofn.gov.cz/rozhraní-katalogů-otevřených-dat/2021-01-11/"
                    "kontexty/rozhraní-katalogů-otevřených-dat.jsonld",
        "iri": iri,
        "typ": "Datová sada",
        "název": {"cs": f"Bytová nouze – měsíční statistika: {dataset.scope.name}",
                  "en": f"Housing need – monthly statistics: {dataset.scope.name}"},
        "popis": {"cs": "Počty lidí, kterým kontaktní místa pro bydlení poradila, podle "
                        "kategorie ETHOS Light, konzultace podle způsobu, anonymní "
                        "konzultace a lidé v ohrožení ztráty bydlení (u měsíců, od jejichž "
                        "konce uplynuly 3 měsíce, i podle toho, zda se ztrátu bydlení "
                        "podařilo odvrátit, zda k ní došlo, nebo zda to není známo), po "
                        "měsících. Buňky s hodnotou 1–4 jsou skryty jako „<5“, další "
                        "buňky jako „x“, aby skryté hodnoty nešlo dopočítat.",
                  "en": "People advised by the housing contact points by ETHOS Light "
                        "category, consultations by channel, anonymous consultations and "
                        "people at risk of losing housing (for months ended at least 3 "
                        "months ago also by whether the loss was prevented, happened or is "
                        "not known), per month. Cells of 1–4 are shown as \"<5\", further "
                        "cells as \"x\" so that hidden values cannot be recomputed."},
        "poskytovatel": publisher,
        "téma": ["http://publications.europa.eu/resource/authority/data-theme/SOCI"],
        "koncept_eurovoc": ["http://eurovoc.europa.eu/4636"],
        "periodicita_aktualizace":
            "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
        "klíčová_slova": {"cs": ["bydlení", "bytová nouze", "ETHOS", "sociální práce"],
                          "en": ["housing", "housing need", "ETHOS", "social work"]},
        "prvek_rúian": ["https://linked.cuzk.cz/resource/ruian/stat/1"],
        "časové_pokrytí": {"typ": "Časový interval",
                           "začátek": f"{months[0]:%Y-%m-%d}" if months else None,
                           "konec": f"{last_day:%Y-%m-%d}"},
        "dokumentace": page,
        "distribuce": [{
            "typ": "Distribuce",
            "iri": csv_url + "#distribuce",
            "název": {"cs": "CSV", "en": "CSV"},
            "podmínky_užití": {
                "typ": "Specifikace podmínek užití",
                "autorské_dílo": "https://data.gov.cz/podmínky-užití/neobsahuje-autorská-díla/",
                "databáze_jako_autorské_dílo":
                    "https://data.gov.cz/podmínky-užití/není-autorskoprávně-chráněnou-databází/",
                "databáze_chráněná_zvláštními_právy":
                    "https://data.gov.cz/podmínky-užití/není-chráněna-zvláštním-právem-pořizovatele-databáze/",
                "osobní_údaje": "https://data.gov.cz/podmínky-užití/neobsahuje-osobní-údaje/",
            },
            "soubor_ke_stažení": csv_url,
            "přístupové_url": csv_url,
            "typ_média": "http://www.iana.org/assignments/media-types/text/csv",
            "formát": "http://publications.europa.eu/resource/authority/file-type/CSV",
        }],
    }
