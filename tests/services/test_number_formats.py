"""Number formats: only formats whose numbers can never repeat are saved."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import asdict
from decimal import Decimal

import pytest
from sqlalchemy import select

from hotel_supply import i18n
from hotel_supply.db import Database
from hotel_supply.models import Delivery, Setting
from hotel_supply.services import deliveries, numbering, settings
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.services.numbering import DEFAULT_FORMATS, format_number, format_problems
from tests.factories import make_hotel, make_product, make_supplier


@pytest.fixture(autouse=True)
def _english() -> None:
    i18n.set_language("en")


def problems_of(fmt: str, series: str = "SJ") -> list[str]:
    return format_problems({**DEFAULT_FORMATS, series: fmt}).get(series, [])


def test_the_default_formats_and_ones_with_the_year_and_letters_of_their_own_are_fine():
    assert format_problems(DEFAULT_FORMATS) == {}
    fine = {**DEFAULT_FORMATS, "SJ": "{seq:03d}/SJ/UMKM/{year}", "INV": "INV-{year}{yy}-{seq}",
            "NK": "NK/{year}/{seq:05d}/{{koreksi}}"}
    assert format_problems(fine) == {}
    assert format_number("{seq:03d}/SJ/UMKM/{year}", year=2026, seq=7) == "007/SJ/UMKM/2026"


@pytest.mark.parametrize(("fmt", "words"), [
    ("SJ/{seq:05d}", ["needs {year}", "next year's numbers would repeat"]),
    ("SJ/{yy}/{seq:05d}", ["needs {year}", "{yy} alone", "hundred years"]),
    ("SJ/{year}", ["needs {seq}", "{seq:05d}"]),
    ("SJ/{year/{seq}", ["A brace stands alone", "{{ or }}"]),
    ("SJ/{year}}/{seq}", ["A brace stands alone"]),
    ("SJ/{hotel}/{year}/{seq}", ["“{hotel}” is not a field", "{year}, {yy} and {seq}"]),
    ("SJ/{}/{year}/{seq}", ["“{}” is not a field"]),
    ("SJ/{year}/{seq:5d}", ["Write the sequence as {seq}", "{seq:05d} for 00001"]),
    ("SJ/{year}/{seq!r}", ["Write the sequence as {seq}"]),
    ("SJ/{year:>8}/{seq}", ["Write {year} as it is"]),
    ("SJ/{year}/{seq:{yy}}", ["Write the sequence as {seq}"]),
    ("SJ\n{year}{seq}", ["line breaks"]),
    # 999999 documents a year: "SURAT-JALAN/TANDA-TERIMA-BARANG/2026/999999" is 43 long
    ("SURAT-JALAN/TANDA-TERIMA-BARANG/{year}/{seq:05d}", ["Too long", "43 characters", "40"]),
])
def test_each_bad_format_gets_a_sentence_saying_what_to_do(fmt, words):
    found = problems_of(fmt)
    assert len(found) == 1, found
    for word in words:
        assert word in found[0]


def test_two_series_that_could_print_the_same_number_are_both_refused():
    # the letters are the same once the fields' digits are set aside: NK 2026/00001 would
    # print "INV/2026/00001", exactly an invoice's number
    found = format_problems({**DEFAULT_FORMATS, "NK": "INV/{year}/{seq:05d}"})
    assert set(found) == {"INV", "NK"}
    assert "same numbers as Credit notes" in found["INV"][0]
    assert "same numbers as Invoices" in found["NK"][0]
    # digits in the fixed text do not make a series its own: 1/{year} and 12/{year}...
    found = format_problems({**DEFAULT_FORMATS, "SO": "SJ1/{year}/{seq}", "SJ": "SJ/{year}/{seq}"})
    assert set(found) == {"SJ", "SO"}
    # ...while any other letter or sign does
    assert format_problems({**DEFAULT_FORMATS, "NK": "INV-K/{year}/{seq:05d}"}) == {}


def test_formats_the_check_accepts_never_print_the_same_number_twice():
    formats = {**DEFAULT_FORMATS, "SJ": "{seq}/{year}", "NK": "{seq}-{year}",
               "INV": "{year}{seq:03d}", "KW": "K{seq}{yy}{year}"}
    assert format_problems(formats) == {}
    printed = [format_number(fmt, year=year, seq=seq)
               for fmt in formats.values()
               for year, seq in itertools.product((2026, 2027, 2099, 2100), range(1, 1200, 7))]
    assert len(printed) == len(set(printed))


def test_settings_refuse_a_format_without_the_year_and_keep_the_one_saved(db):
    org = settings.load_settings(db)
    org.name = "UPT Pendampingan UMKM"
    settings.save_settings(db, settings=org)
    org.number_formats["SJ"] = "SJ/{seq:05d}"
    with pytest.raises(ValidationError) as err:
        settings.save_settings(db, settings=org)
    [message] = err.value.problems[settings.number_format_field("SJ")]
    assert message.startswith("Delivery notes: The format needs {year}")
    assert settings.load_settings(db).number_format("SJ") == "SJ/{year}/{seq:05d}"


def test_an_empty_format_keeps_the_default(db):
    org = settings.load_settings(db)
    org.name = "UPT Pendampingan UMKM"
    org.number_formats["KW"] = ""
    settings.save_settings(db, settings=org)
    assert settings.load_settings(db).number_format("KW") == "KW/{year}/{seq:05d}"


def post_one(db: Database, ids: dict[str, int], day: dt.date) -> str:
    delivery_id = deliveries.new_delivery(db, hotel_id=ids["hotel"], supplier_id=ids["supplier"],
                                          day=day)
    return deliveries.post_delivery(db, delivery_id=delivery_id, data=DeliveryInput(
        delivery_date=day, lines=[LineInput(product_id=ids["product"], delivered=Decimal(1),
                                            accepted=Decimal(1))])).number


def test_a_number_already_on_a_document_is_refused_with_a_sentence_not_a_crash(db):
    """A format saved before formats were checked (no year): the next year's first delivery
    note would repeat last year's; posting says so and leaves everything as it was."""
    supplier = make_supplier(db)
    ids = {"supplier": supplier, "product": make_product(db, supplier), "hotel": make_hotel(db)}
    with db.unit_of_work(anyone=True) as s:  # as an older version let it be stored
        org = settings.load(s)
        org.number_formats["SJ"] = "SJ/{seq:05d}"
        s.add(Setting(key=settings.KEY, value=json.dumps(asdict(org))))
    assert post_one(db, ids, dt.date(2026, 12, 30)) == "SJ/00001"
    with pytest.raises(DomainError) as err:
        post_one(db, ids, dt.date(2027, 1, 4))
    assert "SJ/00001" in err.value.message and "Settings" in err.value.message
    assert numbering.next_sequences(db, year=2027)["SJ"] == 1  # the counter rolled back
    with db.reader() as s:
        assert s.scalars(select(Delivery.number).where(Delivery.number.is_not(None))).all() == [
            "SJ/00001"]


def test_the_next_sequence_of_each_series_is_what_the_next_document_takes(db):
    with db.unit_of_work(anyone=True) as s:
        assert numbering.take_number(s, series="KW", year=2026) == "KW/2026/00001"
        numbering.take_number(s, series="KW", year=2026)
    following = numbering.next_sequences(db, year=2026)
    assert following["KW"] == 3 and following["SJ"] == 1 and set(following) == set(
        DEFAULT_FORMATS)
    assert numbering.next_sequences(db, year=2027)["KW"] == 1
