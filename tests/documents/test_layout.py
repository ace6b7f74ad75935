"""Layout as a reader meets it on paper: a figure never breaks across lines, a unit never
wraps alone, the totals and signatures never stand alone on a last page, quantities of
different units are never added, and lots of one product are told apart on a count sheet."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from pypdf import PdfReader

from hotel_supply.db import Database
from hotel_supply.documents.count_sheet import render_count_sheet
from hotel_supply.documents.data import DeliveryNoteData, DeliveryNoteLine, Organisation, Party
from hotel_supply.documents.delivery_note import render_delivery_note
from hotel_supply.documents.hotel_recap import render_hotel_recap
from hotel_supply.documents.invoice import render_invoice
from hotel_supply.documents.invoice_data import (
    HotelRecapData,
    InvoiceDocData,
    InvoiceDocLine,
    RecapInvoice,
    RecapTotals,
)
from hotel_supply.documents.stock_data import CountSheetData, CountSheetLine, SignatureBox
from hotel_supply.formatting import format_qty, format_rupiah, line_amount
from hotel_supply.models.enums import Unit
from hotel_supply.services import deliveries, stock_counts
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.stock_printing import count_sheet_data
from tests.factories import make_hotel, make_price, make_product, make_supplier

ORG = Organisation(
    name="Dinas Koperasi dan UKM Kota Bandar Lampung",
    address="Jl. Dr. Susilo No. 2",
    city="Bandar Lampung",
)
SUPPLIER = Party(
    code="KOPILIWA",
    name="CV Kopi Liwa Lampung Barat",
    address="Jl. Teuku Umar No. 12, Bandar Lampung",
    npwp="0123456789012345",
)
HOTEL = Party(code="EMR", name="PT Emersia Hotel & Resort", npwp="0298765432109876")
PRINTED = dt.datetime(2026, 11, 1, 9, 30)
MONEY = re.compile(r"Rp[\d.]+")


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def last_pages(pdf: bytes) -> list[str]:
    """The text of the last two pages (the rest is not read: these loops run many times)."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return [page.extract_text() for page in pages[-2:]]


def rupiah(amount: int) -> str:
    return "Rp" + f"{amount:,}".replace(",", ".")


def amounts_on_lines(pages: list[str]) -> list[str]:
    """Every ``Rp…`` figure as it stands on a printed line (a wrapped one shows cut)."""
    return [m for page in pages for line in page.splitlines() for m in MONEY.findall(line)]


def invoice_line(no: int, qty: str, price: int, name: str = "Kopi Bubuk Robusta") -> InvoiceDocLine:
    q = Decimal(qty)
    return InvoiceDocLine(
        line_no=no,
        delivery_date=dt.date(2026, 10, (no - 1) % 28 + 1),
        delivery_number=f"SJ/2026/{no:05d}",
        product_code=f"PRD{no:04d}",
        product_name=name,
        unit="pak",
        quantity=q,
        unit_price=price,
        amount=line_amount(q, price),
    )


def make_invoice(lines: list[InvoiceDocLine]) -> InvoiceDocData:
    subtotal = sum(x.amount for x in lines)
    return InvoiceDocData(
        kind="invoice",
        number="INV/2026/00012",
        status="issued",
        year=2026,
        month=10,
        issue_date=dt.date(2026, 11, 1),
        due_date=dt.date(2026, 12, 1),
        organisation=ORG,
        supplier=SUPPLIER,
        supplier_is_pkp=False,
        supplier_bank="Bank Lampung · 380.01.02.12345 · CV Kopi Liwa",
        hotel=HOTEL,
        lines=tuple(lines),
        subtotal=subtotal,
        tax_base=0,
        tax_base_fraction="",
        ppn_rate=Decimal(0),
        ppn=0,
        total=subtotal,
        printed_at=PRINTED,
    )


# --------------------------------------------------------------------------- figures


@pytest.mark.parametrize(
    ("qty", "price"),
    [("9", 123_210_000), ("100", 123_456_789)],  # Rp1.108.890.000 and Rp12.345.678.900
)
def test_an_invoice_over_a_miliar_prints_every_amount_whole_on_one_line(qty, price):
    data = make_invoice([invoice_line(1, qty, price), invoice_line(2, "1", 15_000)])
    total = int(Decimal(qty) * price) + 15_000

    pages = pdf_pages(render_invoice(data))

    expected = {rupiah(price), rupiah(int(Decimal(qty) * price)), "Rp15.000", rupiah(total)}
    printed = amounts_on_lines(pages)
    assert set(printed) <= expected  # nothing cut short by a line break
    # the amount box, the subtotal, the total and the payment instructions
    assert printed.count(rupiah(total)) >= 4


def test_a_recap_over_a_miliar_prints_every_amount_whole_on_one_line():
    invoices = [
        RecapInvoice(
            number=f"INV/2026/{i:05d}",
            status="issued",
            supplier_name=f"Koperasi Produsen Kopi Robusta Lampung Barat Sejahtera {i}",
            issue_date=dt.date(2026, 11, 1),
            due_date=dt.date(2026, 12, 1),
            subtotal=1_108_890_000 + i,
            ppn=122_000_000 + i,
            total=1_230_890_000 + 2 * i,
            credited=101_000_000 + i,
            paid=1_000_000_000 + i,
            state="partly_paid",
            delivery_numbers=tuple(f"SJ/2026/{i * 100 + k:05d}" for k in range(0, 40, 3)),
            credit_notes=(f"NK/2026/{i:05d}",),
        )
        for i in range(1, 9)
    ]
    totals = RecapTotals(
        subtotal=sum(x.subtotal for x in invoices),
        ppn=sum(x.ppn for x in invoices),
        total=sum(x.total for x in invoices),
        credited=sum(x.credited for x in invoices),
        paid=sum(x.paid for x in invoices),
        outstanding=sum(x.outstanding for x in invoices),
    )
    data = HotelRecapData(
        organisation=ORG,
        hotel=Party(code="EMR", name="Emersia Hotel"),
        year=2026,
        month=10,
        as_of=dt.date(2026, 11, 5),
        invoices=tuple(invoices),
        totals=totals,
    )

    pages = pdf_pages(render_hotel_recap(data))

    expected = {
        rupiah(getattr(x, field))
        for x in [*invoices, totals]
        for field in ("subtotal", "ppn", "total", "credited", "paid", "outstanding")
    }
    printed = amounts_on_lines(pages)
    assert set(printed) <= expected
    assert rupiah(totals.total) in printed and rupiah(totals.outstanding) in printed


WORDS = ["Kemplang", "Panggang", "Tenggiri", "Khas", "Pesisir", "Lampung", "Barat", "Rasa"]


def test_a_unit_never_wraps_alone_from_its_number():
    # Names of every length, so one of them would break right before "g".
    lines = [
        invoice_line(i, "2", 25_000, " ".join(WORDS[: 1 + i % len(WORDS)]) + " 250 g")
        for i in range(1, 2 * len(WORDS) + 1)
    ]

    pages = pdf_pages(render_invoice(make_invoice(lines)))

    printed = [line.strip() for page in pages for line in page.splitlines()]
    assert not any(line == "g" or line.startswith("g ") for line in printed)
    assert not any(line.endswith(" 250") or line == "250" for line in printed)
    assert sum("250 g" in line or "250\u00a0g" in line for line in printed) == len(lines)


# --------------------------------------------------------------------------- what closes a page


def test_an_invoice_never_ends_on_a_page_with_only_its_totals():
    for count in range(20, 61):
        lines = [invoice_line(i, str(i % 7 + 1), 40_000 + 500 * i) for i in range(1, count + 1)]
        pages = last_pages(render_invoice(make_invoice(lines)))
        last = pages[-1]
        assert "Terbilang" in last and "CARA PEMBAYARAN" in last, count
        if len(pages) > 1:
            # the closing shares its page with at least one line, the last one included
            assert f"SJ/2026/{count:05d}" in last, count
            assert "Terbilang" not in pages[-2], count


def recap_data(count: int) -> HotelRecapData:
    invoices = [
        RecapInvoice(
            number=f"INV/2026/{i:05d}",
            status="issued",
            supplier_name=f"UD Jajanan Pasar {i}",
            issue_date=dt.date(2026, 11, 1),
            due_date=dt.date(2026, 12, 1),
            subtotal=600_000 + i,
            ppn=0,
            total=600_000 + i,
            credited=0,
            paid=0,
            state="unpaid",
            delivery_numbers=tuple(f"SJ/2026/{i * 10 + k:05d}" for k in range(4)),
        )
        for i in range(1, count + 1)
    ]
    total = sum(x.total for x in invoices)
    return HotelRecapData(
        organisation=ORG,
        hotel=Party(code="EMR", name="Emersia Hotel"),
        year=2026,
        month=10,
        as_of=dt.date(2026, 11, 5),
        invoices=tuple(invoices),
        totals=RecapTotals(total, 0, total, 0, 0, total),
    )


def test_a_recaps_signatures_never_stand_alone_on_its_last_page():
    for count in range(1, 45, 3):
        pages = last_pages(render_hotel_recap(recap_data(count)))
        last = pages[-1]
        assert "Dibuat oleh" in last and "Diperiksa oleh" in last, count
        # the signatures sign the totals: the last invoice and the totals row are there
        assert f"INV/2026/{count:05d}" in last, count
        total = rupiah(sum(600_000 + i for i in range(1, count + 1)))
        assert total in last, count


def test_a_long_delivery_notes_signatures_come_with_its_last_lines_and_totals():
    lines = [note_line(i, "pcs" if i % 2 else "pak", "3", 10_000) for i in range(1, 60)]
    for count in range(30, 60, 3):
        pages = last_pages(render_delivery_note(make_note(lines[:count]), copies=("ASLI",)))
        last = pages[-1]
        assert "Pengirim" in last and "Total per satuan" in last, count
        assert f"Produk nomor {count}\n" in last + "\n", count


# --------------------------------------------------------------------------- delivery note


def note_line(
    no: int, unit: str, qty: str, price: int, *, rejected: str = "0", ordered: str | None = None
) -> DeliveryNoteLine:
    delivered = Decimal(qty)
    rejected_q = Decimal(rejected)
    accepted = delivered - rejected_q
    return DeliveryNoteLine(
        line_no=no,
        product_code=f"P-{no:03d}",
        product_name=f"Produk nomor {no}",
        unit=unit,
        ordered=Decimal(ordered or qty),
        delivered=delivered,
        accepted=accepted,
        rejected=rejected_q,
        rejection_reason="Rusak" if rejected_q else "",
        rejection_note="",
        unit_price=price,
        amount=line_amount(accepted, price),
    )


def make_note(lines: list[DeliveryNoteLine]) -> DeliveryNoteData:
    return DeliveryNoteData(
        number="SJ/2026/00001",
        status="posted",
        delivery_date=dt.date(2026, 10, 27),
        arrived_at=None,
        organisation=ORG,
        supplier=SUPPLIER,
        hotel=HOTEL,
        lines=tuple(lines),
        printed_at=PRINTED,
        total_value=sum(x.amount for x in lines),
    )


def test_a_delivery_note_totals_each_unit_on_its_own_and_never_adds_pcs_to_pak():
    lines = [
        note_line(1, "pcs", "24", 12_000, rejected="3"),
        note_line(2, "pak", "6", 45_000, ordered="8"),
        note_line(3, "pcs", "67", 3_500),
        note_line(4, "pak", "1", 18_500),
    ]

    tokens = "\n".join(pdf_pages(render_delivery_note(make_note(lines), copies=("ASLI",)))).split()

    def row_of(unit: str) -> list[str]:
        mine = [x for x in lines if x.unit == unit]
        quantities = [
            sum((getattr(x, f) for x in mine), Decimal(0))
            for f in ("ordered", "delivered", "accepted", "rejected")
        ]
        return [
            unit,
            *(format_qty(q) for q in quantities),
            format_rupiah(sum(x.amount for x in mine)),
        ]

    def contains(seq: list[str]) -> bool:
        return any(tokens[i : i + len(seq)] == seq for i in range(len(tokens)))

    pcs, pak = row_of("pcs"), row_of("pak")
    assert pcs == ["pcs", "91", "91", "88", "3", format_rupiah(21 * 12_000 + 67 * 3_500)]
    assert contains(["Total", "per", "satuan", *pcs])
    assert contains(pak)
    grand = sum(x.amount for x in lines)
    assert contains(["Total", "nilai,", "semua", "satuan", format_rupiah(grand)])
    # No row adds pcs to pak: ordered 91 + 9, delivered 91 + 7, accepted 88 + 7.
    assert not {"100", "98", "95"} & set(tokens)


def test_a_delivery_note_of_one_unit_has_one_plain_total_row():
    lines = [note_line(1, "kg", "2.5", 50_000), note_line(2, "kg", "1.25", 40_000)]

    tokens = "\n".join(pdf_pages(render_delivery_note(make_note(lines), copies=("ASLI",)))).split()

    value = format_rupiah(125_000 + 50_000)
    i = tokens.index("Total")
    assert tokens[i : i + 7] == ["Total", "kg", "3,75", "3,75", "3,75", "0", value]
    assert "semua" not in tokens


# --------------------------------------------------------------------------- count sheet


def test_a_count_sheet_tells_lots_of_one_product_apart():
    lots = [
        ("RT-1021", dt.date(2026, 11, 3), dt.date(2026, 10, 27)),
        ("RT-1028", dt.date(2026, 11, 3), dt.date(2026, 10, 28)),
        ("", None, dt.date(2026, 10, 29)),
    ]
    lines = tuple(
        CountSheetLine(
            line_no=no,
            product_code="RT-007",
            product_name="Roti Sobek Pandan",
            supplier_name="UD Roti Pandan",
            unit="pcs",
            lot_code=code,
            expiry_date=expiry,
            book=None,
            counted=None,
            received_on=received,
        )
        for no, (code, expiry, received) in enumerate(lots, start=1)
    )
    data = CountSheetData(
        organisation=ORG,
        number="",
        status="open",
        hotel=HOTEL,
        count_date=dt.date(2026, 11, 1),
        show_book=False,
        lines=lines,
        signatures=(SignatureBox("Penghitung"),),
        printed_at=PRINTED,
    )

    text = "\n".join(pdf_pages(render_count_sheet(data)))

    assert "Tgl. terima" in text
    for code, _expiry, received in lots:
        assert received.strftime("%d/%m/%Y") in text
        assert not code or code in text


def test_the_count_sheet_data_carries_the_day_each_lot_was_received(db: Database):
    supplier = make_supplier(db, name="UD Roti Pandan")
    hotel = make_hotel(db, name="Emersia Hotel")
    kopi = make_product(db, supplier, name="Kopi Bubuk Robusta", unit=Unit.KG)
    make_price(db, hotel_id=hotel, product_id=kopi, price=90_000)
    days = [dt.date(2026, 10, 27), dt.date(2026, 10, 28), dt.date(2026, 10, 29)]
    for day in days:  # three lots of one product, no lot code, no expiry
        delivery_id = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=day)
        deliveries.post_delivery(
            db,
            delivery_id=delivery_id,
            data=DeliveryInput(
                delivery_date=day,
                lines=[LineInput(product_id=kopi, delivered=Decimal(2), accepted=Decimal(2))],
            ),
        )
    count_id = stock_counts.start_count(db, hotel_id=hotel, day=dt.date(2026, 10, 30))

    data = count_sheet_data(db, count_id=count_id, printed_at=PRINTED)

    assert sorted(x.received_on for x in data.lines if x.received_on) == days
    assert len(data.lines) == 3
