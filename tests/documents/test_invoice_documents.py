"""The month-end documents as a reader sees them: the invoice and credit note, the hotel
recap, the supplier statement, the kuitansi and the reconciliation report."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from decimal import Decimal

from pypdf import PdfReader

from hotel_supply.documents.data import Organisation, Party
from hotel_supply.documents.hotel_recap import render_hotel_recap
from hotel_supply.documents.invoice import render_invoice
from hotel_supply.documents.invoice_data import (
    HotelRecapData,
    InvoiceDocData,
    InvoiceDocLine,
    PaymentReceiptData,
    RecapInvoice,
    RecapTotals,
)
from hotel_supply.documents.month_common import compact_numbers, tax_base_fraction
from hotel_supply.documents.payment_receipt import render_payment_receipt
from hotel_supply.documents.reconciliation_report import render_reconciliation
from hotel_supply.documents.statement_data import (
    Ageing,
    OpenInvoice,
    StatementDelivery,
    StatementEntry,
    SupplierStatementData,
)
from hotel_supply.documents.supplier_statement import render_supplier_statement
from hotel_supply.formatting import line_amount
from hotel_supply.models.enums import Unit
from hotel_supply.services.reconciliation import (
    ExceptionKind,
    ProductLine,
    Reconciliation,
    ReconException,
    StockCheck,
    SupplierLine,
)

ORG = Organisation(
    name="Dinas Koperasi dan UKM Kota Bandar Lampung",
    address="Jl. Dr. Susilo No. 2",
    city="Bandar Lampung",
)
SUPPLIER = Party(
    code="",
    name="CV Kopi <b>Sinar</b> & Lampung",
    address="Jl. Teuku Umar No. 12, Bandar Lampung",
    npwp="0123456789012345",
)
HOTEL = Party(code="", name="PT Emersia Hotel & Resort", npwp="0298765432109876")
ISSUED = dt.datetime(2026, 12, 1, 9, 30)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def line(no: int, qty: str, price: int, name: str = "Kopi Bubuk Robusta") -> InvoiceDocLine:
    q = Decimal(qty)
    return InvoiceDocLine(
        line_no=no,
        delivery_date=dt.date(2026, 11, no),
        delivery_number=f"SJ/2026/{no:05d}",
        product_code=f"PRD{no:04d}",
        product_name=name,
        unit="kg",
        quantity=q,
        unit_price=price,
        amount=line_amount(q, price),
    )


def invoice(*, pkp: bool = False, **changes: object) -> InvoiceDocData:
    """Rp1.250.000 of goods; with PPN (PKP) DPP 1.145.833, PPN 137.500, total 1.387.500."""
    lines = (
        line(1, "10", 90_000),
        line(2, "5", 45_000, "Kopi <Biji> & Sangrai"),
        line(3, "2.5", 50_000),
    )
    subtotal = sum(x.amount for x in lines)
    assert subtotal == 1_250_000
    base, ppn = (1_145_833, 137_500) if pkp else (0, 0)
    data = InvoiceDocData(
        kind="invoice",
        number="INV/2026/00042",
        status="issued",
        year=2026,
        month=11,
        issue_date=dt.date(2026, 12, 1),
        due_date=dt.date(2026, 12, 31),
        organisation=ORG,
        supplier=SUPPLIER,
        supplier_is_pkp=pkp,
        supplier_bank="Bank Lampung · 380.01.02.12345 · CV Kopi Sinar",
        hotel=HOTEL,
        lines=lines,
        subtotal=subtotal,
        tax_base=base,
        tax_base_fraction=tax_base_fraction(subtotal, base),
        ppn_rate=Decimal(12) if pkp else Decimal(0),
        ppn=ppn,
        total=subtotal + ppn,
        printed_at=ISSUED,
    )
    return replace(data, **changes)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- invoice


def test_an_invoice_shows_number_parties_lines_total_and_the_amount_in_words():
    text = pdf_text(render_invoice(invoice()))
    flat = squash(text)
    assert "TAGIHAN" in text and "INV/2026/00042" in text
    assert squash("CV Kopi <b>Sinar</b> & Lampung") in flat  # escaped, printed as typed
    assert squash("Kopi <Biji> & Sangrai") in flat
    assert "PT Emersia Hotel & Resort" in text and "0298765432109876" in text
    assert "0123456789012345" in text and "380.01.02.12345" in text
    assert "SJ/2026/00001" in text and "SJ/2026/00003" in text
    assert "Rp900.000" in text and "Rp125.000" in text and "Rp1.250.000" in text
    assert squash("Terbilang: Satu Juta Dua Ratus Lima Puluh Ribu Rupiah") in flat
    assert "31 Desember 2026" in text
    assert squash("a.n. CV Kopi <b>Sinar</b> & Lampung") in flat


def test_ppn_lines_print_only_for_a_pkp_supplier():
    plain = pdf_text(render_invoice(invoice()))
    assert "DPP" not in plain and "PPN 12%" not in plain
    taxed = pdf_text(render_invoice(invoice(pkp=True)))
    assert "DPP (11/12)" in taxed and "Rp1.145.833" in taxed
    assert "PPN 12%" in taxed and "Rp137.500" in taxed and "Rp1.387.500" in taxed
    assert squash("Terbilang: Satu Juta Tiga Ratus Delapan Puluh Tujuh Ribu Lima Ratus Rupiah") in (
        squash(taxed)
    )


def test_the_same_invoice_gives_the_same_bytes():
    assert render_invoice(invoice(pkp=True)) == render_invoice(invoice(pkp=True))


def test_a_draft_has_no_number_and_says_draft():
    text = pdf_text(render_invoice(invoice(number="", status="draft")))
    assert "DRAFT" in text and "INV/2026/00042" not in text


def test_a_credit_note_names_the_invoice_it_corrects_and_labels_its_totals_as_credit():
    note = invoice(
        kind="credit_note",
        number="NK/2026/00003",
        lines=(line(1, "1", 90_000),),
        subtotal=90_000,
        total=90_000,
        corrects_number="INV/2026/00042",
        corrects_issue_date=dt.date(2026, 12, 1),
        notes="Kemasan <sobek> & basah",
    )
    text = pdf_text(render_invoice(note))
    flat = squash(text)
    assert "NOTA KREDIT" in text and "NK/2026/00003" in text
    assert squash("Mengoreksi tagihan INV/2026/00042") in flat
    assert squash("Kemasan <sobek> & basah") in flat
    assert "Total kredit" in text and "Rp90.000" in text
    assert squash("Terbilang: Sembilan Puluh Ribu Rupiah") in flat


# --------------------------------------------------------------------------- receipt


def receipt(amount: int, *, full: bool) -> PaymentReceiptData:
    return PaymentReceiptData(
        organisation=ORG,
        number="KW/2026/00007",
        paid_on=dt.date(2026, 12, 10),
        amount=amount,
        method="Transfer bank",
        reference="BCA 1210",
        payer="PT Emersia <Hotel> & Resort",
        hotel_address="",
        supplier_name="CV Kopi Sinar Lampung",
        invoice_number="INV/2026/00042",
        invoice_issue_date=dt.date(2026, 12, 1),
        invoice_total=amount if full else amount * 2,
        credited=0,
        paid_before=0,
        outstanding_after=0 if full else amount,
        paid_in_full=full,
        needs_meterai=amount > 5_000_000,
        meterai_above=5_000_000,
        city="Bandar Lampung",
        printed_at=dt.datetime(2026, 12, 10, 11, 0),
    )


def test_a_receipt_says_who_paid_how_much_for_what():
    text = pdf_text(render_payment_receipt(receipt(1_250_000, full=False)))
    flat = squash(text)
    assert "KUITANSI" in text and "KW/2026/00007" in text
    assert squash("Telah terima dari") in flat and squash("PT Emersia <Hotel> & Resort") in flat
    assert squash("Uang sejumlah") in flat
    assert squash("Satu Juta Dua Ratus Lima Puluh Ribu Rupiah") in flat
    assert squash("Untuk pembayaran") in flat and "INV/2026/00042" in text
    assert "Rp1.250.000" in text
    assert squash("a.n. CV Kopi Sinar Lampung") in flat


def test_lunas_only_when_the_invoice_is_paid_in_full():
    assert "LUNAS" not in pdf_text(render_payment_receipt(receipt(1_250_000, full=False)))
    assert "LUNAS" in pdf_text(render_payment_receipt(receipt(1_250_000, full=True)))


def test_the_meterai_box_only_above_five_million():
    assert "Meterai" not in pdf_text(render_payment_receipt(receipt(5_000_000, full=True)))
    assert squash("Meterai Rp10.000") in squash(
        pdf_text(render_payment_receipt(receipt(5_000_001, full=True)))
    )


# --------------------------------------------------------------------------- recap and statement


def test_the_hotel_recap_lists_each_invoice_with_its_delivery_notes_and_totals():
    rows = (
        RecapInvoice(
            number="INV/2026/00001",
            status="issued",
            supplier_name="UD Roti <b>Pandan</b> & Co",
            issue_date=dt.date(2026, 12, 1),
            due_date=dt.date(2026, 12, 31),
            subtotal=600_000,
            ppn=0,
            total=600_000,
            credited=0,
            paid=600_000,
            state="paid",
            delivery_numbers=("SJ/2026/00012", "SJ/2026/00013", "SJ/2026/00014", "SJ/2026/00020"),
        ),
        RecapInvoice(
            number="INV/2026/00002",
            status="issued",
            supplier_name="CV Kopi Sinar Lampung",
            issue_date=dt.date(2026, 12, 1),
            due_date=dt.date(2026, 12, 31),
            subtotal=1_250_000,
            ppn=137_500,
            total=1_387_500,
            credited=100_000,
            paid=0,
            state="overdue",
            delivery_numbers=("SJ/2026/00015",),
            credit_notes=("NK/2026/00001",),
        ),
    )
    data = HotelRecapData(
        organisation=ORG,
        hotel=Party(code="HTL001", name="Emersia Hotel", contact="PT Emersia Hotel & Resort"),
        year=2026,
        month=11,
        as_of=dt.date(2027, 1, 5),
        invoices=rows,
        totals=RecapTotals(1_850_000, 137_500, 1_987_500, 100_000, 600_000, 1_287_500),
        draft_count=1,
    )
    text = pdf_text(render_hotel_recap(data))
    flat = squash(text)
    assert "REKAP TAGIHAN" in text and "November 2026" in text
    assert squash("UD Roti <b>Pandan</b> & Co") in flat
    assert squash("SJ/2026/00012–00014, 00020") in flat and "NK/2026/00001" in text
    for amount in ("Rp1.987.500", "Rp137.500", "Rp600.000", "Rp1.287.500", "Rp100.000"):
        assert amount in text
    assert "Lunas" in text and squash("Lewat jatuh tempo") in flat
    assert squash("1 tagihan bulan ini masih draft") in flat


def test_the_supplier_statement_shows_deliveries_invoices_payments_and_what_is_owed():
    data = SupplierStatementData(
        organisation=ORG,
        supplier=Party(code="SUP0001", name="CV Kopi Sinar Lampung"),
        supplier_bank="Bank Lampung · 380.01.02.12345",
        supplier_is_pkp=True,
        year=2026,
        month=12,
        period_start=dt.date(2026, 12, 1),
        as_of=dt.date(2026, 12, 31),
        opening_balance=0,
        entries=(
            StatementEntry(
                "invoice",
                dt.date(2026, 12, 1),
                "INV/2026/00002",
                "Emersia <Hotel>",
                1_387_500,
                1_387_500,
                due_date=dt.date(2026, 12, 31),
                billed_year=2026,
                billed_month=11,
            ),
            StatementEntry(
                "payment",
                dt.date(2026, 12, 20),
                "KW/2026/00004",
                "Emersia <Hotel>",
                387_500,
                1_000_000,
                invoice_number="INV/2026/00002",
                method="Transfer bank",
                reference="TRX-1",
            ),
        ),
        invoiced=1_387_500,
        credited=0,
        received=387_500,
        refunded=0,
        closing_balance=1_000_000,
        ageing=Ageing(not_due=1_000_000),
        open_invoices=(
            OpenInvoice(
                "INV/2026/00002",
                "Emersia <Hotel>",
                dt.date(2026, 12, 1),
                dt.date(2026, 12, 31),
                1_387_500,
                0,
                387_500,
                0,
            ),
        ),
        deliveries=(
            StatementDelivery(dt.date(2026, 12, 3), "SJ/2026/00099", "Novotel", 90_000, "posted"),
        ),
    )
    text = pdf_text(render_supplier_statement(data))
    flat = squash(text)
    assert "LAPORAN PIUTANG PEMASOK" in text and "SJ/2026/00099" in text
    assert squash("Emersia <Hotel>") in flat and squash("belum ditagih") in flat
    assert "KW/2026/00004" in text and "TRX-1" in text
    for amount in ("Rp90.000", "Rp1.387.500", "Rp387.500", "Rp1.000.000"):
        assert amount in text


# --------------------------------------------------------------------------- reconciliation


def test_the_reconciliation_report_prints_suppliers_products_counts_and_exceptions():
    recon = Reconciliation(
        year=2026,
        month=11,
        hotel_id=1,
        hotel_name="Emersia Hotel",
        made_at=dt.datetime(2026, 12, 2, 8, 0),
        products=(
            ProductLine(
                "Emersia Hotel",
                "UD Roti <b>Pandan</b> & Co",
                "PRD0001",
                "Roti Sobek Pandan",
                Unit.PCS,
                Decimal(100),
                Decimal(90),
                Decimal(88),
                Decimal(2),
                1_056_000,
                24_000,
                "Rusak 2",
                Decimal(88),
                1_056_000,
                0,
            ),
        ),
        suppliers=(
            SupplierLine(
                1,
                "Emersia Hotel",
                2,
                "UD Roti <b>Pandan</b> & Co",
                1,
                Decimal("90.0"),
                1_056_000,
                24_000,
                1_056_000,
                0,
                500_000,
            ),
        ),
        stock_checks=(
            StockCheck(
                "Emersia Hotel",
                "SO/2026/00001",
                dt.date(2026, 11, 30),
                "Roti Sobek Pandan",
                Unit.PCS,
                Decimal(10),
                Decimal(8),
                -24_000,
            ),
        ),
        exceptions=(
            ReconException(
                ExceptionKind.OVERDUE,
                dt.date(2026, 12, 1),
                "Emersia Hotel",
                "UD Roti <b>Pandan</b> & Co",
                "INV/2026/00001, jatuh tempo 01/12/2026",
                556_000,
                "invoice",
                1,
            ),
        ),
        totals={
            "accepted_value": 1_056_000,
            "rejected_value": 24_000,
            "invoiced": 1_056_000,
            "credited": 0,
            "paid": 500_000,
            "outstanding": 556_000,
            "not_invoiced": 0,
        },
    )
    pdf = render_reconciliation(recon, organisation=ORG, printed_at=dt.datetime(2026, 12, 2, 9))
    text = pdf_text(pdf)
    flat = squash(text)
    assert squash("REKONSILIASI AKHIR BULAN") in flat and "November 2026" in text
    assert squash("UD Roti <b>Pandan</b> & Co") in flat
    assert "Rp1.056.000" in text and "Rp556.000" in text and "Rusak 2" in text
    assert "SO/2026/00001" in text and "-Rp24.000" in text
    assert "INV/2026/00001" in text
    assert pdf == render_reconciliation(
        recon, organisation=ORG, printed_at=dt.datetime(2026, 12, 2, 9)
    )


# --------------------------------------------------------------------------- helpers


def test_delivery_note_numbers_print_compactly_but_each_stays_readable():
    assert compact_numbers(
        ["SJ/2026/00012", "SJ/2026/00013", "SJ/2026/00014", "SJ/2026/00020", "SJ/2026/00021"]
    ) == ("SJ/2026/00012–00014, 00020, 00021")
    assert compact_numbers(["A-1", "B-7"]) == "A-1, B-7"
    assert compact_numbers([]) == ""


def test_the_dpp_fraction_is_told_from_the_amounts():
    assert tax_base_fraction(1_250_000, 1_145_833) == "11/12"
    assert tax_base_fraction(1_250_000, 0) == ""
