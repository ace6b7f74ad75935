"""The supplier statement of account as its reader sees it: the summary, the account's
lines and totals, the ageing and the open invoices all show figures that add up, and
the deliveries say which were rejected or cancelled."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace

from pypdf import PdfReader

from hotel_supply import i18n
from hotel_supply.documents.data import Organisation, Party
from hotel_supply.documents.statement_data import (
    CREDIT_NOTE,
    INVOICE,
    PAYMENT,
    REFUND,
    Ageing,
    OpenInvoice,
    StatementDelivery,
    StatementEntry,
    SupplierStatementData,
)
from hotel_supply.documents.supplier_statement import render_supplier_statement
from hotel_supply.formatting import format_rupiah

D = dt.date
ORG = Organisation(name="Dinas Koperasi dan UKM Kota Bandar Lampung", city="Bandar Lampung")
OPENING = 45_583_260
# (kind, day, number, hotel, amount, invoice it concerns)
MOVES = [
    (PAYMENT, D(2026, 10, 2), "KW/2026/00101", "Emersia <Hotel>", 31_248_720, "INV/2026/00040"),
    (CREDIT_NOTE, D(2026, 10, 9), "NK/2026/00007", "Emersia <Hotel>", 5_550, "INV/2026/00040"),
    (REFUND, D(2026, 10, 15), "RF/2026/00001", "Emersia <Hotel>", 5_550, "INV/2026/00040"),
    (INVOICE, D(2026, 10, 31), "INV/2026/00077", "Bukit Randu", 14_328_990, ""),
]
SIGN = {INVOICE: 1, REFUND: 1, CREDIT_NOTE: -1, PAYMENT: -1}


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def entries(opening: int, moves=MOVES) -> tuple[StatementEntry, ...]:
    running, found = opening, []
    for kind, day, number, hotel, amount, invoice in moves:
        running += SIGN[kind] * amount
        found.append(
            StatementEntry(
                kind=kind,
                day=day,
                number=number,
                hotel_name=hotel,
                amount=amount,
                balance=running,
                invoice_number=invoice,
                due_date=D(2026, 11, 30) if kind == INVOICE else None,
                billed_year=2026 if kind == INVOICE else 0,
                billed_month=10 if kind == INVOICE else 0,
                method="Transfer bank" if kind in (PAYMENT, REFUND) else "",
                reference="TRX-9" if kind == PAYMENT else "",
            )
        )
    return tuple(found)


def statement(**changes: object) -> SupplierStatementData:
    lines = entries(OPENING)
    closing = OPENING - 31_248_720 - 5_550 + 5_550 + 14_328_990
    data = SupplierStatementData(
        organisation=ORG,
        supplier=Party(code="SUP0007", name="CV Boga Nyambai", address="Jl. Kartini 3"),
        supplier_bank="Bank Lampung · 380.01.02.12345",
        supplier_is_pkp=True,
        year=2026,
        month=10,
        period_start=D(2026, 10, 1),
        as_of=D(2026, 10, 31),
        opening_balance=OPENING,
        entries=lines,
        invoiced=14_328_990,
        credited=5_550,
        received=31_248_720,
        refunded=5_550,
        closing_balance=closing,
        ageing=Ageing(not_due=14_328_990, days_1_30=closing - 14_328_990),
        open_invoices=(
            OpenInvoice(
                "INV/2026/00040",
                "Emersia <Hotel>",
                D(2026, 9, 30),
                D(2026, 10, 14),
                OPENING,
                5_550,
                31_248_720 - 5_550,
                17,
            ),
            OpenInvoice(
                "INV/2026/00077",
                "Bukit Randu",
                D(2026, 10, 31),
                D(2026, 11, 30),
                14_328_990,
                0,
                0,
                -30,
            ),
        ),
        deliveries=(
            StatementDelivery(
                D(2026, 10, 6),
                "SJ/2026/00301",
                "Bukit Randu",
                12_793_741,
                "invoiced",
                "INV/2026/00077",
            ),
            StatementDelivery(D(2026, 10, 8), "SJ/2026/00302", "Bukit Randu", 0, "rejected"),
            StatementDelivery(D(2026, 10, 9), "SJ/2026/00303", "Emersia <Hotel>", 0, "cancelled"),
            StatementDelivery(D(2026, 10, 28), "SJ/2026/00304", "Bukit Randu", 420_000, "posted"),
        ),
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def test_the_summary_reads_opening_plus_invoices_less_credits_and_payments_as_the_closing():
    data = statement()
    text = pdf_text(render_supplier_statement(data))
    flat = squash(text)
    closing = OPENING + 14_328_990 - 5_550 - 31_248_720 + 5_550
    summary = [
        f"Saldo awal 01/10/2026 {format_rupiah(OPENING)}",
        f"+ Tagihan {format_rupiah(14_328_990)}",
        f"− Nota kredit {format_rupiah(5_550)}",
        f"− Pembayaran diterima {format_rupiah(31_248_720)}",
        f"+ Pengembalian dana {format_rupiah(5_550)}",
        f"= Saldo akhir 31/10/2026 {format_rupiah(closing)}",
    ]
    for line in summary:
        assert line in flat, line
    assert "Nilai tagihan dan nota kredit termasuk PPN." in flat


def test_each_line_of_the_account_carries_its_running_balance_and_the_totals_add_up():
    data = statement()
    flat = squash(pdf_text(render_supplier_statement(data)))
    balance = OPENING
    for kind, _day, number, _hotel, amount, _invoice in MOVES:
        balance += SIGN[kind] * amount
        assert number in flat
        assert format_rupiah(balance) in flat
    assert "Koreksi atas INV/2026/00040" in flat and "Dikembalikan atas INV/2026/00040" in flat
    assert "Pengembalian dana" in flat and "jatuh tempo 30/11/2026" in flat
    debit, credit = 14_328_990 + 5_550, 31_248_720 + 5_550
    assert OPENING + debit - credit == balance
    assert (
        f"Saldo akhir 31/10/2026 {format_rupiah(debit)} {format_rupiah(credit)} "
        f"{format_rupiah(balance)}"
    ) in flat


def test_the_ageing_and_the_open_invoices_add_up_to_the_closing_balance():
    data = statement()
    flat = squash(pdf_text(render_supplier_statement(data)))
    closing = data.closing_balance
    ageing = [14_328_990, closing - 14_328_990, 0, 0, 0, 0]
    assert sum(ageing) == closing
    assert " ".join(format_rupiah(x) for x in [*ageing, closing]) in flat
    totals = [OPENING + 14_328_990, 5_550, 31_248_720 - 5_550]
    assert totals[0] - totals[1] - totals[2] == closing
    assert f"Total {' '.join(format_rupiah(x) for x in totals)} {format_rupiah(closing)}" in flat


def test_rejected_and_cancelled_deliveries_say_so_and_are_never_awaiting_an_invoice():
    data = statement()
    flat = squash(pdf_text(render_supplier_statement(data)))
    assert "SJ/2026/00302 Bukit Randu Ditolak seluruhnya" in flat
    assert "SJ/2026/00303 Emersia <Hotel> Dibatalkan" in flat
    assert "SJ/2026/00304 Bukit Randu belum ditagih Rp420.000" in flat
    assert flat.count("belum ditagih") == 2  # the posted one, and the note under the table
    assert f"Total {format_rupiah(12_793_741 + 420_000)}" in flat
    assert "Sudah diterima tetapi belum ditagih: Rp420.000 sebelum PPN." in flat


def test_an_overpaid_invoice_and_a_closing_balance_below_zero_are_shown_honestly():
    overpaid = OpenInvoice(
        "INV/2026/00040",
        "Emersia <Hotel>",
        D(2026, 9, 30),
        D(2026, 10, 14),
        100_000,
        44_400,
        70_000,
        17,
    )
    data = statement(
        open_invoices=(overpaid,),
        closing_balance=-14_400,
        ageing=Ageing(credit=-14_400),
    )
    flat = squash(pdf_text(render_supplier_statement(data)))
    assert "-Rp14.400 lebih bayar" in flat
    assert "Saldo akhir di bawah nol" in flat
    assert "Lunas" not in flat


def test_a_month_without_movements_still_shows_its_opening_and_closing_balance():
    data = statement(
        entries=(),
        invoiced=0,
        credited=0,
        received=0,
        refunded=0,
        closing_balance=OPENING,
        ageing=Ageing(days_31_60=OPENING),
        open_invoices=(),
        deliveries=(),
    )
    flat = squash(pdf_text(render_supplier_statement(data)))
    assert f"Saldo awal 01/10/2026 {format_rupiah(OPENING)}" in flat
    assert f"= Saldo akhir 31/10/2026 {format_rupiah(OPENING)}" in flat
    assert "Tidak ada tagihan, nota kredit, atau pembayaran pada periode ini." in flat
    assert "Tidak ada pengiriman bulan ini." in flat


def test_a_supplier_without_pkp_is_told_no_ppn_is_charged():
    flat = squash(pdf_text(render_supplier_statement(statement(supplier_is_pkp=False))))
    assert "UMKM ini bukan PKP" in flat and "termasuk PPN" not in flat


def test_a_long_account_runs_over_pages_with_every_figure_whole():
    moves = [
        (
            PAYMENT,
            D(2026, 10, 1 + i % 28),
            f"KW/2026/{i:05d}",
            "Golden Tulip Springhill",
            123_456_789,
            "INV/2026/00001",
        )
        for i in range(1, 61)
    ]
    lines = entries(OPENING + 60 * 123_456_789, moves)
    data = statement(
        opening_balance=OPENING + 60 * 123_456_789,
        entries=lines,
        invoiced=0,
        credited=0,
        received=60 * 123_456_789,
        refunded=0,
        closing_balance=OPENING,
        ageing=Ageing(over_90=OPENING),
        open_invoices=(),
    )
    text = pdf_text(render_supplier_statement(data))
    assert "Halaman 2 dari" in text
    flat = squash(text)
    assert flat.count("Rp123.456.789") == 60
    assert format_rupiah(60 * 123_456_789) in flat
    assert f"= Saldo akhir 31/10/2026 {format_rupiah(OPENING)}" in flat


def test_the_same_statement_gives_the_same_bytes_and_prints_in_english():
    data = statement()
    assert render_supplier_statement(data) == render_supplier_statement(data)
    i18n.set_language("en")
    flat = squash(pdf_text(render_supplier_statement(data)))
    assert "SUPPLIER STATEMENT OF ACCOUNT" in flat
    assert "Rejected in full" in flat and "Refund to hotel" in flat
    assert "Invoice and credit-note amounts include PPN." in flat
