"""Loading municipalities with their ORP and POÚ districts from CSV files."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from kmb.core.models import Municipality, OrpDistrict, PouDistrict

pytestmark = pytest.mark.django_db

HEADER = ("kodcobce,nazcobce,psc,kodobce,nazobce,kodokresu,nazokresu,kodkraj,nazevkraj,"
          "kodmomc,nazmomc,kodpobvod,nazpobvod")
ROWS = [
    "18431,Kutná Hora-Vnitřní Město,28401,533955,Kutná Hora,3205,Kutná Hora,27,Středočeský,,,,",
    "19119,Čáslav-Staré Město,28601,534951,Čáslav,3205,Kutná Hora,27,Středočeský,,,,",
    "19771,Zbyslav,28601,534293,Zbyslav,3205,Kutná Hora,27,Středočeský,,,,",
]


def _write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_municipalities_get_their_orp_and_pou_from_a_second_file(tmp_path):
    main = _write(tmp_path / "obce.csv", [HEADER, *ROWS])
    orp = _write(tmp_path / "orp.csv", [
        "kodobce,kodorp,nazorp,kodpou,nazpou",
        "533955,2113,Kutná Hora,21131,Kutná Hora",
        "534951,2105,Čáslav,21051,Čáslav",
        "534293,2105,Čáslav,21051,Čáslav",
    ])
    out = io.StringIO()
    call_command("load_municipalities", file=main, orp_file=orp, stdout=out)
    assert "2 ORP districts, 2 POÚ districts, 3 municipalities assigned" in out.getvalue()
    zbyslav = Municipality.objects.select_related("orp", "pou").get(code="534293")
    assert (zbyslav.orp.name, zbyslav.pou.name, zbyslav.pou.orp.code) == ("Čáslav", "Čáslav",
                                                                         "2105")
    assert zbyslav.orp.region.name == "Středočeský"
    # a second run changes nothing; a corrected file moves the municipality
    call_command("load_municipalities", file=main, orp_file=orp, stdout=io.StringIO())
    assert OrpDistrict.objects.count() == 2 and PouDistrict.objects.count() == 2
    _write(orp, ["kodobce,kodorp,nazorp,kodpou,nazpou",
                 "534293,2113,Kutná Hora,21131,Kutná Hora"])
    call_command("load_municipalities", file=main, orp_file=orp, stdout=io.StringIO())
    assert Municipality.objects.get(code="534293").orp.code == "2113"
    assert Municipality.objects.get(code="534951").orp.code == "2105"  # not in the file


def test_orp_columns_in_the_main_file_and_a_clear_message_for_a_bad_file(tmp_path):
    main = _write(tmp_path / "obce.csv", [
        HEADER + ",kodorp,nazorp,kodpou,nazpou",
        *(row + ",2105,Čáslav,21051,Čáslav" for row in ROWS)])
    call_command("load_municipalities", file=main, stdout=io.StringIO())
    assert Municipality.objects.filter(orp__code="2105").count() == 3
    plain = _write(tmp_path / "plain.csv", [HEADER, *ROWS])
    out = io.StringIO()
    call_command("load_municipalities", file=plain, orp_file=None, stdout=out)
    assert "no ORP and POÚ columns" in out.getvalue()
    assert Municipality.objects.filter(orp__code="2105").count() == 3  # left as they are
    bad = _write(tmp_path / "bad.csv", ["kodobce,kodorp", "534293,2105"])
    with pytest.raises(CommandError, match="lacks the columns"):
        call_command("load_municipalities", file=plain, orp_file=bad, stdout=io.StringIO())



def test_codes_missing_from_the_municipalities_are_skipped_with_a_warning(tmp_path):
    """A newer ORP file may list municipalities that the older municipalities file lacks,
    and may lack some: both are reported, neither stops the load."""
    main = _write(tmp_path / "obce.csv", [HEADER, *ROWS])
    orp = _write(tmp_path / "orp.csv", ["kodobce,kodorp,nazorp,kodpou,nazpou",
                                        "999999,2105,Čáslav,21051,Čáslav",
                                        "534951,2105,Čáslav,21051,Čáslav"])
    out, err = io.StringIO(), io.StringIO()
    call_command("load_municipalities", file=main, orp_file=orp, stdout=out, stderr=err)
    assert "1 municipalities assigned" in out.getvalue()
    assert "1 municipality codes of the ORP file are not among the loaded" in err.getvalue()
    assert "999999" in err.getvalue()
    assert "2 municipalities have no ORP or no POÚ district: Kutná Hora (533955), " \
           "Zbyslav (534293)" in err.getvalue()
    assert Municipality.objects.get(code="534951").orp.code == "2105"
    assert not OrpDistrict.objects.filter(municipalities__code="999999").exists()
