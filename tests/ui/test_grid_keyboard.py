"""The line grids type like a spreadsheet, keys only: Enter moves down, Tab goes to the next
cell that can be typed in, typing starts editing, short dates are read, and a typing error
is marked in the cell and said under the table while the keys stay in the grid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QTableView, QWidget

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.formatting import ParseError, parse_day
from hotel_supply.models.enums import RejectionReason, StockDocumentKind, Unit
from hotel_supply.services import deliveries, stock, stock_counts
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs import stock_document as stock_document_dialog
from hotel_supply.ui.dialogs.delivery import DeliveryDialog
from hotel_supply.ui.dialogs.delivery_lines import Col
from hotel_supply.ui.dialogs.stock_count import StockCountDialog
from hotel_supply.ui.dialogs.stock_count_lines import CountCol
from hotel_supply.ui.dialogs.stock_document import StockDocumentDialog
from hotel_supply.ui.dialogs.stock_document_lines import DocCol
from hotel_supply.ui.grid import TYPING_ERROR_ROLE
from hotel_supply.ui.pages.today import TodayPage
from tests.factories import make_hotel, make_product, make_standing_order, make_supplier

DAY = dt.date(2026, 11, 23)  # a Monday
Key = Qt.Key


@pytest.fixture
def ctx(sqlite_db, monkeypatch):
    clock.set_clock(lambda: dt.datetime(2026, 11, 23, 8, 15))
    supplier = make_supplier(sqlite_db, name="Roti Bu Tini")
    bread = make_product(sqlite_db, supplier, name="Roti Sobek", perishable=True,
                         shelf_life_days=5, standard_price=8_000)
    chips = make_product(sqlite_db, supplier, name="Keripik Pisang", unit=Unit.PAK,
                         standard_price=25_000)
    coffee = make_product(sqlite_db, supplier, name="Kopi Robusta", unit=Unit.KG,
                          standard_price=90_000)
    hotel = make_hotel(sqlite_db, name="Hotel Emersia")
    context = AppContext(sqlite_db, Preferences(last_hotel_id=hotel))
    context.ids = {"hotel": hotel, "supplier": supplier, "bread": bread,  # type: ignore[attr-defined]
                   "chips": chips, "coffee": coffee}
    boxes: list[str] = []
    context.boxes = boxes  # type: ignore[attr-defined]
    # a box would take the focus away from the grid: none may open
    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: boxes.append(str(a[2:3])))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: boxes.append(self.text()) or 0)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: boxes.append("list") or ("", 0))
    return context


def receive(ctx: AppContext, product: str, qty: str, *, lot: str = "",
            expiry: dt.date | None = None) -> None:
    day = DAY - dt.timedelta(days=2)
    delivery_id = deliveries.new_delivery(ctx.db, hotel_id=ctx.ids["hotel"],
                                          supplier_id=ctx.ids["supplier"], day=day)
    q = Decimal(qty)
    deliveries.post_delivery(ctx.db, delivery_id=delivery_id, data=DeliveryInput(
        delivery_date=day, lines=[LineInput(product_id=ctx.ids[product], delivered=q,
                                            accepted=q, lot_code=lot, expiry_date=expiry)]))


def on_hand(ctx: AppContext, product: str) -> Decimal:
    with ctx.db.reader() as s:
        return stock.on_hand(s, hotel_id=ctx.ids["hotel"], product_id=ctx.ids[product])


class Keyboard:
    """Keys as a user presses them, each to whatever has the focus; checks after each key
    that the focus is still in the grid."""

    def __init__(self, qtbot: Any, table: QTableView) -> None:
        self.qtbot = qtbot
        self.table = table

    def focus_in_grid(self) -> bool:
        focus: QWidget | None = QApplication.focusWidget()
        return focus is not None and (focus is self.table or self.table.isAncestorOf(focus))

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
              times: int = 1) -> None:
        for _ in range(times):
            self.qtbot.keyClick(QApplication.focusWidget(), key, modifier)
            self.qtbot.wait(5)  # a cell editor commits on a queued call, as in the event loop
            self.back_from_popup()
            assert self.focus_in_grid(), f"the focus left the grid: {QApplication.focusWidget()}"

    def back_from_popup(self) -> None:
        """The offscreen platform has no window manager to hand the activation back to the
        dialog once a list that popped up under a cell closes: do what one would."""
        window = self.table.window()
        if QApplication.activeWindow() is None and QApplication.activePopupWidget() is None:
            window.activateWindow()
            self.qtbot.waitUntil(window.isActiveWindow)

    def type(self, text: str) -> None:
        for char in text:
            self.qtbot.keyClicks(QApplication.focusWidget(), char)
            assert self.focus_in_grid()

    def at(self) -> tuple[int, int]:
        index = self.table.currentIndex()
        return index.row(), index.column()


def show(qtbot: Any, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def test_short_dates_are_read_in_the_documents_year_or_the_next_for_an_expiry():
    day = DAY
    assert parse_day("3/12", reference=day) == dt.date(2026, 12, 3)
    assert parse_day("3/12/26", reference=day) == dt.date(2026, 12, 3)
    assert parse_day("03-12-2026", reference=day) == dt.date(2026, 12, 3)
    assert parse_day("03.12.2026", reference=day) == dt.date(2026, 12, 3)
    assert parse_day("0312", reference=day) == dt.date(2026, 12, 3)
    assert parse_day("2026-12-03", reference=day) == dt.date(2026, 12, 3)
    # an expiry date typed as 5/1 in November means next January, not last
    assert parse_day("5/1", reference=day, after=True) == dt.date(2027, 1, 5)
    assert parse_day("5/1", reference=day) == dt.date(2026, 1, 5)
    assert parse_day("23/11", reference=day, after=True) == day
    assert parse_day("  ", reference=day) is None
    for bad in ("31/2", "3/13", "abc", "1/2/3"):
        with pytest.raises(ParseError):
            parse_day(bad, reference=day)


def test_receiving_typed_with_keys_only(qtbot, ctx, monkeypatch):
    make_standing_order(ctx.db, hotel_id=ctx.ids["hotel"], product_id=ctx.ids["bread"],
                        quantities=[20] * 5 + [0, 0])
    make_standing_order(ctx.db, hotel_id=ctx.ids["hotel"], product_id=ctx.ids["chips"],
                        quantities=[10] + [0] * 6)
    opened: list[DeliveryDialog] = []
    monkeypatch.setattr(DeliveryDialog, "exec", lambda self: opened.append(self) or 0)
    page = TodayPage(ctx)
    qtbot.addWidget(page)
    page.day.set_value(DAY)
    page.refresh()
    page.table.selectRow(0)
    page.open_selected()
    (dialog,) = opened
    show(qtbot, dialog)
    model = dialog.model
    names = [model.products[line.product_id].name for line in model.lines]
    assert sorted(names) == ["Keripik Pisang", "Roti Sobek"]
    keys = Keyboard(qtbot, dialog.table)
    assert keys.focus_in_grid() and keys.at() == (0, Col.DELIVERED)

    # Enter moves down in the same column: two values land in two rows
    keys.type("18")
    keys.press(Key.Key_Return)
    assert keys.at() == (1, Col.DELIVERED)
    keys.type("9")
    keys.press(Key.Key_Return)
    assert keys.at() == (1, Col.DELIVERED)  # the last row: the cursor stays
    assert [model.lines[0].delivered, model.lines[1].delivered] == [18, 9]

    # Tab goes from cell to cell that can be typed in, the editor open and its text selected
    keys.press(Key.Key_Up)
    keys.press(Key.Key_Tab)
    assert keys.at() == (0, Col.ACCEPTED)
    keys.type("15")
    keys.press(Key.Key_Tab)  # rejected follows: 18 - 15
    assert keys.at() == (0, Col.REJECTED)
    keys.press(Key.Key_Tab)
    assert keys.at() == (0, Col.REASON)
    keys.press(Key.Key_Down)  # the first reason of the list
    keys.press(Key.Key_Tab)
    keys.type("penyok")
    keys.press(Key.Key_Tab)
    keys.type("L7")
    keys.press(Key.Key_Tab)
    assert keys.at() == (0, Col.EXPIRY)
    keys.type("3/12")  # a short date, in the delivery's year
    keys.press(Key.Key_Return)
    assert keys.at() == (1, Col.EXPIRY)

    # Shift+Tab and Tab skip the read-only columns and wrap to the row before and after
    keys.press(Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier, times=6)
    assert keys.at() == (1, Col.DELIVERED)
    keys.press(Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert keys.at() == (0, Col.EXPIRY)
    keys.press(Key.Key_Tab)
    assert keys.at() == (1, Col.DELIVERED)

    # a date that cannot be read: marked in the cell, said under the table, the cursor stays
    keys.press(Key.Key_Tab, times=6)
    assert keys.at() == (1, Col.EXPIRY)
    keys.type("32/12")
    keys.press(Key.Key_Return)
    assert keys.at() == (1, Col.EXPIRY)
    cell = model.index(1, Col.EXPIRY)
    assert cell.data() == "32/12"
    assert "“32/12” bukan tanggal" in cell.data(Qt.ItemDataRole.ToolTipRole)
    assert cell.data(TYPING_ERROR_ROLE)
    assert "“32/12” bukan tanggal" in dialog.typing_problem.text()
    assert not dialog.post_button.isEnabled()
    keys.type("5/1")  # typed over it: next January, the first sensible expiry
    keys.press(Key.Key_Return)
    assert not cell.data(TYPING_ERROR_ROLE) and cell.data() == "05/01/2027"
    assert dialog.post_button.isEnabled()

    line = model.lines[0]
    assert (line.delivered, line.accepted, line.rejected) == (18, 15, 3)
    assert line.rejection_reason == next(iter(RejectionReason))
    assert (line.rejection_note, line.lot_code) == ("penyok", "L7")
    assert line.expiry_date == dt.date(2026, 12, 3)
    other = model.lines[1]
    assert (other.delivered, other.accepted, other.rejected) == (9, 9, 0)
    assert other.expiry_date == dt.date(2027, 1, 5)
    assert ctx.boxes == []  # type: ignore[attr-defined]
    dialog.dirty = False  # the test ends here: no "save the changes?" on closing


def test_an_issue_typed_with_keys_only(qtbot, ctx, monkeypatch):
    receive(ctx, "chips", "10")
    receive(ctx, "coffee", "4")
    slips: list[int] = []
    monkeypatch.setattr(stock_document_dialog, "preview_stock_slip",
                        lambda _ctx, document_id, **_k: slips.append(document_id))
    dialog = StockDocumentDialog(ctx, StockDocumentKind.ISSUE, hotel_id=ctx.ids["hotel"])
    show(qtbot, dialog)
    assert dialog.outlet.current_id() is not None
    dialog.table.setFocus()  # where the dialog leaves the cursor once hotel and outlet are set
    keys = Keyboard(qtbot, dialog.table)
    assert keys.at() == (0, DocCol.PRODUCT)

    # typing starts the product list with that letter; Tab takes the one product that matches
    keys.type("keri")
    keys.press(Key.Key_Tab)
    assert dialog.model.lines[0].product_id == ctx.ids["chips"]
    assert keys.at() == (0, DocCol.LOT)
    keys.press(Key.Key_Tab)  # past the read-only expiry, to the quantity
    assert keys.at() == (0, DocCol.QUANTITY)
    keys.type("3")
    keys.press(Key.Key_Return)

    # a new line (Insert); a name that matches nothing is marked and the cursor stays
    keys.press(Key.Key_Insert)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)  # a button's key clicks it, animated
    assert keys.at() == (1, DocCol.PRODUCT) and keys.focus_in_grid()
    keys.type("xyz")
    keys.press(Key.Key_Tab)
    assert keys.at() == (1, DocCol.PRODUCT)
    assert dialog.model.index(1, DocCol.PRODUCT).data() == "xyz"
    assert dialog.model.index(1, DocCol.PRODUCT).data(TYPING_ERROR_ROLE)
    assert "“xyz”" in dialog.problems.text()
    assert not dialog.post_button.isEnabled()
    keys.type("kopi")
    keys.press(Key.Key_Tab)
    keys.press(Key.Key_Tab)
    assert keys.at() == (1, DocCol.QUANTITY)
    keys.type("2.5")  # not a number in Indonesian: marked, the cursor stays
    keys.press(Key.Key_Return)
    assert keys.at() == (1, DocCol.QUANTITY)
    assert "koma" in dialog.problems.text()
    keys.type("2,5")
    keys.press(Key.Key_Return)

    model = dialog.model
    assert [(line.product_id, line.quantity_text) for line in model.lines] == [
        (ctx.ids["chips"], "3"), (ctx.ids["coffee"], "2,5")]
    assert dialog.post_button.isEnabled() and dialog.problems.text() == ""
    # Ctrl+Enter posts; the dialog closes and the slip opens
    qtbot.keyClick(QApplication.focusWidget(), Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert len(slips) == 1 and not dialog.isVisible()
    assert (on_hand(ctx, "chips"), on_hand(ctx, "coffee")) == (Decimal(7), Decimal("1.5"))
    assert ctx.boxes == []  # type: ignore[attr-defined]


def test_a_count_typed_with_keys_only(qtbot, ctx):
    receive(ctx, "chips", "8")
    receive(ctx, "coffee", "3")
    receive(ctx, "bread", "10", lot="R1", expiry=DAY + dt.timedelta(days=4))
    count_id = stock_counts.start_count(ctx.db, hotel_id=ctx.ids["hotel"], day=DAY,
                                        show_book=True)
    dialog = StockCountDialog(ctx, count_id)
    show(qtbot, dialog)
    model = dialog.model
    keys = Keyboard(qtbot, dialog.table)
    assert keys.focus_in_grid() and keys.at() == (0, CountCol.COUNTED)
    header = dialog.table.horizontalHeader()
    for col in CountCol:  # every header whole ("Hasil hitung", not "asil hitung")
        if col != CountCol.PRODUCT and not header.isSectionHidden(col):
            assert header.sectionSize(col) >= header.sectionSizeHint(col), col
    products = [model.index(r, CountCol.PRODUCT).data().split("  ")[1] for r in range(3)]
    assert products == ["Keripik Pisang", "Kopi Robusta", "Roti Sobek"]

    # three values, three rows (the issue: they all landed in the first)
    keys.type("7")
    keys.press(Key.Key_Return)
    keys.type("2,75")
    keys.press(Key.Key_Return)
    keys.type("abc")  # marked in the cell and under the table; the cursor stays
    keys.press(Key.Key_Return)
    assert keys.at() == (2, CountCol.COUNTED)
    assert model.index(2, CountCol.COUNTED).data(TYPING_ERROR_ROLE)
    assert "“abc” bukan angka" in dialog.problems.text()
    keys.type("10")  # the first key replaces what the cell held
    keys.press(Key.Key_Return)
    assert [model.index(r, CountCol.COUNTED).data() for r in range(3)] == ["7", "2,75", "10"]
    assert [model.index(r, CountCol.DIFFERENCE).data() for r in range(3)] == ["-1", "-0,25", "0"]

    # Tab: counted → reason → the next row's counted, past the read-only columns
    keys.press(Key.Key_Up, times=2)
    assert keys.at() == (0, CountCol.COUNTED)
    keys.press(Key.Key_Tab)
    assert keys.at() == (0, CountCol.REASON)
    keys.type("dimakan tamu")
    keys.press(Key.Key_Tab)
    assert keys.at() == (1, CountCol.COUNTED)
    keys.press(Key.Key_Escape)
    assert model.index(0, CountCol.REASON).data() == "dimakan tamu"
    assert ctx.boxes == []  # type: ignore[attr-defined]
