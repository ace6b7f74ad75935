"""Importing the programme's list of coached UMKM as offices keep it."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from hotel_supply.importing.columns import Kind
from hotel_supply.importing.plan import RowStatus
from hotel_supply.importing.runner import ImportRefused, Source, preview, run_import
from hotel_supply.models import AuditEntry, Supplier
from hotel_supply.models.enums import Category, LegalForm
from tests.factories import make_supplier
from tests.importing.sheets_for_tests import write_csv, write_xlsx

HEADER = ["No.", "Nama UMKM", "Bentuk Usaha", "Jenis Usaha", "Nama Pemilik", "No. HP/WA",
          "NPWP", "PKP", "Mulai Pendampingan", "Alamat"]


def _messy_rows() -> list[list[object]]:
    return [
        HEADER,
        [1, "  CV. Kopi   Liwa ", "CV", "Kopi", "Pak Hendra", 81234567890, "01.234.567.8-901.000",
         "Ya", "19/11/2025", "Jl. Raya Liwa"],
        [],
        [2, "UD Keripik Pisang Sari", "UD", "Jajanan", "Ibu Sari", "+62 813-1111-2222",
         "0123456789012346", "Tidak", dt.date(2025, 11, 20), "Jl. Pagar Alam"],
        [3, "Tapis Siger", "Perorangan", "Batik & Tapis", "Ibu Rina", "0721 481126", "", "T",
         45984, ""],
        [4, "Kemplang Ikan Bahari", "", "Olahan Ikan", "Pak Udin", "62 812 7777 8888", "", "0",
         "19 Nov 2025", ""],
        ["Jumlah", "4 UMKM", None, None, None, None, None, None, None, None],
    ]


def _suppliers(db) -> dict[str, SimpleNamespace]:
    """Name -> the stored supplier's columns."""
    with db.reader() as session:
        return {s.name: SimpleNamespace(**{c.key: getattr(s, c.key) for c in
                                           Supplier.__table__.columns})
                for s in session.scalars(select(Supplier))}


def test_messy_supplier_list_is_read_as_an_office_keeps_it(db, tmp_path):
    path = write_xlsx(tmp_path / "umkm.xlsx", _messy_rows(), title="DAFTAR UMKM BINAAN 2025")
    plan = run_import(db, Kind.SUPPLIERS, Source(path))

    assert plan.header_row == 2  # title, blank row, then the header
    assert [r.status for r in plan.rows] == [RowStatus.NEW] * 4  # blank and total rows skipped
    found = _suppliers(db)
    kopi = found["CV. Kopi Liwa"]  # extra spaces dropped
    assert kopi.legal_form == LegalForm.CV and kopi.category == Category.COFFEE
    assert kopi.phone == "081234567890"  # the number cell lost its leading 0
    assert kopi.npwp == "0012345678901000"  # 15 digits with dots and dash -> 16 digits
    assert kopi.is_pkp is True
    assert kopi.coaching_start == dt.date(2025, 11, 19)
    sari = found["UD Keripik Pisang Sari"]
    assert sari.phone == "+62 813-1111-2222" and sari.npwp == "0123456789012346"
    assert sari.is_pkp is False and sari.coaching_start == dt.date(2025, 11, 20)
    tapis = found["Tapis Siger"]
    assert tapis.legal_form == LegalForm.SOLE and tapis.category == Category.BATIK
    assert tapis.coaching_start == dt.date(2025, 11, 23)  # Excel serial 45984
    bahari = found["Kemplang Ikan Bahari"]
    assert bahari.phone == "+62 812 7777 8888" and bahari.category == Category.FISH
    assert bahari.coaching_start == dt.date(2025, 11, 19)  # "19 Nov 2025"
    assert len({s.code for s in found.values()}) == 4  # codes made up, all different


def test_reimporting_the_same_file_changes_nothing(db, tmp_path):
    path = write_xlsx(tmp_path / "umkm.xlsx", _messy_rows(), title="DAFTAR UMKM")
    run_import(db, Kind.SUPPLIERS, Source(path))
    before = _snapshot(db)

    again = run_import(db, Kind.SUPPLIERS, Source(path))

    assert [r.status for r in again.rows] == [RowStatus.UNCHANGED] * 4
    assert _snapshot(db) == before
    with db.reader() as session:
        entries = list(session.scalars(select(AuditEntry.summary).where(
            AuditEntry.action == "import", AuditEntry.entity == "suppliers")
            .order_by(AuditEntry.id)))
    assert len(entries) == 2  # one audit entry per import, with its counts
    summary = json.loads(entries[-1])
    assert summary["file"] == "umkm.xlsx" and len(summary["sha256"]) == 64
    assert (summary["new"], summary["updated"], summary["unchanged"], summary["errors"]) == (
        0, 0, 4, 0)


def _snapshot(db) -> list[tuple]:
    with db.reader() as session:
        return [tuple(row) for row in session.execute(
            select(Supplier.id, Supplier.code, Supplier.name, Supplier.phone, Supplier.npwp,
                   Supplier.is_pkp, Supplier.coaching_start).order_by(Supplier.id))]


def test_match_by_code_then_npwp_then_name_without_legal_form(db, tmp_path):
    by_code = make_supplier(db, code="KOP001", name="Kopi Way Kanan", npwp="")
    by_npwp = make_supplier(db, name="Keripik Lama", npwp="0111222333444555")
    by_name = make_supplier(db, name="Kopi Liwa", legal_form=LegalForm.SOLE, npwp="")
    path = write_csv(tmp_path / "umkm.csv", [
        ["Kode", "Nama UMKM", "Kategori", "NPWP", "No HP"],
        ["kop001", "Kopi Way Kanan Jaya", "Kopi", "", ""],
        ["", "Keripik Baru", "Jajanan", "0111.2223.3344.4555", ""],
        ["", "CV. KOPI  LIWA", "Kopi", "", "0812-3456-7890"],
    ])
    plan = run_import(db, Kind.SUPPLIERS, Source(path))

    assert [r.status for r in plan.rows] == [RowStatus.UPDATE] * 3
    with db.reader() as session:
        assert session.get(Supplier, by_code).name == "Kopi Way Kanan Jaya"
        assert session.get(Supplier, by_npwp).name == "Keripik Baru"
        liwa = session.get(Supplier, by_name)
        assert (liwa.name, liwa.phone) == ("CV. KOPI LIWA", "0812-3456-7890")
        assert session.scalar(select(func.count()).select_from(Supplier)) == 3  # none created
    assert "NPWP" in plan.rows[1].messages[-1] and "nama" in " ".join(plan.rows[2].messages)


def test_a_duplicate_inside_the_file_is_shown_and_created_once(db, tmp_path):
    path = write_csv(tmp_path / "umkm.csv", [
        ["Nama UMKM", "Kategori"],
        ["CV. Kopi Liwa", "Kopi"],
        ["Kopi Liwa", "Kopi"],
        ["Tapis Siger", "Batik"],
    ])
    plan = preview(db, Kind.SUPPLIERS, Source(path))
    assert [r.status for r in plan.rows] == [RowStatus.NEW, RowStatus.ERROR, RowStatus.NEW]
    assert "baris 2" in plan.rows[1].errors[0]

    with pytest.raises(ImportRefused) as refused:
        run_import(db, Kind.SUPPLIERS, Source(path))
    assert "1" in refused.value.message
    assert _suppliers(db) == {}  # a refused import writes nothing

    done = run_import(db, Kind.SUPPLIERS, Source(path), valid_only=True)
    assert (done.counts.new, done.counts.errors) == (2, 1)
    assert sorted(_suppliers(db)) == ["CV. Kopi Liwa", "Tapis Siger"]


def test_a_wrong_cell_is_an_error_naming_its_column(db, tmp_path):
    path = write_csv(tmp_path / "umkm.csv", [
        ["Nama UMKM", "Kategori", "NPWP", "PKP", "No. HP/WA"],
        ["Kopi Liwa", "Kopi", "12345", "mungkin", "0812-abc"],
        ["Roti Ibu", "Kue Basah Enak", "", "", ""],
    ], encoding="cp1252", delimiter=";")
    plan = preview(db, Kind.SUPPLIERS, Source(path))
    first, second = plan.rows
    assert first.status == RowStatus.ERROR
    text = " ".join(first.errors)
    assert "NPWP" in text and "“mungkin”" in text and "Ya atau Tidak" in text
    assert second.status == RowStatus.ERROR and "Kue Basah Enak" in second.errors[0]
