"""Output files are named as a person looks for them: document number first, then the
hotel's and the supplier's codes and the month, in the user's language, and safe on any
file system."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from hotel_supply import clock
from hotel_supply.cli import main
from hotel_supply.db import Database
from hotel_supply.i18n import set_language
from hotel_supply.progress import Progress
from hotel_supply.services import deliveries, invoicing
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.file_names import (
    count_sheet_file_name,
    delivery_note_file_name,
    file_part,
    hotel_codes,
    hotel_recap_file_name,
    invoice_file_name,
    invoice_file_name_of,
    receipt_file_name,
    reconciliation_file_name,
    stock_report_file_name,
    stock_slip_file_name,
    supplier_codes,
    supplier_statement_file_name,
    waste_report_file_name,
)
from hotel_supply.ui.dialogs.month_print import MonthDocuments, write_month
from tests.factories import make_hotel, make_price, make_product, make_supplier

WINDOWS_REFUSES = set('/\\:*?"<>|')
DAY = dt.date(2026, 10, 27)


def test_each_document_is_named_by_what_a_person_looks_for():
    assert (
        invoice_file_name(
            number="INV/2026/00012", hotel_code="EMR", supplier_code="KOPILIWA", year=2026, month=10
        )
        == "INV-2026-00012_EMR_KOPILIWA.pdf"
    )
    assert (
        invoice_file_name(
            number="NK/2026/00003",
            hotel_code="EMR",
            supplier_code="KOPILIWA",
            year=2026,
            month=10,
            credit_note=True,
        )
        == "NK-2026-00003_EMR_KOPILIWA.pdf"
    )
    assert hotel_recap_file_name(hotel_code="EMR", year=2026, month=10) == (
        "Rekap-Tagihan_EMR_2026-10.pdf"
    )
    assert supplier_statement_file_name(supplier_code="KOPILIWA", year=2026, month=10) == (
        "Laporan-Rekening_KOPILIWA_2026-10.pdf"
    )
    assert delivery_note_file_name(number="SJ/2026/00001", supplier_code="KOPILIWA", day=DAY) == (
        "SJ-2026-00001_KOPILIWA.pdf"
    )
    assert receipt_file_name(number="KW/2026/00001") == "KW-2026-00001.pdf"
    assert reconciliation_file_name(hotel_code="EMR", year=2026, month=10) == (
        "Rekonsiliasi_EMR_2026-10.xlsx"
    )
    assert reconciliation_file_name(hotel_code=None, year=2026, month=10, extension="pdf") == (
        "Rekonsiliasi_Semua_2026-10.pdf"
    )
    assert stock_slip_file_name(number="BK/2026/00007", hotel_code="EMR") == (
        "BK-2026-00007_EMR.pdf"
    )
    assert count_sheet_file_name(number="SO/2026/00002", hotel_code="EMR", day=DAY) == (
        "SO-2026-00002_EMR.pdf"
    )
    assert stock_report_file_name(hotel_code="EMR", day=DAY) == "Laporan-Stok_EMR_2026-10-27.pdf"
    assert waste_report_file_name(
        hotel_code=None, date_from=dt.date(2026, 10, 1), date_to=dt.date(2026, 10, 31)
    ) == ("Laporan-Barang-Rusak_Semua_2026-10-01_2026-10-31.pdf")


def test_a_document_without_a_number_yet_says_what_it_is():
    assert (
        invoice_file_name(
            number="", hotel_code="EMR", supplier_code="KOPILIWA", year=2026, month=10
        )
        == "Draf-Tagihan_EMR_KOPILIWA_2026-10.pdf"
    )
    assert delivery_note_file_name(number="", supplier_code="KOPILIWA", day=DAY) == (
        "Draf-Surat-Jalan_KOPILIWA_2026-10-27.pdf"
    )
    assert count_sheet_file_name(number="", hotel_code="EMR", day=DAY) == (
        "Stok-Opname_EMR_2026-10-27.pdf"
    )


def test_in_english_the_words_are_english():
    set_language("en")
    assert hotel_recap_file_name(hotel_code="EMR", year=2026, month=10) == (
        "Invoice-Recap_EMR_2026-10.pdf"
    )
    assert supplier_statement_file_name(supplier_code="KOPILIWA", year=2026, month=10) == (
        "Statement-of-Account_KOPILIWA_2026-10.pdf"
    )
    assert reconciliation_file_name(hotel_code=None, year=2026, month=10) == (
        "Reconciliation_All_2026-10.xlsx"
    )


@pytest.mark.parametrize(
    ("typed", "part"),
    [
        ("INV/2026/00012", "INV-2026-00012"),
        ('A\\B:C*D?E"F<G>H|I', "A-B-C-D-E-F-G-H-I"),
        ("Kopi Liwa  & Co.", "Kopi-Liwa-Co"),
        ("Café Ñusantara", "Cafe-Nusantara"),
        ("..hidden..", "hidden"),
        ("✓☕", ""),
    ],
)
def test_every_part_is_safe_on_windows_and_linux(typed, part):
    assert file_part(typed) == part


def test_a_name_made_of_hostile_codes_is_still_one_safe_file_name():
    name = invoice_file_name(
        number="INV/2026/00012", hotel_code="E/M:R", supplier_code='K*"<>|', year=2026, month=10
    )
    assert name == "INV-2026-00012_E-M-R_K.pdf"
    assert not WINDOWS_REFUSES & set(name)


@pytest.fixture
def october(db: Database) -> dict[str, int]:
    """One delivery of KOPILIWA to EMR in October 2026, invoiced as a draft."""
    supplier = make_supplier(db, code="KOPILIWA", name="CV Kopi Liwa")
    hotel = make_hotel(db, code="EMR", name="Emersia Hotel")
    coffee = make_product(db, supplier, name="Kopi Bubuk Robusta")
    make_price(db, hotel_id=hotel, product_id=coffee, price=45_000)
    delivery_id = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=DAY)
    deliveries.post_delivery(
        db,
        delivery_id=delivery_id,
        data=DeliveryInput(
            delivery_date=DAY,
            lines=[LineInput(product_id=coffee, delivered=Decimal(3), accepted=Decimal(3))],
        ),
    )
    drafts = invoicing.generate_drafts(db, year=2026, month=10)
    (invoice_id,) = drafts.invoice_ids
    return {"supplier": supplier, "hotel": hotel, "invoice": invoice_id}


def issue(db: Database, invoice_id: int) -> str:
    clock.set_clock(lambda: dt.datetime(2026, 11, 1, 9, 0))
    issued, refused = invoicing.issue_invoices(
        db, invoice_ids=[invoice_id], issue_date=dt.date(2026, 11, 1)
    )
    assert not refused
    return issued[0].number


def test_a_stored_invoice_is_named_by_its_number_hotel_and_supplier(db, october):
    invoice_id = october["invoice"]
    assert (
        invoice_file_name_of(db, invoice_id=invoice_id) == "Draf-Tagihan_EMR_KOPILIWA_2026-10.pdf"
    )

    number = issue(db, invoice_id)

    assert number.startswith("INV/2026/")
    assert invoice_file_name_of(db, invoice_id=invoice_id) == (
        f"{number.replace('/', '-')}_EMR_KOPILIWA.pdf"
    )
    assert hotel_codes(db, [october["hotel"]]) == {october["hotel"]: "EMR"}
    assert supplier_codes(db, [october["supplier"]] * 2) == {october["supplier"]: "KOPILIWA"}


def test_printing_a_month_names_its_files_by_number_codes_and_month(db, october, tmp_path):
    number = issue(db, october["invoice"]).replace("/", "-")
    expected = [
        f"{number}_EMR_KOPILIWA.pdf",
        "Laporan-Rekening_KOPILIWA_2026-10.pdf",
        "Rekap-Tagihan_EMR_2026-10.pdf",
    ]

    out = tmp_path / "cli"
    args = ["invoices", "print", "--month", "2026-10", "--out", str(out), "--database", db.url]
    assert main(args) == 0
    assert sorted(f.name for f in out.iterdir()) == expected

    docs = MonthDocuments(
        invoices=((october["invoice"], number),),
        hotels=((october["hotel"], "Emersia Hotel"),),
        suppliers=((october["supplier"], "CV Kopi Liwa"),),
    )
    written = write_month(
        SimpleNamespace(db=db),  # type: ignore[arg-type]  # only the database is used
        docs,
        year=2026,
        month=10,
        folder=tmp_path / "app",
        invoices=True,
        recaps=True,
        statements=True,
        progress=Progress(),
    )
    assert sorted(p.name for p in written) == expected
