"""Master-data pages and their edit dialogs, driven as a clerk would drive them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.models.enums import Category, LegalForm
from hotel_supply.services import prices, products, standing_orders, suppliers
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.hotel import HotelDialog
from hotel_supply.ui.dialogs.price import PriceAgreementDialog
from hotel_supply.ui.dialogs.product import ProductDialog
from hotel_supply.ui.dialogs.supplier import SupplierDialog
from hotel_supply.ui.pages import suppliers as suppliers_page
from hotel_supply.ui.pages.prices import PricesPage
from hotel_supply.ui.pages.products import ProductsPage
from hotel_supply.ui.pages.standing_orders import GridCol, StandingOrdersPage
from hotel_supply.ui.pages.suppliers import MasterListPage, SuppliersPage
from tests.factories import make_hotel, make_price, make_product, make_supplier

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def ctx(sqlite_db: Database) -> AppContext:
    clock.set_clock(lambda: dt.datetime(2026, 3, 2, 9, 0))
    return AppContext(sqlite_db, Preferences())


@pytest.fixture
def said(ctx: AppContext) -> list[str]:
    """Every status-bar message the pages send."""
    messages: list[str] = []
    ctx.status.connect(messages.append)
    return messages


def shown(page: MasterListPage[Any]) -> list[list[str]]:
    """The list as the clerk sees it: the text of every cell."""
    model = page.model
    return [
        [model.index(r, c).data() or "" for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def column(page: MasterListPage[Any], header: str) -> list[str]:
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return [row[headers.index(header)] for row in shown(page)]


def test_suppliers_list_shows_a_created_supplier(qtbot, ctx: AppContext) -> None:
    make_supplier(
        ctx.db,
        code="KOPI-01",
        name="Kopi Robusta Lampung Barat",
        legal_form=LegalForm.CV,
        category=Category.COFFEE,
        is_pkp=True,
        phone="0812-3456-7890",
    )
    page = SuppliersPage(ctx)
    qtbot.addWidget(page)
    page.refresh()

    assert shown(page) == [
        [
            "KOPI-01",
            "Kopi Robusta Lampung Barat",
            "CV",
            "Kopi",
            "0812-3456-7890",
            "PKP",
            "0",
            "",
            "Aktif",
        ]
    ]
    assert page.count_label.text() == "1 pemasok"


def _fill_supplier(qtbot: QtBot, dialog: SupplierDialog, *, npwp: str) -> None:
    qtbot.keyClicks(dialog.code, "tpk-07")
    qtbot.keyClicks(dialog.name, "Tapis <Siger> & Co")
    dialog.legal_form.setCurrentIndex(dialog.legal_form.findData(LegalForm.UD))
    dialog.category.setCurrentIndex(dialog.category.findData(Category.BATIK))
    qtbot.keyClicks(dialog.phone, "0812-7788-9900")
    qtbot.keyClicks(dialog.npwp, npwp)


def test_supplier_dialog_keeps_ok_disabled_for_a_15_digit_npwp_until_fixed(
    qtbot, ctx: AppContext, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    page = SuppliersPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    seen: dict[str, object] = {}

    def clerk_fills_in(dialog: SupplierDialog) -> int:
        _fill_supplier(qtbot, dialog, npwp="01.234.567.8-901.000")  # the old 15-digit form
        seen["npwp message"] = dialog.field_message("npwp")
        seen["ok while wrong"] = dialog.ok_button.isEnabled()
        dialog.npwp.clear()
        qtbot.keyClicks(dialog.npwp, "0123.4567.8901.2345")
        seen["message after fix"] = dialog.field_message("npwp")
        seen["ok when right"] = dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(SupplierDialog, "exec", clerk_fills_in)
    page.new_button.click()

    assert "15 digit" in str(seen["npwp message"])
    assert seen["ok while wrong"] is False
    assert seen["message after fix"] == ""
    assert seen["ok when right"] is True
    assert column(page, "Kode") == ["TPK-07"]
    assert column(page, "Nama") == ["Tapis <Siger> & Co"]
    assert page.selected_row() is not None and page.selected_row().code == "TPK-07"
    assert said[-1] == "Pemasok TPK-07 Tapis <Siger> & Co ditambahkan."


def test_supplier_dialog_shows_a_code_taken_elsewhere_next_to_the_code(
    qtbot, ctx: AppContext
) -> None:
    make_supplier(ctx.db, code="TPK-07")
    dialog = SupplierDialog(ctx)
    qtbot.addWidget(dialog)
    _fill_supplier(qtbot, dialog, npwp="")

    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()

    assert "TPK-07" in dialog.field_message("code")
    assert not dialog.ok_button.isEnabled()
    assert dialog.result() == 0
    qtbot.keyClicks(dialog.code, "B")
    assert dialog.field_message("code") == ""
    assert dialog.ok_button.isEnabled()


def test_closing_a_changed_form_asks_before_throwing_it_away(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    supplier_id = make_supplier(ctx.db)
    dialog = SupplierDialog(ctx, supplier_id)
    qtbot.addWidget(dialog)
    dialog.show()
    asked: list[bool] = []
    answer = False
    monkeypatch.setattr(
        SupplierDialog, "confirm_discard", lambda self: asked.append(True) or answer
    )

    dialog.reject()  # nothing changed: closes without asking
    assert asked == [] and not dialog.isVisible()

    dialog.show()
    qtbot.keyClicks(dialog.owner_name, " (ibu)")
    dialog.cancel_button.click()
    assert asked == [True] and dialog.isVisible()
    answer = True
    dialog.cancel_button.click()
    assert not dialog.isVisible()
    assert not suppliers.get_supplier(ctx.db, supplier_id).owner_name.endswith("(ibu)")


def test_deactivating_a_supplier_hides_it_from_the_active_filter(
    qtbot, ctx: AppContext, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    make_supplier(ctx.db, code="A-01")
    gone = make_supplier(ctx.db, code="B-02", name="UMKM Tutup")
    product_id = make_product(ctx.db, gone)
    questions: list[str] = []
    monkeypatch.setattr(
        suppliers_page, "confirm", lambda _parent, text, **_kw: questions.append(text) or True
    )
    page = SuppliersPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    page.select_key(gone)
    assert page.active_button.text() == "Nonaktifkan"

    page.active_button.click()

    assert len(questions) == 2  # the supplier, then its one active product with it
    assert column(page, "Kode") == ["A-01"]
    assert said[-1] == "Pemasok B-02 UMKM Tutup dinonaktifkan, beserta 1 produk."
    assert not products.product_row(ctx.db, product_id).active
    page.active_filter.setCurrentIndex(page.active_filter.findData(False))
    assert column(page, "Kode") == ["B-02"]
    assert column(page, "Status") == ["Nonaktif"]
    page.select_key(gone)
    assert page.active_button.text() == "Aktifkan lagi"


def test_product_dialog_enables_shelf_life_only_for_perishables(qtbot, ctx: AppContext) -> None:
    supplier_id = make_supplier(ctx.db)
    dialog = ProductDialog(ctx, supplier_id=supplier_id)
    qtbot.addWidget(dialog)
    assert not dialog.shelf_life.isEnabled()
    qtbot.keyClicks(dialog.code, "KRP-1")
    qtbot.keyClicks(dialog.name, "Keripik Pisang")
    dialog.category.setCurrentIndex(1)
    dialog.unit.setCurrentIndex(1)
    qtbot.keyClicks(dialog.standard_price, "1.250.000")
    dialog.perishable.setChecked(True)
    assert dialog.shelf_life.isEnabled()
    dialog.ok_button.click()

    saved = products.get_product(ctx.db, dialog.saved_id)
    assert (saved.standard_price, saved.perishable, saved.shelf_life_days) == (1_250_000, True, 3)


def test_products_list_shows_the_standard_price_as_rupiah(qtbot, ctx: AppContext) -> None:
    supplier_id = make_supplier(ctx.db, name="Kopi Lampung")
    make_product(ctx.db, supplier_id, name="Kopi Bubuk", standard_price=1_250_000)
    page = ProductsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert column(page, "Harga standar") == ["Rp1.250.000"]
    assert column(page, "Pemasok (UMKM)") == ["Kopi Lampung"]


def test_hotel_dialog_starts_with_the_usual_outlets_and_saves_them(qtbot, ctx: AppContext) -> None:
    dialog = HotelDialog(ctx)
    qtbot.addWidget(dialog)
    assert [o.code for o in dialog.outlets.outlets] == ["KIT", "MB", "BQT", "GS"]
    qtbot.keyClicks(dialog.code, "EMR")
    qtbot.keyClicks(dialog.name, "Emersia")
    qtbot.keyClicks(dialog.npwp, "123")
    assert not dialog.ok_button.isEnabled()
    assert "16 digit" in dialog.field_message("npwp")
    dialog.npwp.clear()
    dialog.ok_button.click()
    assert dialog.saved_id is not None


def test_standing_order_cell_typed_as_2_5_is_saved_as_decimal(
    qtbot, ctx: AppContext, said: list[str]
) -> None:
    hotel_id = make_hotel(ctx.db, name="Hotel Emersia")
    supplier_id = make_supplier(ctx.db)
    product_id = make_product(ctx.db, supplier_id, name="Keripik Pisang")
    page = StandingOrdersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.hotel.select_id(hotel_id)
    assert page.model.rowCount() == 0  # nothing ordered yet
    page.add_products([product_id])

    cell = page.model.index(0, GridCol.MONDAY)
    assert page.table.currentIndex() == cell  # the cursor waits on Monday of the new row
    qtbot.keyClick(page.table, Qt.Key.Key_2)  # typing opens the cell's editor
    editor = page.table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "2"
    qtbot.keyClicks(editor, ",5")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # commits once the event loop runs

    qtbot.waitUntil(lambda: cell.data() == "2,5", timeout=1000)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) is not None  # marked as changed
    assert page.model.index(0, page.model.columnCount() - 1).data() == "2,5"  # the total
    assert "1 sel diubah" in page.summary.text()
    assert page.save_button.isEnabled()
    page.save_button.click()

    grid = standing_orders.standing_order_grid(ctx.db, hotel_id=hotel_id)
    assert grid[0].quantities[0] == Decimal("2.5")
    assert grid[0].quantities[1:] == [Decimal(0)] * 6
    assert page.model.index(0, GridCol.MONDAY).data(Qt.ItemDataRole.BackgroundRole) is None
    assert not page.save_button.isEnabled()
    assert said[-1] == "Pesanan rutin Hotel Emersia disimpan: 1 produk berubah."


def test_standing_order_cell_refuses_an_english_decimal_point(
    qtbot, ctx: AppContext, said: list[str]
) -> None:
    hotel_id = make_hotel(ctx.db)
    product_id = make_product(ctx.db, make_supplier(ctx.db))
    page = StandingOrdersPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    page.hotel.select_id(hotel_id)
    page.add_products([product_id])

    assert not page.model.setData(page.model.index(0, GridCol.MONDAY + 1), "2.5")

    assert page.model.rows[0].quantities[1] == 0
    assert "koma" in said[-1]
    assert not page.save_button.isEnabled()


def test_price_agreement_created_in_the_dialog_shows_in_the_list(
    qtbot, ctx: AppContext, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    hotel_id = make_hotel(ctx.db, name="Bukit Randu")
    supplier_id = make_supplier(ctx.db)
    product_id = make_product(ctx.db, supplier_id, name="Kopi Bubuk")
    page = PricesPage(ctx)
    qtbot.addWidget(page)
    page.refresh()

    def clerk_enters_price(dialog: PriceAgreementDialog) -> int:
        dialog.hotel.select_id(hotel_id)
        dialog.supplier.select_id(supplier_id)
        dialog.product.select_id(product_id)
        qtbot.keyClicks(dialog.price, "12.500")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(PriceAgreementDialog, "exec", clerk_enters_price)
    page.new_button.click()

    assert column(page, "Harga kontrak") == ["Rp12.500"]
    assert column(page, "Dari") == ["02/03/2026"]
    assert column(page, "Hotel") == ["Bukit Randu"]
    assert "Rp12.500" in said[-1]
    with ctx.db.reader() as session:
        assert (
            prices.price_on(session, hotel_id=hotel_id, product_id=product_id, day=TODAY) == 12_500
        )


def test_new_price_ends_the_running_agreement_the_day_before(qtbot, ctx: AppContext) -> None:
    hotel_id = make_hotel(ctx.db)
    product_id = make_product(ctx.db, make_supplier(ctx.db))
    make_price(
        ctx.db,
        hotel_id=hotel_id,
        product_id=product_id,
        price=12_000,
        valid_from=dt.date(2025, 1, 1),
    )
    dialog = PriceAgreementDialog(
        ctx, hotel_id=hotel_id, product_id=product_id, valid_from=dt.date(2026, 4, 1)
    )
    qtbot.addWidget(dialog)
    assert "31/03/2026" in dialog.running_hint.text()
    qtbot.keyClicks(dialog.price, "13.000")
    dialog.ok_button.click()
    assert dialog.result() == 1

    with ctx.db.reader() as session:
        assert (
            prices.price_on(
                session, hotel_id=hotel_id, product_id=product_id, day=dt.date(2026, 3, 31)
            )
            == 12_000
        )
        assert (
            prices.price_on(
                session, hotel_id=hotel_id, product_id=product_id, day=dt.date(2026, 4, 1)
            )
            == 13_000
        )


def test_choosing_another_hotel_with_unsaved_cells_asks_first(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = make_hotel(ctx.db), make_hotel(ctx.db)
    product_id = make_product(ctx.db, make_supplier(ctx.db))
    page = StandingOrdersPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    page.hotel.select_id(first)
    page.add_products([product_id])
    page.model.setData(page.model.index(0, GridCol.MONDAY), "4")
    answers = ["cancel", "discard"]
    monkeypatch.setattr(StandingOrdersPage, "ask_unsaved", lambda self: answers.pop(0))

    page.hotel.select_id(second)  # "cancel": stay on the first hotel, keep the typing
    assert page.hotel.current_id() == first
    assert page.model.index(0, GridCol.MONDAY).data() == "4"

    page.hotel.select_id(second)  # "discard"
    assert page.hotel.current_id() == second
    assert page.model.rowCount() == 0
    assert standing_orders.standing_order_grid(ctx.db, hotel_id=first)[0].weekly_total == 0


def test_leaving_the_standing_orders_page_with_unsaved_cells_can_go_back(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hotel_supply.ui.main_window import MainWindow

    hotel_id = make_hotel(ctx.db)
    product_id = make_product(ctx.db, make_supplier(ctx.db))
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = next(p for p in window.pages if isinstance(p, StandingOrdersPage))
    window.show_page(window.pages.index(page))
    page.hotel.select_id(hotel_id)
    page.add_products([product_id])
    page.model.setData(page.model.index(0, GridCol.MONDAY), "3")
    asked: list[str] = []
    monkeypatch.setattr(
        StandingOrdersPage, "ask_unsaved", lambda self: asked.append("asked") or "cancel"
    )

    window.show_page(0)

    qtbot.waitUntil(lambda: asked == ["asked"], timeout=1000)
    qtbot.waitUntil(lambda: window.current_page() is page, timeout=1000)
    assert page.model.dirty
    monkeypatch.setattr(StandingOrdersPage, "ask_unsaved", lambda self: "save")
    window.close()
    grid = standing_orders.standing_order_grid(ctx.db, hotel_id=hotel_id)
    assert grid[0].quantities[0] == 3


def test_editing_a_hotel_updates_its_row_in_place(
    qtbot: QtBot, ctx: AppContext, said: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from hotel_supply.ui.pages.hotels import HotelsPage

    hotel_id = make_hotel(ctx.db, code="EMR", name="Emersia")
    make_hotel(ctx.db, code="GTL")
    page = HotelsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    page.select_key(hotel_id)

    def clerk_edits(dialog: HotelDialog) -> int:
        dialog.payment_terms.setValue(14)
        dialog.outlets.remove(0)  # a saved outlet is deactivated, not deleted
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(HotelDialog, "exec", clerk_edits)
    page.edit_button.click()

    assert column(page, "Kode") == ["EMR", "GTL"]
    assert column(page, "Termin bayar") == ["14 hari", "30 hari"]
    assert column(page, "Outlet") == ["3", "4"]
    assert page.selected_key() == hotel_id
    assert said[-1] == "Hotel EMR Emersia disimpan."


def test_ending_an_agreement_from_the_list_sets_its_last_day(
    qtbot: QtBot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hotel_supply.ui.dialogs.price import EndAgreementDialog

    hotel_id = make_hotel(ctx.db)
    product_id = make_product(ctx.db, make_supplier(ctx.db))
    agreement = make_price(ctx.db, hotel_id=hotel_id, product_id=product_id, price=12_500)
    page = PricesPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    page.select_key(agreement)
    assert page.edit_button.text() == "Akhiri kontrak…"

    def clerk_ends(dialog: EndAgreementDialog) -> int:
        dialog.valid_to.set_value(dt.date(2024, 12, 31))  # before it started
        assert not dialog.ok_button.isEnabled()
        assert dialog.field_message("valid_to")
        dialog.valid_to.set_value(dt.date(2026, 3, 31))
        dialog.ok_button.click()
        return dialog.result()

    monkeypatch.setattr(EndAgreementDialog, "exec", clerk_ends)
    page.edit_button.click()

    assert column(page, "Sampai") == ["31/03/2026"]
    assert prices.get_price_agreement(ctx.db, agreement).valid_to == dt.date(2026, 3, 31)
