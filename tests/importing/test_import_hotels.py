"""Importing the list of partner hotels and restaurants as the office keeps it."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from hotel_supply.importing.columns import Kind
from hotel_supply.importing.plan import RowStatus
from hotel_supply.importing.runner import ImportRefused, Source, preview, run_import
from hotel_supply.models import Hotel, Outlet
from hotel_supply.models.enums import HotelKind
from hotel_supply.services import hotels
from tests.factories import make_hotel
from tests.importing.sheets_for_tests import write_csv, write_xlsx

HEADER = ["No.", "Nama Hotel", "Jenis", "Alamat", "Telp", "PIC", "No. HP PIC", "Nama PT",
          "NPWP", "TOP (hari)"]


def _messy_rows() -> list[list[object]]:
    return [
        HEADER,
        [1, " Hotel   Emersia ", "Hotel", "Jl. W. R. Supratman", 721258258, "Pak Budi",
         "+62 813-1111-2222", "PT Emersia Hotel", "02.345.678.9-012.000", 30],
        [2, "Golden Tulip Springhill", "hotel", "", "(0721) 801 2345", "Ibu Wati", 81322223333,
         "", "", "14"],
        [],
        [3, "Rumah Makan Begadang", "Resto", "Jl. Diponegoro", "", "Pak Jon", "", "", "", ""],
        ["Total", "3 mitra", None, None, None, None, None, None, None, None],
    ]


def _hotels(db) -> dict[str, SimpleNamespace]:
    columns = ("code", "kind", "address", "phone", "receiving_contact", "receiving_phone",
               "billing_name", "npwp", "payment_terms_days")
    with db.reader() as session:
        return {h.name: SimpleNamespace(**{c: getattr(h, c) for c in columns})
                for h in session.scalars(select(Hotel))}


def test_a_messy_hotel_list_is_read_and_reimporting_it_changes_nothing(db, tmp_path):
    path = write_xlsx(tmp_path / "hotel.xlsx", _messy_rows(), title="HOTEL MITRA 2026")

    plan = run_import(db, Kind.HOTELS, Source(path))

    assert [r.status for r in plan.rows] == [RowStatus.NEW] * 3
    found = _hotels(db)
    assert sorted(found) == ["Golden Tulip Springhill", "Hotel Emersia", "Rumah Makan Begadang"]
    emersia = found["Hotel Emersia"]
    assert emersia.kind == HotelKind.HOTEL and emersia.phone == "0721258258"
    assert emersia.receiving_phone == "+62 813-1111-2222"
    assert emersia.npwp == "0023456789012000"  # 15 digits with dots -> 16
    assert (emersia.billing_name, emersia.payment_terms_days) == ("PT Emersia Hotel", 30)
    tulip = found["Golden Tulip Springhill"]
    assert tulip.receiving_phone == "081322223333" and tulip.payment_terms_days == 14
    begadang = found["Rumah Makan Begadang"]
    assert begadang.kind == HotelKind.RESTAURANT
    assert begadang.payment_terms_days == 30  # an empty cell keeps the usual terms
    assert len({h.code for h in found.values()}) == 3
    with db.reader() as session:  # a new hotel gets the standard outlets, as in the form
        assert session.query(Outlet).count() == 3 * len(hotels.standard_outlets())

    again = run_import(db, Kind.HOTELS, Source(path))

    assert [r.status for r in again.rows] == [RowStatus.UNCHANGED] * 3
    assert _hotels(db) == found


def test_a_hotel_is_matched_by_code_then_by_name_and_keeps_what_the_file_leaves_empty(
        db, tmp_path):
    by_code = make_hotel(db, code="EMR", name="Emersia", payment_terms_days=45)
    by_name = make_hotel(db, code="GTL", name="Golden Tulip", receiving_contact="Ibu Wati")
    path = write_csv(tmp_path / "hotel.csv", [
        ["Kode Hotel", "Nama Hotel", "Termin", "Penerima"],
        ["emr", "Hotel Emersia", "", ""],
        ["", "golden  tulip", "14", ""],
    ])

    plan = run_import(db, Kind.HOTELS, Source(path))

    assert [r.status for r in plan.rows] == [RowStatus.UPDATE, RowStatus.UPDATE]
    with db.reader() as session:
        emr = session.get(Hotel, by_code)
        assert (emr.name, emr.payment_terms_days) == ("Hotel Emersia", 45)
        gtl = session.get(Hotel, by_name)
        assert (gtl.code, gtl.payment_terms_days, gtl.receiving_contact) == (
            "GTL", 14, "Ibu Wati")
        assert session.query(Hotel).count() == 2


def test_an_error_row_refuses_the_whole_hotel_list_unless_valid_only(db, tmp_path):
    path = write_csv(tmp_path / "hotel.csv", [
        ["Nama Hotel", "Jenis", "Termin"],
        ["Hotel Emersia", "Hotel", "30"],
        ["Hotel Bukit Randu", "Kapal", "30"],  # neither hotel nor restaurant
        ["Hotel Novotel", "Hotel", "satu bulan"],
        ["Hotel emersia", "Hotel", "30"],  # the first row again
    ])
    plan = preview(db, Kind.HOTELS, Source(path))
    assert [r.status for r in plan.rows] == [RowStatus.NEW] + [RowStatus.ERROR] * 3
    assert "Kapal" in " ".join(plan.rows[1].errors)
    assert "satu bulan" in " ".join(plan.rows[2].errors)
    assert "baris 2" in " ".join(plan.rows[3].errors)

    with pytest.raises(ImportRefused):
        run_import(db, Kind.HOTELS, Source(path))
    assert _hotels(db) == {}

    done = run_import(db, Kind.HOTELS, Source(path), valid_only=True)
    assert (done.counts.new, done.counts.errors) == (1, 3)
    assert list(_hotels(db)) == ["Hotel Emersia"]
