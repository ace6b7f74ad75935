"""After a month is closed, the receiving, ordering and stock dialogs say why nothing dated in it
can be written, and show its documents read-only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox
from sqlalchemy import func, select

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.models import Delivery, Order, Period, StockDocument
from hotel_supply.models.enums import CountStatus, PeriodStatus, StockDocumentKind, Unit
from hotel_supply.services import deliveries, stock_counts
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs import stock_count as stock_count_dialog
from hotel_supply.ui.dialogs import stock_document as stock_document_dialog
from hotel_supply.ui.dialogs.adhoc_order import AdhocOrderDialog
from hotel_supply.ui.dialogs.delivery import DeliveryDialog
from hotel_supply.ui.dialogs.new_delivery import NewDeliveryDialog
from hotel_supply.ui.dialogs.stock_count import StartCountDialog, StockCountDialog
from hotel_supply.ui.dialogs.stock_document import DocCol, StockDocumentDialog
from hotel_supply.ui.table_model import ROW_ROLE
from tests.factories import make_hotel, make_product, make_supplier

OCT = dt.date(2026, 10, 15)
NOV = dt.date(2026, 11, 20)
CLOSED = "Oktober 2026 sudah ditutup"


@pytest.fixture
def ctx(sqlite_db, monkeypatch) -> AppContext:
    db = sqlite_db
    clock.set_clock(lambda: dt.datetime(2026, 10, 14, 9, 0))
    supplier = make_supplier(db, name="UMKM Keripik Bu Ani")
    chips = make_product(db, supplier, name="Keripik Pisang", unit=Unit.PAK,
                         standard_price=25_000)
    hotel = make_hotel(db, name="Hotel Emersia")
    lines = [LineInput(product_id=chips, ordered=Decimal(30), delivered=Decimal(30),
                       accepted=Decimal(30))]
    posted = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=OCT)
    deliveries.post_delivery(db, delivery_id=posted,
                             data=DeliveryInput(delivery_date=OCT, lines=lines))
    draft = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=OCT)
    count = stock_counts.start_count(db, hotel_id=hotel, day=dt.date(2026, 10, 31))
    with db.unit_of_work(anyone=True) as s:
        s.add(Period(year=2026, month=10, status=PeriodStatus.CLOSED, closed_by="tester"))
    clock.set_clock(lambda: dt.datetime(2026, 11, 20, 9, 0))

    context = AppContext(db, Preferences(last_hotel_id=hotel))
    context.ids = {"hotel": hotel, "supplier": supplier,  # type: ignore[attr-defined]
                   "chips": chips, "posted": posted, "draft": draft, "count": count}
    context.warnings = []  # type: ignore[attr-defined]
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _p, _t, text, *a: context.warnings.append(text))  # type: ignore
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    return context


def rows(ctx: AppContext, model: Any) -> int:
    with ctx.db.reader() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_a_delivery_dated_in_a_closed_month_is_refused_with_the_reason(qtbot, ctx):
    dialog = NewDeliveryDialog(ctx, hotel_id=ctx.ids["hotel"], day=OCT)
    qtbot.addWidget(dialog)
    dialog.supplier.select_id(ctx.ids["supplier"])
    dialog.show()
    before = rows(ctx, Delivery)

    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    assert len(ctx.warnings) == 1 and ctx.warnings[0].startswith(CLOSED)
    assert "koreksi" in ctx.warnings[0]  # it says where the correction goes
    assert dialog.isVisible() and dialog.delivery_id is None  # the clerk can pick another date
    assert rows(ctx, Delivery) == before

    dialog.day.set_value(NOV)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.delivery_id is not None and not dialog.isVisible()
    assert len(ctx.warnings) == 1


def test_a_draft_of_a_closed_month_opens_read_only_and_says_why(qtbot, ctx):
    dialog = DeliveryDialog(ctx, ctx.ids["draft"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.banner.isVisible() and dialog.banner.text().startswith(CLOSED)
    for button in (dialog.save_button, dialog.post_button, dialog.discard_button,
                   dialog.add_button):
        assert not button.isVisible()
    assert not dialog.date.isEnabled()

    posted = DeliveryDialog(ctx, ctx.ids["posted"])
    qtbot.addWidget(posted)
    posted.show()
    assert not posted.cancel_button.isVisible()
    assert posted.print_button.isVisible()  # its note can still be printed
    assert posted.banner.text().startswith(CLOSED)


def test_an_ad_hoc_order_dated_in_a_closed_month_is_refused_with_the_reason(qtbot, ctx):
    dialog = AdhocOrderDialog(ctx, hotel_id=ctx.ids["hotel"], day=OCT)
    qtbot.addWidget(dialog)
    dialog.supplier.select_id(ctx.ids["supplier"])
    dialog.show()
    index = dialog.model.index(0, 2)
    dialog.table.setCurrentIndex(index)
    dialog.table.edit(index)
    editor = next(w for w in dialog.table.viewport().findChildren(QLineEdit) if w.isVisible())
    qtbot.keyClicks(editor, "5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(5)
    assert dialog.model.index(0, 2).data() == "5"

    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    assert len(ctx.warnings) == 1 and ctx.warnings[0].startswith(CLOSED)
    assert dialog.isVisible()
    assert rows(ctx, Order) == 0


def test_a_waste_write_off_dated_in_a_closed_month_is_refused_with_the_reason(
        qtbot, ctx, monkeypatch):
    monkeypatch.setattr(stock_document_dialog, "preview_stock_slip", lambda *_a, **_k: None)
    dialog = StockDocumentDialog(ctx, StockDocumentKind.WASTE, hotel_id=ctx.ids["hotel"],
                                 product_id=ctx.ids["chips"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.date.set_value(OCT)
    table = dialog.table
    index = dialog.model.index(0, DocCol.QUANTITY)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = next(w for w in table.viewport().findChildren(QLineEdit) if w.isVisible())
    qtbot.keyClicks(editor, "2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(5)
    dialog.model.setData(dialog.model.index(0, DocCol.REASON), "damaged", Qt.ItemDataRole.EditRole)
    assert dialog.post_button.isEnabled(), dialog.problems.text()

    qtbot.mouseClick(dialog.post_button, Qt.MouseButton.LeftButton)

    assert len(ctx.warnings) == 1 and ctx.warnings[0].startswith(CLOSED)
    assert dialog.result is None and dialog.isVisible()
    assert rows(ctx, StockDocument) == 0


def test_a_count_left_open_in_a_closed_month_is_read_only_and_a_new_one_can_start(
        qtbot, ctx, monkeypatch):
    frozen = StockCountDialog(ctx, ctx.ids["count"])
    qtbot.addWidget(frozen)
    frozen.show()
    assert frozen.subtitle.text().startswith(CLOSED)
    for button in (frozen.save_button, frozen.post_button, frozen.cancel_button,
                   frozen.add_button):
        assert not button.isVisible()

    asked: list[str] = []
    monkeypatch.setattr(stock_count_dialog, "confirm",
                        lambda _p, text, **_k: asked.append(text) or True)
    start = StartCountDialog(ctx, hotel_id=ctx.ids["hotel"])
    qtbot.addWidget(start)
    start.show()
    ok = start.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    assert asked == []  # the October count is not offered to be continued
    assert start.count_id is not None and start.count_id != ctx.ids["count"]
    view = stock_counts.get_count(ctx.db, start.count_id)
    assert view.count_date == NOV and view.status == CountStatus.OPEN and view.editable


def test_the_counts_page_offers_only_to_look_at_a_count_of_a_closed_month(qtbot, ctx):
    from hotel_supply.ui.pages.counts import CountsPage

    page = CountsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    rows = [page.table.model().index(r, 0) for r in range(page.table.model().rowCount())]
    (october,) = [i for i in rows if i.data(ROW_ROLE).id == ctx.ids["count"]]
    page.table.selectRow(october.row())
    assert page.open_button.text() == "Buka"  # not "Lanjutkan"
    assert not page.cancel_button.isEnabled()
    assert page.print_button.isEnabled()
