"""The app never changes things by itself: the wheel over a field, Enter on a warning."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QMessageBox,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.models import Delivery
from hotel_supply.models.admin import AuditEntry
from hotel_supply.models.enums import DeliveryStatus
from hotel_supply.services import deliveries, orders
from hotel_supply.services.errors import ConflictError
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.delivery import DeliveryDialog
from hotel_supply.ui.dialogs.delivery_lines import Col
from hotel_supply.ui.pages.today import TodayPage
from hotel_supply.ui.widgets import confirm, install_wheel_guard
from tests.factories import make_hotel, make_product, make_standing_order, make_supplier

DAY = dt.date(2026, 11, 23)  # a Monday


def _wheel(widget: QWidget, *, up: bool = False) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(),
                        QPoint(0, 120 if up else -120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_an_unfocused_field_scrolls_the_page_and_changes_nothing(qtbot):
    install_wheel_guard(QApplication.instance())
    area = QScrollArea()
    qtbot.addWidget(area)
    content = QWidget()
    layout = QVBoxLayout(content)
    spin = QSpinBox()
    spin.setValue(3)
    layout.addWidget(spin)
    layout.addSpacing(3000)
    area.setWidget(content)
    area.resize(300, 200)
    area.show()
    qtbot.waitExposed(area)
    other = QSpinBox(content)
    other.setFocus()

    _wheel(spin)
    assert spin.value() == 3
    assert area.verticalScrollBar().value() > 0  # the page scrolled instead

    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    _wheel(spin, up=True)
    assert spin.value() == 4  # a field the user is in still takes the wheel


def _answer_with(qtbot, key: Qt.Key) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        assert box is not None
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, press)


def test_enter_or_esc_on_a_dangerous_confirmation_chooses_the_safe_answer(qtbot):
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
        _answer_with(qtbot, key)
        assert not confirm(None, "Stok di bawah nol. Tetap posting?", yes="Tetap posting",
                           danger=True)
    _answer_with(qtbot, Qt.Key.Key_Return)  # an ordinary question still takes Enter as yes
    assert confirm(None, "Posting pengiriman ini?", yes="Posting")


def _written(db) -> tuple[int, int]:
    """(deliveries, audit entries): what opening a document must leave untouched."""
    with db.reader() as s:
        return (s.scalar(select(func.count()).select_from(Delivery)) or 0,
                s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _expected_order(db) -> int:
    clock.set_clock(lambda: dt.datetime(2026, 11, 23, 8, 15))
    supplier = make_supplier(db, name="Roti Bu Tini")
    bread = make_product(db, supplier, name="Roti Sobek", standard_price=8_000)
    hotel = make_hotel(db, name="Hotel Emersia")
    make_standing_order(db, hotel_id=hotel, product_id=bread, quantities=[20] * 5 + [0, 0])
    (row,) = orders.day_overview(db, day=DAY)
    assert row.order_id is not None
    return row.order_id


def test_opening_an_expected_order_writes_nothing_until_it_is_saved(db):
    order_id = _expected_order(db)
    before = _written(db)
    view = deliveries.preview_from_order(db, order_id=order_id)
    assert (view.id, view.status) == (0, DeliveryStatus.DRAFT)
    assert [(x.ordered, x.delivered, x.accepted) for x in view.data.lines] == [(20, 20, 20)]
    assert view.total_value == 20 * 8_000
    assert _written(db) == before

    view.data.lines[0].accepted = Decimal(18)
    view.data.lines[0].delivered = Decimal(18)
    saved = deliveries.save_draft(db, delivery_id=None, order_id=order_id, data=view.data)
    assert saved.id > 0 and saved.data.lines[0].accepted == 18
    assert _written(db)[0] == before[0] + 1
    assert deliveries.preview_from_order(db, order_id=order_id).id == saved.id
    # another PC that opened the same order meanwhile cannot make a second draft
    with pytest.raises(ConflictError):
        deliveries.save_draft(db, delivery_id=None, order_id=order_id, data=view.data)
    assert _written(db)[0] == before[0] + 1


@pytest.fixture
def ctx(sqlite_db):
    context = AppContext(sqlite_db, Preferences())
    context.order_id = _expected_order(sqlite_db)  # type: ignore[attr-defined]
    return context


def _open_from_today(qtbot, ctx, monkeypatch) -> tuple[TodayPage, DeliveryDialog]:
    opened: list[DeliveryDialog] = []
    monkeypatch.setattr(DeliveryDialog, "exec", lambda self: opened.append(self) or 0)
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    page.day.set_value(DAY)
    page.refresh()
    page.table.selectRow(0)
    page.open_selected()
    (dialog,) = opened  # a child of the page: closed with it
    return page, dialog


def test_opening_an_expected_delivery_and_closing_it_untouched_leaves_no_draft(
        qtbot, ctx, monkeypatch):
    before = _written(ctx.db)
    page, dialog = _open_from_today(qtbot, ctx, monkeypatch)
    dialog.show()
    assert dialog.model.index(0, Col.ACCEPTED).data() == "20"
    assert not dialog.discard_button.isVisible()  # nothing to throw away yet
    dialog.reject()
    assert not dialog.isVisible()
    assert _written(ctx.db) == before
    page.refresh()
    assert page.model.index(0, 0).data() == "Belum tiba"

    # typed and saved: the draft exists from then on, with what was typed
    page, dialog = _open_from_today(qtbot, ctx, monkeypatch)
    dialog.show()
    qtbot.keyClicks(dialog.driver, "Pak Joko")
    assert dialog.save()
    assert dialog.delivery_id is not None and dialog.discard_button.isVisible()
    assert deliveries.get_delivery(ctx.db, dialog.delivery_id).data.driver_name == "Pak Joko"
    page.refresh()
    assert page.model.index(0, 0).data() == "Sedang diterima"


def _type(qtbot, text: str) -> None:
    """Keys as a user presses them, each to whatever has the focus, then Enter."""
    for char in text:
        qtbot.keyClicks(QApplication.focusWidget(), char)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.wait(5)


def test_after_a_typing_error_the_next_keys_stay_in_the_grid(qtbot, ctx, monkeypatch):
    boxes: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: boxes.append(text))
    monkeypatch.setattr(QInputDialog, "getItem",
                        lambda *a, **k: boxes.append("Tambah produk") or ("", False))
    _page, dialog = _open_from_today(qtbot, ctx, monkeypatch)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    date_before = dialog.date.value()
    dialog.table.setCurrentIndex(dialog.model.index(0, Col.DELIVERED))
    dialog.table.setFocus()

    _type(qtbot, "abc")
    assert boxes == []
    assert "“abc” bukan angka" in dialog.typing_problem.text()
    assert dialog.model.index(0, Col.DELIVERED).data() == "abc"  # marked in the cell
    assert dialog.model.lines[0].delivered == 20
    assert QApplication.focusWidget() is dialog.table
    assert dialog.table.currentIndex() == dialog.model.index(0, Col.DELIVERED)

    _type(qtbot, "-3")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # Enter in the grid
    assert dialog.date.value() == date_before
    assert boxes == []  # no "Add product" list, no box
    assert dialog.isVisible()
    dialog.dirty = False  # the test ends here, no "save the changes?" on closing


def test_scrolling_the_settings_page_leaves_the_expiry_warning_as_it_was(qtbot, sqlite_db):
    from hotel_supply.ui.pages.settings import SettingsPage

    install_wheel_guard(QApplication.instance())
    page = SettingsPage(AppContext(sqlite_db, Preferences()))
    qtbot.addWidget(page)
    page.resize(900, 400)  # small enough for the page to scroll
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    before = page.expiry_days.value()
    assert before == 3
    for _ in range(5):
        _wheel(page.expiry_days)
    assert page.expiry_days.value() == before
