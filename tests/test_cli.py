"""The batch commands, as a clerk would type them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pypdf import PdfReader

from hotel_supply.cli import main
from hotel_supply.models.enums import RejectionReason
from hotel_supply.services import deliveries, settings
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from tests.factories import make_hotel, make_product, make_supplier

DAY = dt.date(2026, 11, 23)


@pytest.fixture
def posted(sqlite_db):
    org = settings.load_settings(sqlite_db)
    org.name = "UPT Pendampingan UMKM"
    settings.save_settings(sqlite_db, settings=org)
    supplier = make_supplier(sqlite_db, name="Kopi Robusta Way Kanan", code="KRWK")
    kopi = make_product(sqlite_db, supplier, name="Kopi Robusta 250 g", standard_price=45_000)
    emersia = make_hotel(sqlite_db, code="EMR", name="Hotel Emersia")
    tulip = make_hotel(sqlite_db, code="GTL", name="Golden Tulip")
    numbers = []
    for hotel in (emersia, tulip):
        delivery_id = deliveries.new_delivery(sqlite_db, hotel_id=hotel, supplier_id=supplier,
                                              day=DAY)
        data = DeliveryInput(delivery_date=DAY, lines=[LineInput(
            product_id=kopi, ordered=Decimal(30), delivered=Decimal(30), accepted=Decimal(28),
            rejected=Decimal(2), rejection_reason=RejectionReason.DAMAGED)])
        numbers.append(deliveries.post_delivery(sqlite_db, delivery_id=delivery_id,
                                                data=data).number)
    return sqlite_db.url, numbers


def test_print_a_days_delivery_notes(tmp_path, posted, capsys):
    url, numbers = posted
    out = tmp_path / "notes"
    assert main(["print", "delivery-notes", "--date", "2026-11-23", "--out", str(out),
                 "--database", url]) == 0
    files = sorted(out.glob("*.pdf"))
    assert [f.name for f in files] == ["SJ-2026-00001_KRWK.pdf", "SJ-2026-00002_KRWK.pdf"]
    text = "\n".join(page.extract_text() for page in PdfReader(files[0]).pages)
    assert numbers[0] in text
    assert "Kopi Robusta Way Kanan" in text and "Hotel Emersia" in text
    assert "Rp1.260.000" in text  # 28 × 45.000; the 2 rejected are not valued
    assert "ASLI" in text and "SALINAN" in text
    assert "2 surat jalan" in capsys.readouterr().err


def test_database_option_goes_before_the_subcommand_too(tmp_path, posted):
    url, numbers = posted
    out = tmp_path / "gtl"
    assert main(["--database", url, "print", "delivery-notes", "--date", "2026-11-23",
                 "--hotel", "gtl", "--out", str(out), "--size", "A5",
                 "--copies", "original"]) == 0
    files = list(out.glob("*.pdf"))
    assert len(files) == 1
    text = PdfReader(files[0]).pages[0].extract_text()
    assert numbers[1] in text and "Golden Tulip" in text and "SALINAN" not in text


def test_an_unknown_hotel_code_is_a_clear_error(tmp_path, posted, capsys):
    url, _numbers = posted
    assert main(["print", "delivery-notes", "--date", "2026-11-23", "--hotel", "XXX",
                 "--out", str(tmp_path), "--database", url]) == 2
    assert "Tidak ada hotel dengan kode XXX" in capsys.readouterr().err


def test_a_bad_date_is_refused_by_the_parser(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["print", "delivery-notes", "--date", "23/11/2026", "--out", str(tmp_path)])
    assert "bukan tanggal" in capsys.readouterr().err


def test_stock_in_the_terminal_and_as_xlsx(tmp_path, posted, capsys):
    from openpyxl import load_workbook

    url, _numbers = posted
    assert main(["stock", "--database", url]) == 0
    listing = capsys.readouterr().out
    assert "EMR" in listing and "Golden Tulip" in listing

    assert main(["stock", "--hotel", "emr", "--date", "2026-11-23", "--database", url]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "Kopi Robusta 250 g" in x)
    assert line.split()[-2:] == ["28", "Rp1.260.000"]  # on hand, value (no par, no expiry)
    assert "Total nilai: Rp1.260.000" in out

    book = tmp_path / "stok.xlsx"
    assert main(["stock", "--hotel", "EMR", "--xlsx", str(book), "--database", url]) == 0
    sheet = load_workbook(book).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Kode", "Produk")
    assert rows[1][1] == "Kopi Robusta 250 g" and rows[1][4] == 28 and rows[1][6] == 1_260_000


def test_month_end_from_the_command_line(tmp_path, posted, capsys):
    from openpyxl import load_workbook

    url, _numbers = posted
    assert main(["invoices", "generate", "--month", "2026-11", "--database", url]) == 0
    assert "2 draf tagihan" in capsys.readouterr().out
    assert main(["invoices", "issue", "--month", "2026-11", "--date", "2026-12-01",
                 "--database", url]) == 0
    out = capsys.readouterr()
    assert "INV/2026/00001" in out.out and "INV/2026/00002" in out.out
    book = tmp_path / "rekon.xlsx"
    assert main(["reconcile", "--month", "2026-11", "--out", str(book), "--database", url]) == 0
    sheets = load_workbook(book)
    assert sheets.sheetnames == ["Pemasok", "Produk", "Stok dan opname", "Temuan"]
    suppliers = list(sheets["Pemasok"].iter_rows(values_only=True))
    assert suppliers[1][1] == "Kopi Robusta Way Kanan" and suppliers[1][6] == 1_260_000
