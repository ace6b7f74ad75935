"""The stock screens as a storeroom clerk uses them: issue, refuse to go below zero,
expired lots, the below-par filter, a count done in two sittings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QMessageBox, QTableView

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.models.enums import CountStatus, StockDocumentKind, Unit
from hotel_supply.services import deliveries, replenishment, stock, stock_counts, stock_moves
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.hotels import outlet_choices
from hotel_supply.services.stock_levels import StockFilter
from hotel_supply.services.stock_moves import StockDocumentQuery
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs import stock_count as stock_count_dialog
from hotel_supply.ui.dialogs import stock_document as stock_document_dialog
from hotel_supply.ui.dialogs.stock_count import CountCol, StartCountDialog, StockCountDialog
from hotel_supply.ui.dialogs.stock_document import DocCol, StockDocumentDialog
from hotel_supply.ui.pages.counts import CountsPage
from hotel_supply.ui.pages.stock import StockPage
from hotel_supply.ui.pages.stock_documents import StockDocumentsPage
from tests.factories import make_hotel, make_product, make_supplier

DAY = dt.date(2026, 11, 23)


def receive(
    db: Any,
    hotel: int,
    supplier: int,
    product: int,
    qty: str,
    *,
    day: dt.date = DAY - dt.timedelta(days=2),
    lot: str = "",
    expiry: dt.date | None = None,
) -> None:
    delivery_id = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=day)
    q = Decimal(qty)
    deliveries.post_delivery(
        db,
        delivery_id=delivery_id,
        data=DeliveryInput(
            delivery_date=day,
            lines=[
                LineInput(
                    product_id=product, delivered=q, accepted=q, lot_code=lot, expiry_date=expiry
                )
            ],
        ),
    )


@pytest.fixture
def ctx(sqlite_db, monkeypatch):
    clock.set_clock(lambda: dt.datetime(2026, 11, 23, 8, 15))
    supplier = make_supplier(sqlite_db, name="Roti Bu Tini")
    bread = make_product(
        sqlite_db,
        supplier,
        name="Roti Sobek",
        perishable=True,
        shelf_life_days=5,
        standard_price=8_000,
    )
    chips = make_product(
        sqlite_db, supplier, name="Keripik Pisang", unit=Unit.PAK, standard_price=25_000
    )
    coffee = make_product(
        sqlite_db, supplier, name="Kopi Robusta", unit=Unit.KG, standard_price=90_000
    )
    hotel = make_hotel(sqlite_db, name="Hotel Emersia")
    context = AppContext(sqlite_db, Preferences(last_hotel_id=hotel))
    context.ids = {
        "hotel": hotel,
        "supplier": supplier,
        "bread": bread,  # type: ignore[attr-defined]
        "chips": chips,
        "coffee": coffee,
    }
    context.said = []  # type: ignore[attr-defined]
    context.status.connect(context.said.append)  # type: ignore[attr-defined]
    slips: list[int] = []
    monkeypatch.setattr(
        stock_document_dialog,
        "preview_stock_slip",
        lambda _ctx, document_id, **_k: slips.append(document_id),
    )
    context.slips = slips  # type: ignore[attr-defined]
    # a dialog closed by the test run must never wait for an answer
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    return context


def on_hand(ctx: AppContext, product: str) -> Decimal:
    with ctx.db.reader() as s:
        return stock.on_hand(s, hotel_id=ctx.ids["hotel"], product_id=ctx.ids[product])


def type_into(
    qtbot, table: QTableView, row: int, col: int, text: str | None = None, *, data: Any = None
) -> None:
    """Select a cell, open its editor as a user would (F2), type or choose, press Enter."""
    index = table.model().index(row, col)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = open_editor(table)
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(editor.findData(data))
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    else:
        editor.selectAll()
        qtbot.keyClicks(editor, text or "")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(5)  # the delegate commits on a queued call, as in the event loop


def open_editor(table: QTableView) -> QLineEdit | QComboBox:
    viewport = table.viewport()
    editors = [
        w
        for kind in (QComboBox, QLineEdit)
        for w in viewport.findChildren(kind)
        if w.isVisible() and not isinstance(w.parent(), QComboBox)
    ]
    assert len(editors) == 1, "the cell did not open an editor"
    return editors[0]


def column(page: StockPage, header: str) -> list[str]:
    model = page.table.model()
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [model.index(r, headers.index(header)).data() for r in range(model.rowCount())]


def stock_page(qtbot, ctx) -> StockPage:
    page = StockPage(ctx)
    qtbot.addWidget(page)
    page.day.set_value(DAY)
    page.show()
    page.reload()
    return page


def select_product(page: StockPage, name: str) -> None:
    names = column(page, "Produk")
    page.table.selectRow(next(i for i, n in enumerate(names) if n.endswith(name)))


@pytest.fixture
def opened(monkeypatch) -> list[Any]:
    """Dialogs a page opened, left open for the test to drive (their exec returns at once)."""
    dialogs: list[Any] = []
    for cls in (StockDocumentDialog, StockCountDialog):
        monkeypatch.setattr(cls, "exec", lambda self: dialogs.append(self) or 0)
    return dialogs


def test_issuing_three_from_the_dialog_lowers_on_hand_and_shows_the_number(qtbot, ctx, opened):
    receive(ctx.db, ctx.ids["hotel"], ctx.ids["supplier"], ctx.ids["chips"], "10")
    page = stock_page(qtbot, ctx)
    assert column(page, "Stok") == ["10"]
    select_product(page, "Keripik Pisang")
    qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)
    dialog: StockDocumentDialog = opened[-1]
    dialog.show()
    assert dialog.windowTitle() == "Keluar ke outlet"
    assert dialog.model.index(0, DocCol.PRODUCT).data().endswith("Keripik Pisang")
    assert dialog.model.index(0, DocCol.ON_HAND).data() == "10"
    dialog.outlet.setCurrentIndex(dialog.outlet.findText("Dapur"))
    assert not dialog.post_button.isEnabled()  # no quantity yet
    type_into(qtbot, dialog.table, 0, DocCol.QUANTITY, "3")
    assert dialog.problems.text() == ""
    assert dialog.post_button.isEnabled()

    qtbot.mouseClick(dialog.post_button, Qt.MouseButton.LeftButton)

    assert dialog.result is not None and dialog.result.number == "BK/2026/00001"
    assert not dialog.isVisible()
    assert any("BK/2026/00001" in message and "Dapur" in message for message in ctx.said)
    assert ctx.slips == [dialog.result.document_id]  # the slip preview opens
    assert on_hand(ctx, "chips") == 7
    assert column(page, "Stok") == ["7"]  # the page refreshed itself

    listing = StockDocumentsPage(ctx)
    qtbot.addWidget(listing)
    listing.show()
    row = [listing.model.index(0, c).data() for c in range(listing.model.columnCount())]
    assert "BK/2026/00001" in row and "Keluar ke outlet" in row and "Dapur" in row


def test_issuing_more_than_on_hand_asks_and_declining_changes_nothing(qtbot, ctx, monkeypatch):
    receive(ctx.db, ctx.ids["hotel"], ctx.ids["supplier"], ctx.ids["coffee"], "2.5")
    asked: list[str] = []
    answer = {"yes": False}
    monkeypatch.setattr(
        stock_document_dialog, "confirm", lambda _p, text, **_k: asked.append(text) or answer["yes"]
    )
    dialog = StockDocumentDialog(
        ctx, StockDocumentKind.ISSUE, hotel_id=ctx.ids["hotel"], product_id=ctx.ids["coffee"]
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.index(0, DocCol.ON_HAND).data() == "2,5"
    type_into(qtbot, dialog.table, 0, DocCol.QUANTITY, "4")

    dialog.post()  # Ctrl+Enter

    assert len(asked) == 1
    assert "Stok di bawah nol — tetap posting?" in asked[0]
    assert "Kopi Robusta: stok 2,5 kg, dibutuhkan 4 kg" in asked[0]
    assert dialog.result is None and dialog.isVisible()
    assert on_hand(ctx, "coffee") == Decimal("2.5")
    assert stock_moves.count_stock_documents(ctx.db, query=StockDocumentQuery()) == 0
    assert ctx.slips == []

    answer["yes"] = True  # now the clerk confirms: stock goes below zero, and says so
    dialog.post()
    assert dialog.result is not None and dialog.result.below_zero
    assert on_hand(ctx, "coffee") == Decimal("-1.5")


def test_an_expired_lot_is_not_offered_for_an_issue_but_is_for_waste(qtbot, ctx):
    hotel, supplier, bread = ctx.ids["hotel"], ctx.ids["supplier"], ctx.ids["bread"]
    receive(
        ctx.db,
        hotel,
        supplier,
        bread,
        "4",
        day=DAY - dt.timedelta(days=4),
        lot="LAMA",
        expiry=DAY - dt.timedelta(days=1),
    )
    receive(
        ctx.db,
        hotel,
        supplier,
        bread,
        "6",
        day=DAY - dt.timedelta(days=1),
        lot="BARU",
        expiry=DAY + dt.timedelta(days=3),
    )

    def offered(kind: StockDocumentKind) -> list[str]:
        dialog = StockDocumentDialog(ctx, kind, hotel_id=hotel, product_id=bread)
        qtbot.addWidget(dialog)
        dialog.show()
        index = dialog.model.index(0, DocCol.LOT)
        dialog.table.setCurrentIndex(index)
        dialog.table.edit(index)
        combo = open_editor(dialog.table)
        assert isinstance(combo, QComboBox)
        texts = [combo.itemText(i) for i in range(combo.count())]
        return texts

    issue = offered(StockDocumentKind.ISSUE)
    assert issue[0] == "Otomatis: yang kedaluwarsa lebih dulu keluar lebih dulu"
    assert [t.split(" · ")[0] for t in issue[1:]] == ["BARU"]
    waste = offered(StockDocumentKind.WASTE)
    assert [t.split(" · ")[0] for t in waste[1:]] == ["LAMA", "BARU"]
    assert "22/11/2026 (kedaluwarsa)" in waste[1]


def test_the_below_par_filter_shows_only_below_par_products(qtbot, ctx):
    hotel, supplier = ctx.ids["hotel"], ctx.ids["supplier"]
    receive(ctx.db, hotel, supplier, ctx.ids["chips"], "10")
    receive(ctx.db, hotel, supplier, ctx.ids["coffee"], "2")
    replenishment.set_par_levels(
        ctx.db,
        hotel_id=hotel,
        levels={
            ctx.ids["chips"]: Decimal(5),
            ctx.ids["coffee"]: Decimal(5),
            ctx.ids["bread"]: Decimal(3),
        },
    )
    page = stock_page(qtbot, ctx)
    assert len(column(page, "Produk")) == 3

    assert page.filter.itemText(page.filter.findData(StockFilter.BELOW_PAR)) == "Di bawah par"
    page.filter.setCurrentIndex(page.filter.findData(StockFilter.BELOW_PAR))

    names = sorted(n.split("  ")[1] for n in column(page, "Produk"))
    assert names == ["Kopi Robusta", "Roti Sobek"]
    assert "2 di bawah par" in page.totals.text()


def test_a_count_typed_half_saved_and_reopened_keeps_the_quantities_then_posts(
    qtbot, ctx, opened, monkeypatch
):
    hotel, supplier = ctx.ids["hotel"], ctx.ids["supplier"]
    receive(
        ctx.db, hotel, supplier, ctx.ids["bread"], "10", lot="R1", expiry=DAY + dt.timedelta(days=4)
    )
    receive(ctx.db, hotel, supplier, ctx.ids["chips"], "8")
    receive(ctx.db, hotel, supplier, ctx.ids["coffee"], "3")
    monkeypatch.setattr(stock_count_dialog, "confirm", lambda *_a, **_k: True)

    def start(self: StartCountDialog) -> int:
        self.show_book.setChecked(True)
        ok = self.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return self.result()

    monkeypatch.setattr(StartCountDialog, "exec", start)
    page = CountsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    first: StockCountDialog = opened[-1]
    first.show()
    products = [
        first.model.index(r, CountCol.PRODUCT).data().split("  ")[1]
        for r in range(first.model.rowCount())
    ]
    assert products == ["Keripik Pisang", "Kopi Robusta", "Roti Sobek"]
    assert [first.model.index(r, CountCol.BOOK).data() for r in range(3)] == ["8", "3", "10"]

    # half the sheet today, saved (Ctrl+S), continued later
    type_into(qtbot, first.table, 0, CountCol.COUNTED, "7")
    type_into(qtbot, first.table, 1, CountCol.COUNTED, "2,75")
    type_into(qtbot, first.table, 1, CountCol.REASON, "tumpah")
    assert first.model.index(1, CountCol.DIFFERENCE).data() == "-0,25"
    qtbot.keyClick(first, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not first.model.dirty()
    first.hide()
    assert page.model.index(0, 4).data() == "2 / 3"
    assert page.model.index(0, 3).data() == "Sedang berjalan"

    page.table.selectRow(0)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    again: StockCountDialog = opened[-1]
    assert again is not first
    again.show()
    assert [again.model.index(r, CountCol.COUNTED).data() for r in range(3)] == ["7", "2,75", ""]
    assert again.model.index(1, CountCol.REASON).data() == "tumpah"
    again.not_counted.setChecked(True)
    assert [again.table.isRowHidden(r) for r in range(3)] == [True, True, False]
    type_into(qtbot, again.table, 2, CountCol.COUNTED, "10")

    qtbot.mouseClick(again.post_button, Qt.MouseButton.LeftButton)

    assert again.view is not None and again.view.status == CountStatus.POSTED
    assert again.status_label.text() == "Diposting"
    assert any("SO/2026/00001" in message for message in ctx.said)
    assert (on_hand(ctx, "chips"), on_hand(ctx, "coffee"), on_hand(ctx, "bread")) == (
        Decimal(7),
        Decimal("2.75"),
        Decimal(10),
    )
    assert page.model.index(0, 3).data() == "Diposting"


def test_a_negative_counted_quantity_is_refused_with_a_message(qtbot, ctx, monkeypatch):
    receive(ctx.db, ctx.ids["hotel"], ctx.ids["supplier"], ctx.ids["chips"], "8")
    count_id = stock_counts.start_count(ctx.db, hotel_id=ctx.ids["hotel"], day=DAY)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    dialog = StockCountDialog(ctx, count_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.isColumnHidden(CountCol.BOOK)  # a blind count

    type_into(qtbot, dialog.table, 0, CountCol.COUNTED, "-2")

    assert "Jumlah hitung tidak boleh negatif." in dialog.problems.text()
    assert not dialog.save_button.isEnabled() and not dialog.post_button.isEnabled()
    assert dialog.save() is False  # Ctrl+S all the same
    assert warnings == []  # said under the table; no box takes the focus from the grid
    assert dialog.table.currentIndex() == dialog.model.index(0, CountCol.COUNTED)
    assert stock_counts.get_count(ctx.db, count_id).lines[0].counted is None

    type_into(qtbot, dialog.table, 0, CountCol.COUNTED, "8")
    assert dialog.problems.text() == "" and dialog.save_button.isEnabled()
    assert dialog.save()
    assert stock_counts.get_count(ctx.db, count_id).lines[0].counted == 8


def test_a_product_chosen_in_a_new_line_shows_its_stock_and_a_waste_line_needs_a_reason(qtbot, ctx):
    hotel, supplier = ctx.ids["hotel"], ctx.ids["supplier"]
    receive(ctx.db, hotel, supplier, ctx.ids["chips"], "10")
    receive(ctx.db, hotel, supplier, ctx.ids["coffee"], "1.5")
    dialog = StockDocumentDialog(ctx, StockDocumentKind.WASTE, hotel_id=hotel)
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(qtbot, dialog.table, 0, DocCol.PRODUCT, data=ctx.ids["coffee"])
    assert dialog.model.index(0, DocCol.ON_HAND).data() == "1,5"
    type_into(qtbot, dialog.table, 0, DocCol.QUANTITY, "0,5")
    assert "Alasan: Pilih alasan." in dialog.problems.text()
    assert not dialog.post_button.isEnabled()
    type_into(qtbot, dialog.table, 0, DocCol.REASON, data="spoiled")
    assert dialog.model.index(0, DocCol.REASON).data() == "Basi"
    type_into(qtbot, dialog.table, 0, DocCol.QUANTITY, "2.5")  # not an Indonesian number
    assert "koma" in dialog.problems.text()
    type_into(qtbot, dialog.table, 0, DocCol.QUANTITY, "0,5")
    assert dialog.problems.text() == "" and dialog.post_button.isEnabled()

    dialog.post()

    assert dialog.result is not None and dialog.result.number == "BS/2026/00001"
    assert on_hand(ctx, "coffee") == Decimal(1)


def test_par_levels_are_typed_the_indonesian_way_and_saved_in_one_go(qtbot, ctx):
    from hotel_supply.ui.dialogs.par_levels import ParCol, ParLevelsDialog

    hotel, supplier = ctx.ids["hotel"], ctx.ids["supplier"]
    receive(ctx.db, hotel, supplier, ctx.ids["chips"], "10")
    receive(ctx.db, hotel, supplier, ctx.ids["coffee"], "3")
    dialog = ParLevelsDialog(ctx, hotel_id=hotel, day=DAY)
    qtbot.addWidget(dialog)
    dialog.show()
    names = [
        dialog.model.index(r, ParCol.PRODUCT).data().split("  ")[1]
        for r in range(dialog.model.rowCount())
    ]
    assert names == ["Keripik Pisang", "Kopi Robusta"]
    assert not dialog.save_button.isEnabled()
    type_into(qtbot, dialog.table, 0, ParCol.PAR, "12")
    type_into(qtbot, dialog.table, 1, ParCol.PAR, "-1")
    assert "tidak boleh negatif" in dialog.problems.text()
    assert not dialog.save_button.isEnabled()
    type_into(qtbot, dialog.table, 1, ParCol.PAR, "4,5")
    assert dialog.summary.text() == "2 diubah"

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert replenishment.par_levels(ctx.db, hotel_id=hotel) == {
        ctx.ids["chips"]: Decimal(12),
        ctx.ids["coffee"]: Decimal("4.5"),
    }
    assert any("2 par level disimpan" in message for message in ctx.said)


def test_product_history_lists_movements_with_the_balance_and_opens_the_slip(qtbot, ctx):
    from hotel_supply.ui.dialogs.product_history import ProductHistoryDialog

    hotel, supplier, chips = ctx.ids["hotel"], ctx.ids["supplier"], ctx.ids["chips"]
    receive(ctx.db, hotel, supplier, chips, "10", day=DAY - dt.timedelta(days=40))
    receive(ctx.db, hotel, supplier, chips, "5")
    outlet = outlet_choices(ctx.db, hotel)[0][0]
    stock_moves.issue_to_outlet(
        ctx.db,
        hotel_id=hotel,
        outlet_id=outlet,
        day=DAY,
        lines=[stock_moves.StockLineInput(product_id=chips, quantity=Decimal(20))],
        confirm_negative=True,
    )
    dialog = ProductHistoryDialog(ctx, hotel_id=hotel, product_id=chips, day=DAY)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.opening.text() == "Saldo awal 24/10/2026: 10"
    rows = [
        [dialog.model.index(r, c).data() for c in range(dialog.model.columnCount())]
        for r in range(dialog.model.rowCount())
    ]
    assert [(r[1], r[5], r[6], r[7]) for r in rows] == [
        ("Penerimaan", "+5", "15", ""),
        ("Keluar ke outlet", "-10", "5", ""),  # first lot
        ("Keluar ke outlet", "-5", "0", ""),
        ("Keluar ke outlet", "-5", "-5", "dikonfirmasi"),
    ]
    assert rows[1][2] == "BK/2026/00001"

    dialog.table.selectRow(1)
    dialog.open_selected()  # Enter or a double-click

    assert len(ctx.slips) == 1


def test_ctrl_s_in_a_cell_still_being_typed_saves_what_was_typed(qtbot, ctx):
    receive(ctx.db, ctx.ids["hotel"], ctx.ids["supplier"], ctx.ids["chips"], "8")
    count_id = stock_counts.start_count(ctx.db, hotel_id=ctx.ids["hotel"], day=DAY)
    dialog = StockCountDialog(ctx, count_id)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    index = dialog.model.index(0, CountCol.COUNTED)
    dialog.table.setCurrentIndex(index)
    dialog.table.edit(index)
    editor = open_editor(dialog.table)
    editor.setFocus()
    qtbot.keyClicks(editor, "6")  # no Enter: the clerk goes straight for Ctrl+S

    dialog.save()

    assert stock_counts.get_count(ctx.db, count_id).lines[0].counted == 6
