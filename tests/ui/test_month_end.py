"""Month end as the office does it: generate, issue, get paid, reconcile, close the month."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.models.enums import PeriodStatus
from hotel_supply.services import deliveries, periods
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.invoicing import draft_ids, generate_drafts, issue_invoices
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs import payment as payment_dialog
from hotel_supply.ui.dialogs.payment import PaymentDialog
from hotel_supply.ui.pages import invoices as invoices_page
from hotel_supply.ui.pages import reconciliation as reconciliation_page
from hotel_supply.ui.pages.invoices import COLUMNS, InvoicesPage
from hotel_supply.ui.pages.reconciliation import ReconciliationPage
from hotel_supply.ui.table_model import ROW_ROLE
from tests.factories import make_hotel, make_price, make_product, make_supplier


def receive(db, *, hotel: int, supplier: int, product: int, day: dt.date, qty: int) -> int:
    """A delivery counted and posted as the receiving clerk would."""
    delivery_id = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=day)
    q = Decimal(qty)
    deliveries.post_delivery(
        db,
        delivery_id=delivery_id,
        data=DeliveryInput(
            delivery_date=day,
            lines=[LineInput(product_id=product, ordered=q, delivered=q, accepted=q)],
        ),
    )
    return delivery_id


@pytest.fixture
def ctx(sqlite_db, monkeypatch):
    clock.set_clock(lambda: dt.datetime(2026, 11, 5, 9, 0))
    hotel = make_hotel(sqlite_db, name="Hotel Emersia")
    snacks = make_supplier(sqlite_db, name="Keripik Bu Ani")
    coffee = make_supplier(sqlite_db, name="Kopi Lampung Jaya", is_pkp=True)
    chips = make_product(sqlite_db, snacks, name="Keripik Pisang")
    beans = make_product(sqlite_db, coffee, name="Kopi Robusta 250 g")
    make_price(sqlite_db, hotel_id=hotel, product_id=chips, price=12_000)
    make_price(sqlite_db, hotel_id=hotel, product_id=beans, price=10_000)
    receive(
        sqlite_db, hotel=hotel, supplier=snacks, product=chips, day=dt.date(2026, 10, 6), qty=10
    )
    receive(
        sqlite_db, hotel=hotel, supplier=snacks, product=chips, day=dt.date(2026, 10, 20), qty=5
    )
    receive(
        sqlite_db, hotel=hotel, supplier=coffee, product=beans, day=dt.date(2026, 10, 14), qty=10
    )
    context = AppContext(sqlite_db, Preferences())
    context.ids = {"hotel": hotel}  # type: ignore[attr-defined]
    for module in (invoices_page, reconciliation_page, payment_dialog):
        monkeypatch.setattr(module, "confirm", lambda *a, **k: True)
    return context


def october_page(qtbot, ctx) -> InvoicesPage:
    page = InvoicesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.month.set_month(2026, 10)
    return page


def row_texts(page: InvoicesPage, row: int) -> dict[str, str]:
    return {c.header: page.model.index(row, i).data() for i, c in enumerate(COLUMNS)}


def row_of(page: InvoicesPage, supplier: str) -> int:
    for r in range(page.model.rowCount()):
        if page.model.index(r, 0).data(ROW_ROLE).supplier_name == supplier:
            return r
    raise AssertionError(f"no invoice of {supplier}")


def test_generating_drafts_lists_them_with_their_totals(qtbot, ctx):
    page = october_page(qtbot, ctx)
    assert page.model.rowCount() == 0

    page.generate()

    assert page.model.rowCount() == 2
    snacks = row_texts(page, row_of(page, "Keripik Bu Ani"))
    assert snacks["Number"] == "(draf)" or snacks["Number"].startswith("(")
    assert snacks["Subtotal"] == "Rp180.000"  # 15 × 12.000
    assert snacks["PPN"] == "" and snacks["Total"] == "Rp180.000"
    coffee = row_texts(page, row_of(page, "Kopi Lampung Jaya"))
    # PKP: DPP 11/12 of 100.000 = 91.667; PPN 12% of it = 11.000
    assert coffee["PPN"] == "Rp11.000" and coffee["Total"] == "Rp111.000"
    assert "Rp291.000" in page.banner.text()
    assert "Rp291.000" in page.footer.text()


def test_issuing_the_selected_draft_gives_it_a_number(qtbot, ctx, monkeypatch):
    page = october_page(qtbot, ctx)
    page.generate()
    monkeypatch.setattr(invoices_page, "ask_issue_date", lambda *a, **k: dt.date(2026, 11, 2))
    page.table.selectRow(row_of(page, "Keripik Bu Ani"))

    page.issue()

    snacks = row_texts(page, row_of(page, "Keripik Bu Ani"))
    assert snacks["Number"].startswith("INV/2026/")
    assert snacks["Issue date"] == "02/11/2026" and snacks["Due date"] == "02/12/2026"
    assert snacks["Outstanding"] == "Rp180.000"
    coffee = row_texts(page, row_of(page, "Kopi Lampung Jaya"))
    assert not coffee["Number"].startswith("INV/")  # only the selected draft was issued
    assert "1" in page.banner.text() and "Rp180.000" in page.banner.text()


@pytest.fixture
def issued(ctx):
    generate_drafts(ctx.db, year=2026, month=10)
    done, refused = issue_invoices(
        ctx.db, invoice_ids=draft_ids(ctx.db, year=2026, month=10), issue_date=dt.date(2026, 11, 2)
    )
    assert len(done) == 2 and not refused
    return ctx


def test_a_payment_above_what_is_owed_keeps_ok_disabled(qtbot, issued):
    page = october_page(qtbot, issued)
    row = page.model.index(row_of(page, "Keripik Bu Ani"), 0).data(ROW_ROLE)
    dialog = PaymentDialog(issued, row)
    qtbot.addWidget(dialog)
    assert dialog.amount.text() == "Rp180.000" and dialog.ok.isEnabled()

    dialog.amount.setText("200.000")

    assert not dialog.ok.isEnabled()
    assert dialog.amount_error.isVisibleTo(dialog)
    assert "Rp180.000" in dialog.amount_error.text()


def test_a_full_payment_makes_the_invoice_paid(qtbot, issued, monkeypatch):
    page = october_page(qtbot, issued)
    r = row_of(page, "Keripik Bu Ani")
    assert row_texts(page, r)["Status"] == "Belum dibayar"
    page.table.selectRow(r)
    recorded: list[PaymentDialog] = []

    def pay(dialog: PaymentDialog) -> int:
        recorded.append(dialog)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # the outstanding is the default
        return dialog.result()

    monkeypatch.setattr(PaymentDialog, "exec", pay)
    monkeypatch.setattr(payment_dialog, "confirm", lambda *a, **k: False)  # no receipt now

    page.record_payment()

    assert recorded and recorded[0].result_ is not None and recorded[0].result_.paid_in_full
    snacks = row_texts(page, row_of(page, "Keripik Bu Ani"))
    assert snacks["Status"] == "Lunas"
    assert snacks["Paid"] == "Rp180.000" and snacks["Outstanding"] == "Rp0"


def test_month_closes_only_after_the_exceptions_were_seen(qtbot, ctx):
    page = ReconciliationPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.month.set_month(2026, 10)

    page.run()

    assert page.recon is not None
    kinds = [
        page.exception_model.index(r, 0).data(ROW_ROLE)
        for r in range(page.exception_model.rowCount())
    ]
    not_invoiced = [e for e in kinds if e.ref_kind == "delivery"]
    assert len(not_invoiced) == 3  # three posted deliveries, none invoiced yet
    assert page.cards["exceptions"].value.text() == str(len(kinds))
    assert not page.close_button.isEnabled()
    page.close_month()  # refused: nothing happens before the exceptions were viewed
    assert periods.period_view(ctx.db, year=2026, month=10).status == PeriodStatus.OPEN

    page.tabs.setCurrentIndex(page.EXCEPTIONS_TAB)
    assert page.close_button.isEnabled()
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)

    assert periods.period_view(ctx.db, year=2026, month=10).status == PeriodStatus.CLOSED
    assert not page.close_button.isEnabled()
