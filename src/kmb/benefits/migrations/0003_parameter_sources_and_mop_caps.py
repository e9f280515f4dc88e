"""Dated parameters name their act and section; MOP caps as one row each; the deposit cap.

* The living minimum of 4 860 Kč (and the rest of that table) is valid from 1 January 2023
  (nařízení vlády č. 436/2022 Sb.), not from 1 October 2023: the row is moved, nothing else
  of it changes.
* Every row seeded by migration 0002 gets a source naming the act and section, where an
  administrator has not changed the source since.
* The one ``mop.caps`` row becomes one row per cap, so that each carries its own source and
  its own "to be confirmed" flag; values an administrator set are carried over. New caps:
  at most 40 times within 12 months, 10 times a year for household necessities and
  children's education, and a one-off expense (such as a deposit) up to its actual amount.
* ``lease.deposit_max_rent_multiple``: a deposit is at most three monthly rents
  (občanský zákoník § 2254 odst. 1).

Reversible: the reverse step restores the dates, sources and the single ``mop.caps`` row.
"""

from datetime import date

from django.db import migrations

OLD_LM_FROM = date(2023, 10, 1)
NEW_LM_FROM = date(2023, 1, 1)
_OLD_UNCONFIRMED = "Public summaries of the law; not yet checked against the official text."

#: (key, valid_from) -> (source seeded by 0002, source from now on)
SOURCES = {
    ("dssp.asset_limits", date(2025, 10, 1)): (
        "zákon 151/2025 Sb. (DSSP). " + _OLD_UNCONFIRMED,
        "zákon č. 151/2025 Sb., o státní sociální pomoci – posuzování majetku (paragraf "
        "ověřit podle úředního znění)"),
    ("living_minimum", NEW_LM_FROM): (
        "zákon 110/2006 Sb., § 2 and § 3. " + _OLD_UNCONFIRMED,
        "nařízení vlády č. 436/2022 Sb., o zvýšení částek životního minima a existenčního "
        "minima (od 1. 1. 2023); zákon č. 110/2006 Sb., o životním a existenčním minimu, "
        "§ 2, § 3 a § 5"),
    ("living_minimum", date(2026, 10, 1)): (
        "zákon 110/2006 Sb. as amended in 2026. " + _OLD_UNCONFIRMED,
        "zákon č. 110/2006 Sb., o životním a existenčním minimu, § 2 a § 3, ve znění změny "
        "z roku 2026 (předpis a datum účinnosti ověřit)"),
    ("housing_support.income_limit_multiple", date(2026, 1, 1)): (
        "zákon 175/2025 Sb., § 17 odst. 3; government regulation of August 2025. "
        + _OLD_UNCONFIRMED,
        "zákon č. 175/2025 Sb., o podpoře bydlení, § 17 odst. 3; nařízení vlády ze srpna "
        "2025 (číslo předpisu ověřit)"),
}

_MOP_ACT = "zákon č. 111/2006 Sb., o pomoci v hmotné nouzi, "

#: New MOP rows: key -> (field of the old mop.caps value or None, default, to be
#: confirmed, description, source)
MOP_ROWS = {
    "mop.serious_event_multiple": (
        "unforeseen_event_multiple", 15, True,
        "Emergency assistance (MOP) after a serious unforeseen event that threatens, for "
        "example, the loss of housing: at most this multiple of the living minimum of an "
        "individual, for one purpose.",
        _MOP_ACT + "§ 2 odst. 4 a § 37 písm. b)"),
    "mop.social_exclusion_yearly_multiple": (
        "social_exclusion_multiple", 4, True,
        "MOP to a person threatened with social exclusion: at most this multiple of the "
        "living minimum of an individual in a calendar year.",
        _MOP_ACT + "§ 2 odst. 6 a § 37 písm. e)"),
    "mop.twelve_months_multiple": (
        None, 40, True,
        "All MOP paid to a person within 12 consecutive calendar months: at most this "
        "multiple of the living minimum of an individual.",
        _MOP_ACT + "§ 37 (odstavec ověřit podle úředního znění)"),
    "mop.household_and_education_yearly_multiple": (
        None, 10, True,
        "MOP towards necessary household items and towards the education or leisure "
        "activities of a dependent child: together at most this multiple of the living "
        "minimum of an individual in a calendar year.",
        _MOP_ACT + "§ 2 odst. 5 písm. b) a c), § 37 písm. d)"),
    "mop.one_off_expense_limit": (
        None, "actual_expense", True,
        "MOP towards a necessary one-off expense (a deposit for a flat, administrative "
        "fees, a night's lodging): up to the actual amount of the expense.",
        _MOP_ACT + "§ 2 odst. 5 písm. a) a § 37 písm. c)"),
    "mop.worth_applying_residual_multiple": (
        "worth_applying_residual_multiple", 1.5, False,
        "Not law: the contact point's rule of thumb. Applying for MOP is worth it when the "
        "income left after housing costs is below this multiple of the household's living "
        "minimum.",
        "Praxe kontaktních míst (doporučení, nikoli zákon)"),
}

DEPOSIT = {
    "key": "lease.deposit_max_rent_multiple",
    "valid_from": date(2014, 1, 1),  # občanský zákoník in force
    "value": 3,
    "description": "A deposit (jistota) may be at most this many monthly rents; the landlord "
                   "returns it with interest when the lease ends.",
    "source": "zákon č. 89/2012 Sb., občanský zákoník, § 2254 odst. 1",
    "to_be_confirmed": False,
}


def _move_living_minimum(DatedParameter, old: date, new: date) -> None:
    row = DatedParameter.objects.filter(key="living_minimum", valid_from=old).first()
    if row is not None and not DatedParameter.objects.filter(
            key="living_minimum", valid_from=new).exists():
        row.valid_from = new
        row.save(update_fields=["valid_from"])


def _set_sources(DatedParameter, forward: bool) -> None:
    for (key, valid_from), (old, new) in SOURCES.items():
        if not forward and key == "living_minimum" and valid_from == NEW_LM_FROM:
            valid_from = OLD_LM_FROM
        DatedParameter.objects.filter(key=key, valid_from=valid_from,
                                      source=old if forward else new).update(
            source=new if forward else old)


def _split_mop(DatedParameter) -> None:
    old_rows = list(DatedParameter.objects.filter(key="mop.caps"))
    periods = [(r.valid_from, r.valid_to, r.value if isinstance(r.value, dict) else {})
               for r in old_rows] or [(date(2025, 10, 1), None, {})]
    for valid_from, valid_to, value in periods:
        for key, (field, default, unconfirmed, description, source) in MOP_ROWS.items():
            DatedParameter.objects.get_or_create(
                key=key, valid_from=valid_from,
                defaults={"value": value.get(field, default) if field else default,
                          "valid_to": valid_to, "description": description,
                          "source": source, "to_be_confirmed": unconfirmed})
    for row in old_rows:
        row.delete()
    DatedParameter.objects.get_or_create(
        key=DEPOSIT["key"], valid_from=DEPOSIT["valid_from"],
        defaults={k: v for k, v in DEPOSIT.items() if k not in ("key", "valid_from")})


def _join_mop(DatedParameter) -> None:
    rows = DatedParameter.objects.filter(key__in=MOP_ROWS)
    starts = sorted({r.valid_from for r in rows})
    for valid_from in starts:
        at = {r.key: r for r in rows if r.valid_from == valid_from}
        value = {field: at[key].value for key, (field, *_rest) in MOP_ROWS.items()
                 if field and key in at}
        any_row = next(iter(at.values()))
        DatedParameter.objects.get_or_create(
            key="mop.caps", valid_from=valid_from,
            defaults={"value": value, "valid_to": any_row.valid_to,
                      "description": "Emergency assistance (MOP) caps.",
                      "source": "zákon 111/2006 Sb., § 2 and § 36. " + _OLD_UNCONFIRMED,
                      "to_be_confirmed": True})
    rows.delete()
    DatedParameter.objects.filter(key=DEPOSIT["key"], valid_from=DEPOSIT["valid_from"],
                                  source=DEPOSIT["source"]).delete()


def forward(apps, schema_editor):
    DatedParameter = apps.get_model("core", "DatedParameter")
    _move_living_minimum(DatedParameter, OLD_LM_FROM, NEW_LM_FROM)
    _set_sources(DatedParameter, forward=True)
    _split_mop(DatedParameter)


def backward(apps, schema_editor):
    DatedParameter = apps.get_model("core", "DatedParameter")
    _join_mop(DatedParameter)
    _move_living_minimum(DatedParameter, NEW_LM_FROM, OLD_LM_FROM)
    _set_sources(DatedParameter, forward=False)


class Migration(migrations.Migration):
    dependencies = [("benefits", "0002_dated_parameters")]
    operations = [migrations.RunPython(forward, backward)]
