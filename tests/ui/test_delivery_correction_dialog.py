"""Koreksi… on a posted delivery: its lines open in the receiving grid, the clerk types what
was right and posts once; the old number is cancelled with the reason, the new one says
which it corrects, and the stock holds only what was corrected."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.models.enums import DeliveryStatus, Unit
from hotel_supply.services import deliveries, stock
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs import delivery_correction
from hotel_supply.ui.dialogs.delivery import DeliveryDialog
from hotel_supply.ui.dialogs.delivery_correction import DeliveryCorrectionDialog
from hotel_supply.ui.dialogs.delivery_lines import Col
from tests.factories import make_hotel, make_price, make_product, make_supplier

DAY = dt.date(2026, 11, 16)


@pytest.fixture
def ctx(sqlite_db, monkeypatch):
    clock.set_clock(lambda: dt.datetime(2026, 11, 16, 9, 0))
    supplier = make_supplier(sqlite_db, name="UMKM Keripik Bu Ani")
    chips = make_product(sqlite_db, supplier, name="Keripik Pisang", unit=Unit.PAK,
                         standard_price=25_000)
    hotel = make_hotel(sqlite_db, name="Hotel Emersia")
    make_price(sqlite_db, hotel_id=hotel, product_id=chips, price=25_000)
    delivery_id = deliveries.new_delivery(sqlite_db, hotel_id=hotel, supplier_id=supplier,
                                          day=DAY)
    deliveries.post_delivery(sqlite_db, delivery_id=delivery_id, data=DeliveryInput(
        delivery_date=DAY, lines=[LineInput(product_id=chips, ordered=Decimal(12),
                                            delivered=Decimal(12), accepted=Decimal(12))]))
    context = AppContext(sqlite_db, Preferences())
    context.ids = {"hotel": hotel, "chips": chips,  # type: ignore[attr-defined]
                   "delivery": delivery_id}
    monkeypatch.setattr(DeliveryDialog, "print_note", lambda self: None)
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: pytest.fail(f"a box opened: {a[2:3]}"))
    return context


def test_correcting_a_posted_delivery_from_its_dialog(qtbot, ctx, monkeypatch):
    dialog = DeliveryDialog(ctx, ctx.ids["delivery"])
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.correct_button.isVisible() and dialog.cancel_button.isVisible()
    assert dialog.correct_button.text() == "Koreksi…"

    asked: list[str] = []
    monkeypatch.setattr(delivery_correction.QInputDialog, "getText",
                        lambda _p, _t, text, *a, **k: asked.append(text)
                        or ("Dua pak penyok tidak dihitung", True))
    seen: dict[str, object] = {}

    def type_and_post(self: DeliveryCorrectionDialog) -> int:
        self.show()
        self.activateWindow()
        qtbot.waitUntil(self.isActiveWindow)
        seen["title"] = self.subtitle.text()
        seen["lines"] = [(x.delivered, x.accepted) for x in self.model.lines]
        seen["hidden"] = [b.isVisible() for b in (self.save_button, self.cancel_button)]
        assert self.table.currentIndex() == self.model.index(0, Col.DELIVERED)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # to Accepted
        for char in "10":  # each key to what has the focus: the first opens the editor
            qtbot.keyClicks(QApplication.focusWidget(), char)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # rejected becomes 2
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # the reason list
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
        qtbot.wait(5)
        assert self.post_button.isEnabled(), self.problems.text()
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
        seen["after"] = (self.view.number, self.view.status, self.banner.text())
        self.dirty = False
        return 0

    monkeypatch.setattr(DeliveryCorrectionDialog, "exec", type_and_post)
    qtbot.mouseClick(dialog.correct_button, Qt.MouseButton.LeftButton)

    assert seen["title"] == "Koreksi atas surat jalan SJ/2026/00001"
    assert seen["lines"] == [(12, 12)]
    assert seen["hidden"] == [False, False]  # a correction is never a draft
    assert asked and "SJ/2026/00001" in asked[0]
    assert seen["after"] == ("SJ/2026/00002", DeliveryStatus.POSTED,
                             "Koreksi atas SJ/2026/00001, yang telah dibatalkan.")
    # the delivery's own dialog now shows the corrected delivery
    assert dialog.view.number == "SJ/2026/00002"
    assert dialog.banner.text() == "Koreksi atas SJ/2026/00001, yang telah dibatalkan."
    old = deliveries.get_delivery(ctx.db, ctx.ids["delivery"])
    assert old.status == DeliveryStatus.CANCELLED
    assert old.cancel_reason == "Dua pak penyok tidak dihitung"
    assert old.corrected_by_number == "SJ/2026/00002"
    with ctx.db.reader() as s:
        assert stock.on_hand(s, hotel_id=ctx.ids["hotel"], product_id=ctx.ids["chips"]) == 10

    # the old one, opened again, says what corrected it
    again = DeliveryDialog(ctx, ctx.ids["delivery"])
    qtbot.addWidget(again)
    assert "Dikoreksi oleh SJ/2026/00002." in again.banner.text()
    assert not again.correct_button.isVisible() and not again.cancel_button.isVisible()


def test_closing_a_correction_untouched_changes_nothing(qtbot, ctx, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: pytest.fail("asked"))
    dialog = DeliveryCorrectionDialog(ctx, ctx.ids["delivery"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()
    assert dialog.corrected_id is None
    view = deliveries.get_delivery(ctx.db, ctx.ids["delivery"])
    assert (view.status, view.number) == (DeliveryStatus.POSTED, "SJ/2026/00001")
