"""Receiving as a clerk does it: Hari Ini → open the expected delivery → type → post → list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QMessageBox

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.models.enums import DeliveryStatus, RejectionReason, Unit
from hotel_supply.services import deliveries, stock
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs import delivery as delivery_dialog
from hotel_supply.ui.dialogs.delivery import DeliveryDialog
from hotel_supply.ui.dialogs.delivery_lines import Col
from hotel_supply.ui.pages.deliveries import DeliveriesPage
from hotel_supply.ui.pages.today import TodayPage
from tests.factories import make_hotel, make_product, make_standing_order, make_supplier

DAY = dt.date(2026, 11, 23)  # a Monday


@pytest.fixture
def ctx(sqlite_db, monkeypatch):
    clock.set_clock(lambda: dt.datetime(2026, 11, 23, 8, 15))
    supplier = make_supplier(sqlite_db, name="Roti Bu Tini & <Anak>")
    bread = make_product(sqlite_db, supplier, name="Roti Sobek", perishable=True,
                         shelf_life_days=3, standard_price=8_000)
    chips = make_product(sqlite_db, supplier, name="Keripik Pisang", unit=Unit.PAK,
                         standard_price=25_000)
    hotel = make_hotel(sqlite_db, name="Hotel Emersia")
    make_standing_order(sqlite_db, hotel_id=hotel, product_id=bread,
                        quantities=[20, 20, 20, 20, 20, 0, 0])
    make_standing_order(sqlite_db, hotel_id=hotel, product_id=chips,
                        quantities=[10, 0, 0, 0, 0, 0, 0])
    context = AppContext(sqlite_db, Preferences())
    context.ids = {"hotel": hotel, "bread": bread, "chips": chips,  # type: ignore[attr-defined]
                   "supplier": supplier}
    opened: list[DeliveryDialog] = []
    monkeypatch.setattr(DeliveryDialog, "exec", lambda self: opened.append(self) or 0)
    context.opened = opened  # type: ignore[attr-defined]
    monkeypatch.setattr(delivery_dialog, "confirm", lambda *a, **k: True)
    monkeypatch.setattr(DeliveryDialog, "print_note", lambda self: None)
    return context


def type_into(qtbot, dialog: DeliveryDialog, row: int, col: Col, text: str) -> None:
    """Select a cell, start editing as a user would (F2), type, press Enter."""
    index = dialog.model.index(row, col)
    dialog.table.setCurrentIndex(index)
    dialog.table.edit(index)
    viewport = dialog.table.viewport()
    editors = [w for kind in (QLineEdit, QComboBox) for w in viewport.findChildren(kind)
               if w.isVisible()]
    assert len(editors) == 1, "the cell did not open an editor"
    editor = editors[0]
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(editor.findData(text))
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.wait(5)  # the delegate commits on a queued call, as in the event loop
    else:
        assert isinstance(editor, QLineEdit)
        editor.selectAll()
        qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.wait(5)


def cell(dialog: DeliveryDialog, row: int, col: Col) -> str:
    return dialog.model.index(row, col).data()


def test_receiving_an_expected_delivery_from_today_to_the_list(qtbot, ctx):
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    page.day.set_value(DAY)
    page.show()
    page.refresh()
    assert page.model.rowCount() == 1
    assert page.model.index(0, 0).data() == "Belum tiba"
    assert page.card_waiting.value.text() == "1"

    page.open_selected()
    dialog = ctx.opened[-1]
    dialog.show()
    assert cell(dialog, 0, Col.PRODUCT).endswith("Roti Sobek")
    assert cell(dialog, 0, Col.ORDERED) == "20"
    assert cell(dialog, 0, Col.ACCEPTED) == "20"

    # two loaves are squashed: reject them; accepted follows
    type_into(qtbot, dialog, 0, Col.REJECTED, "2")
    assert cell(dialog, 0, Col.ACCEPTED) == "18"
    assert not dialog.post_button.isEnabled()
    assert "alasan" in dialog.problems.text()
    type_into(qtbot, dialog, 0, Col.REASON, RejectionReason.DAMAGED.value)
    assert cell(dialog, 0, Col.REASON) == "Rusak"
    assert "kedaluwarsa" in dialog.problems.text()  # perishable without expiry
    type_into(qtbot, dialog, 0, Col.EXPIRY, "26/11/2026")
    type_into(qtbot, dialog, 0, Col.LOT, "RS-2311")
    type_into(qtbot, dialog, 1, Col.DELIVERED, "9")  # one pack short
    assert cell(dialog, 1, Col.ACCEPTED) == "9"
    assert dialog.problems.text() == ""
    assert dialog.post_button.isEnabled()
    qtbot.keyClicks(dialog.driver, "Pak Joko")
    qtbot.keyClicks(dialog.plate, "be 1234 ab")
    # 18 × 8.000 + 9 × 25.000
    assert dialog.total.text() == "Nilai diterima: Rp369.000"

    qtbot.mouseClick(dialog.post_button, Qt.MouseButton.LeftButton)
    assert dialog.view is not None and dialog.view.status == DeliveryStatus.POSTED
    assert dialog.status_label.text() == "Diposting"
    assert "SJ/2026/00001" in dialog.subtitle.text()
    assert not dialog.post_button.isVisible() and dialog.cancel_button.isVisible()
    with ctx.db.reader() as s:
        assert stock.on_hand(s, hotel_id=ctx.ids["hotel"], product_id=ctx.ids["bread"]) == 18
        assert stock.on_hand(s, hotel_id=ctx.ids["hotel"], product_id=ctx.ids["chips"]) == 9
    view = deliveries.get_delivery(ctx.db, dialog.delivery_id)
    assert view.data.driver_name == "Pak Joko" and view.data.vehicle_plate == "BE 1234 AB"
    assert view.lines[0].input.lot_code == "RS-2311"
    assert view.lines[0].input.expiry_date == dt.date(2026, 11, 26)

    page.refresh()
    assert page.model.index(0, 0).data() == "Sudah tiba"
    assert page.card_arrived.value.text() == "1"
    assert page.card_value.value.text() == "Rp369.000"

    listing = DeliveriesPage(ctx)
    qtbot.addWidget(listing)
    listing.show()
    listing.date_from.set_value(DAY)
    listing.refresh()
    assert listing.model.rowCount() == 1
    row = [listing.model.index(0, c).data() for c in range(listing.model.columnCount())]
    assert "SJ/2026/00001" in row and "Roti Bu Tini & <Anak>" in row
    assert "Rp369.000" in row and "Diposting" in row
    qtbot.keyClicks(listing.search, "keripik")
    listing.refresh()
    assert listing.model.rowCount() == 1
    listing.search.clear()
    qtbot.keyClicks(listing.search, "tidak ada")
    listing.refresh()
    assert listing.model.rowCount() == 0
    assert listing.count_label.text() == "0 pengiriman"


def test_bad_input_shows_a_message_and_changes_nothing(qtbot, ctx, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    page.day.set_value(DAY)
    page.refresh()
    page.open_selected()
    dialog = ctx.opened[-1]
    dialog.show()

    type_into(qtbot, dialog, 0, Col.DELIVERED, "abc")
    assert warnings == []  # said under the table, no box takes the focus away
    assert dialog.typing_problem.text() == "Baris 1 (Roti Sobek) · Dikirim: “abc” bukan angka."
    # what was typed stays in the cell, marked, until retyped; the line keeps its 20
    assert cell(dialog, 0, Col.DELIVERED) == "abc"
    assert dialog.model.lines[0].delivered == 20
    assert not dialog.post_button.isEnabled()

    type_into(qtbot, dialog, 0, Col.DELIVERED, "2.5")
    assert "koma" in dialog.typing_problem.text()

    type_into(qtbot, dialog, 0, Col.ACCEPTED, "25")  # more than delivered
    assert not dialog.post_button.isEnabled()
    assert "Diterima ditambah ditolak harus sama dengan dikirim" in dialog.problems.text()

    type_into(qtbot, dialog, 0, Col.ACCEPTED, "20")
    type_into(qtbot, dialog, 0, Col.EXPIRY, "01/11/2026")  # before the delivery date
    assert "sebelum tanggal kirim" in dialog.problems.text()
    dialog.post()  # Ctrl+Enter while invalid: refused, nothing posted (nor even saved)
    assert dialog.delivery_id is None
    with ctx.db.reader() as s:
        assert stock.on_hand(s, hotel_id=ctx.ids["hotel"], product_id=ctx.ids["bread"]) == 0


def test_cancelling_a_posted_delivery_from_the_dialog(qtbot, ctx, monkeypatch):
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    page.day.set_value(DAY)
    page.refresh()
    page.open_selected()
    dialog = ctx.opened[-1]
    dialog.show()
    type_into(qtbot, dialog, 0, Col.EXPIRY, "25/11/2026")
    dialog.post()
    assert dialog.view.status == DeliveryStatus.POSTED
    monkeypatch.setattr(delivery_dialog.QInputDialog, "getText",
                        lambda *a, **k: ("Dikirim ke hotel yang salah", True))
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.status_label.text() == "Dibatalkan"
    assert "Dikirim ke hotel yang salah" in dialog.banner.text()
    with ctx.db.reader() as s:
        assert stock.on_hand(s, hotel_id=ctx.ids["hotel"], product_id=ctx.ids["bread"]) == 0
    assert deliveries.get_delivery(ctx.db, dialog.delivery_id).number == "SJ/2026/00001"


def test_a_number_searched_outside_the_dates_is_found_and_shown(qtbot, ctx):
    delivery_id = deliveries.new_delivery(ctx.db, hotel_id=ctx.ids["hotel"],
                                          supplier_id=ctx.ids["supplier"], day=DAY)
    q = Decimal(5)
    number = deliveries.post_delivery(ctx.db, delivery_id=delivery_id, data=DeliveryInput(
        delivery_date=DAY, lines=[LineInput(product_id=ctx.ids["chips"], delivered=q,
                                            accepted=q)])).number
    listing = DeliveriesPage(ctx)
    qtbot.addWidget(listing)
    listing.show()
    listing.date_from.set_value(DAY + dt.timedelta(days=10))  # the range hides it
    listing.date_to.set_value(DAY + dt.timedelta(days=20))
    qtbot.keyClicks(listing.search, number)
    listing.refresh()
    assert listing.model.rowCount() == 0
    assert listing.outside_box.isVisible()
    assert listing.outside_label.text().startswith("1 ditemukan di luar tanggal ini")
    listing.outside_button.click()
    assert listing.model.rowCount() == 1 and listing.date_from.value() == DAY
    assert not listing.outside_box.isVisible()
    listing.search.clear()
    listing.refresh()
    assert not listing.outside_box.isVisible()  # no search, nothing to say
