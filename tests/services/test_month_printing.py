"""A whole month printed into one folder: the PDFs drawn by a pool of processes are the
documents each preview draws, one by one, in the language and money format of the app;
the invoices' data read together is each invoice's data read alone."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.documents.hotel_recap import render_hotel_recap
from hotel_supply.documents.invoice import render_invoice
from hotel_supply.documents.supplier_statement import render_supplier_statement
from hotel_supply.formatting import use_money_format
from hotel_supply.i18n import set_language
from hotel_supply.models.enums import PaymentMethod
from hotel_supply.progress import Cancelled, Progress
from hotel_supply.services import credit_notes, deliveries, invoicing, payments
from hotel_supply.services.credit_notes import CreditLineInput
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.file_names import (
    hotel_recap_file_name,
    invoice_file_name_of,
    supplier_statement_file_name,
)
from hotel_supply.services.invoice_printing import hotel_recap_data, invoice_data, invoices_data
from hotel_supply.services.month_printing import month_documents, print_month
from hotel_supply.services.settings import load_settings, save_settings
from hotel_supply.services.statement import supplier_statement_data, supplier_statements_data
from tests.factories import make_hotel, make_price, make_product, make_supplier

NOW = dt.datetime(2026, 11, 20, 10, 0)


@pytest.fixture
def october(db: Database) -> dict[str, object]:
    """Two hotels, three suppliers: six October invoices issued on 1 November, one paid
    in part, one corrected by a credit note."""
    clock.set_clock(lambda: dt.datetime(2026, 10, 31, 16, 0))
    hotels = [make_hotel(db, code="EMR", name="Emersia Hotel"),
              make_hotel(db, code="NVT", name="Novotel Lampung")]
    suppliers = []
    for n, (code, name) in enumerate([("KOPILIWA", "CV Kopi Liwa"), ("SINAR", "UD Sinar Rasa"),
                                      ("TAPIS", "Kerajinan Tapis Bu Sri")]):
        supplier = make_supplier(db, code=code, name=name)
        suppliers.append(supplier)
        product = make_product(db, supplier, name=f"Produk {name} 250 g")
        for k, hotel in enumerate(hotels):
            make_price(db, hotel_id=hotel, product_id=product, price=12_500 * (n + k + 1))
            for day in (3, 17):
                delivery = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier,
                                                   day=dt.date(2026, 10, day))
                deliveries.post_delivery(db, delivery_id=delivery, data=DeliveryInput(
                    delivery_date=dt.date(2026, 10, day),
                    lines=[LineInput(product_id=product, delivered=Decimal(day % 7 + 1),
                                     accepted=Decimal(day % 7 + 1))]))
    clock.set_clock(lambda: dt.datetime(2026, 11, 1, 9, 0))
    drafts = invoicing.generate_drafts(db, year=2026, month=10)
    issued, refused = invoicing.issue_invoices(db, invoice_ids=drafts.invoice_ids,
                                               issue_date=dt.date(2026, 11, 1))
    assert not refused and len(issued) == 6
    first = issued[0].invoice_id
    payments.record_payment(db, invoice_id=first, paid_on=dt.date(2026, 11, 10), amount=10_000,
                            method=PaymentMethod.TRANSFER, reference="TRF-1")
    line_id = invoice_data(db, invoice_id=issued[1].invoice_id).lines[0].invoice_line_id
    assert line_id is not None
    credit = credit_notes.issue_credit_note(db, invoice_id=issued[1].invoice_id,
                                            lines=[CreditLineInput(line_id, Decimal(1))],
                                            reason="Satu bungkus rusak",
                                            issue_date=dt.date(2026, 11, 5))
    clock.set_clock(lambda: NOW)
    return {"hotels": hotels, "suppliers": suppliers, "credit_note": credit.credit_note_id}


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def one_by_one(db: Database, docs: object, paper: str) -> dict[str, bytes]:
    """Each document as its preview draws it, read and drawn alone, by file name."""
    made: dict[str, bytes] = {}
    for invoice_id, _number in docs.invoices:  # type: ignore[attr-defined]
        made[invoice_file_name_of(db, invoice_id=invoice_id)] = render_invoice(
            invoice_data(db, invoice_id=invoice_id), page_size=paper)
    for hotel_id, _name in docs.hotels:  # type: ignore[attr-defined]
        recap = hotel_recap_data(db, hotel_id=hotel_id, year=2026, month=10)
        made[hotel_recap_file_name(hotel_code=recap.hotel.code, year=2026, month=10)] = (
            render_hotel_recap(recap, page_size=paper))
    for supplier_id, _name in docs.suppliers:  # type: ignore[attr-defined]
        statement = supplier_statement_data(db, supplier_id=supplier_id, year=2026, month=10)
        name = supplier_statement_file_name(supplier_code=statement.supplier.code, year=2026,
                                            month=10)
        made[name] = render_supplier_statement(statement, page_size=paper)
    return made


def test_a_month_printed_through_the_pool_is_the_month_printed_one_by_one(db, october,
                                                                          tmp_path: Path):
    set_language("en")
    # the office's money format (Rp 1.250.000) reaches the pool's processes
    office = dataclasses.replace(load_settings(db), name="UPT UMKM", currency_space=True)
    save_settings(db, settings=office)
    try:
        docs = month_documents(db, year=2026, month=10)
        assert len(docs.invoices) == 6  # (the credit note of 5 November is November's)
        assert len(docs.hotels) == 2 and len(docs.suppliers) == 3
        steps: list[tuple[int, int]] = []
        written = print_month(db, docs, year=2026, month=10, folder=tmp_path / "month",
                              paper="F4", workers=2,
                              progress=Progress(lambda d, t, _m: steps.append((d, t))))
        expected = one_by_one(db, docs, "F4")
    finally:
        use_money_format(space=False)

    assert sorted(p.name for p in written) == sorted(expected) == sorted(
        p.name for p in (tmp_path / "month").iterdir())
    for path in written:
        text = pdf_text(path.read_bytes())
        assert text == pdf_text(expected[path.name]), path.name
        assert path.read_bytes() == expected[path.name], path.name  # the same bytes, even
    invoice_text = pdf_text(next(p for p in written if p.name.startswith("INV")).read_bytes())
    assert "INVOICE" in invoice_text and "Rp " in invoice_text
    assert steps[0] == (0, 11) and steps[-1] == (11, 11)
    assert [d for d, _t in steps] == list(range(12))


def test_the_invoices_read_together_are_each_invoice_read_alone(db, october):
    ids = [i for i, _n in month_documents(db, year=2026, month=10).invoices]
    ids.append(october["credit_note"])  # type: ignore[arg-type]

    together = invoices_data(db, invoice_ids=[*reversed(ids), 999_999])

    assert list(together) == list(reversed(ids))  # in the order asked; a missing one left out
    for invoice_id in ids:
        assert together[invoice_id] == invoice_data(db, invoice_id=invoice_id)
    assert any(d.is_credit_note and d.corrects_number for d in together.values())


def test_one_hotels_month_prints_its_invoices_its_recap_and_their_suppliers(db, october,
                                                                            tmp_path: Path):
    emr = october["hotels"][0]  # type: ignore[index]

    docs = month_documents(db, year=2026, month=10, hotel_id=emr)
    written = print_month(db, docs, year=2026, month=10, folder=tmp_path / "month", workers=0)

    names = sorted(p.name for p in written)
    assert len([n for n in names if n.startswith("INV")]) == 3
    assert [n for n in names if n.startswith("Rekap")] == ["Rekap-Tagihan_EMR_2026-10.pdf"]
    assert len([n for n in names if n.startswith("Laporan-Rekening")]) == 3


def test_cancelling_stops_the_month_and_keeps_the_files_written(db, october, tmp_path: Path):
    docs = month_documents(db, year=2026, month=10)

    def stop_after_two(done: int, _total: int, _message: str) -> None:
        if done >= 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        print_month(db, docs, year=2026, month=10, folder=tmp_path / "month", workers=0,
                    progress=Progress(stop_after_two))

    assert len(list((tmp_path / "month").iterdir())) == 2


def test_the_statements_read_together_are_each_statement_read_alone(db, october):
    suppliers = [*october["suppliers"], 999_999]  # type: ignore[misc]

    for month in (10, 11):  # October's deliveries; November's invoices, credit and payment
        together = supplier_statements_data(db, supplier_ids=suppliers, year=2026, month=month)

        assert list(together) == suppliers[:-1]  # in the order asked; a missing one left out
        for supplier_id in suppliers[:-1]:
            alone = supplier_statement_data(db, supplier_id=supplier_id, year=2026, month=month)
            assert together[supplier_id] == alone
    assert sum(s.credited for s in together.values()) > 0
    assert sum(s.received for s in together.values()) == 10_000
