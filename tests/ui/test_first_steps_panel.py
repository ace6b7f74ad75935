"""A newcomer's path: Hari Ini lists the first steps of an empty office with their counts,
ticks and buttons, and an empty list says what to do next."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton

from hotel_supply import clock
from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.services import settings
from hotel_supply.services.first_steps import Step
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.hotel import HotelDialog
from hotel_supply.ui.main_window import MainWindow
from hotel_supply.ui.pages.hotels import HotelsPage
from hotel_supply.ui.pages.settings import SettingsPage
from hotel_supply.ui.pages.standing_orders import StandingOrdersPage
from hotel_supply.ui.pages.today import TodayPage
from tests.factories import (
    make_hotel,
    make_price,
    make_product,
    make_standing_order,
    make_supplier,
)

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def ctx(sqlite_db: Database) -> AppContext:
    clock.set_clock(lambda: dt.datetime(2026, 3, 2, 9, 0))
    return AppContext(sqlite_db, Preferences())


@pytest.fixture
def window(qtbot, ctx: AppContext) -> MainWindow:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.show_page(0)
    qtbot.wait(1)
    return window


def today(window: MainWindow) -> TodayPage:
    page = window.pages[0]
    assert isinstance(page, TodayPage)
    return page


def row_texts(page: TodayPage, step: Step) -> tuple[str, str, bool, str]:
    """What a step's row says: its count, its button, whether the button works, and
    the tick's tooltip (Selesai / Belum selesai)."""
    row = page.first_steps.rows[step]
    return row.count.text(), row.button.text(), row.button.isEnabled(), row.tick.toolTip()


def test_an_empty_office_sees_every_step_at_zero_and_what_each_waits_for(window):
    page = today(window)
    assert page.first_steps_area.isVisible() and page.first_steps.isVisible()
    assert page.first_steps.heading.text() == "Langkah pertama: 0 dari 6 selesai"
    assert row_texts(page, Step.PROFILE) == ("belum diisi", "Isi…", True, "Belum selesai")
    assert row_texts(page, Step.HOTELS) == ("0 hotel", "Tambah hotel…", True, "Belum selesai")
    assert row_texts(page, Step.SUPPLIERS) == ("0 UMKM", "Tambah UMKM…", True, "Belum selesai")
    assert row_texts(page, Step.PRODUCTS)[:3] == ("0 produk", "Tambah produk…", False)
    assert row_texts(page, Step.PRICES)[:3] == ("0 harga", "Tambah harga…", False)
    assert row_texts(page, Step.STANDING_ORDERS)[:3] == ("0 produk dipesan rutin", "Atur…", False)
    products = page.first_steps.rows[Step.PRODUCTS].button
    assert products.toolTip() == "Tambahkan UMKM terlebih dahulu."
    prices = page.first_steps.rows[Step.PRICES].button
    assert prices.toolTip() == "Tambahkan hotel mitra dan produk terlebih dahulu."


def test_the_steps_count_and_tick_what_was_added(window, ctx):
    hotel = make_hotel(ctx.db)
    make_hotel(ctx.db)
    make_supplier(ctx.db)
    ctx.notify("hotel")  # what a dialog's save says; the page reloads
    page = today(window)
    assert page.first_steps.heading.text() == "Langkah pertama: 2 dari 6 selesai"
    assert row_texts(page, Step.HOTELS) == ("2 hotel", "Buka", True, "Selesai")
    assert row_texts(page, Step.SUPPLIERS) == ("1 UMKM", "Buka", True, "Selesai")
    assert row_texts(page, Step.PRODUCTS) == ("0 produk", "Tambah produk…", True, "Belum selesai")
    assert row_texts(page, Step.PRICES)[2] is False  # still no product
    assert hotel


def test_the_panel_goes_once_every_step_is_done(window, ctx):
    db = ctx.db
    settings.save_settings(db, settings=settings.OrganisationSettings(name="Dinas Koperasi"))
    hotel = make_hotel(db)
    product = make_product(db, make_supplier(db))
    make_price(db, hotel_id=hotel, product_id=product)
    make_standing_order(db, hotel_id=hotel, product_id=product)
    page = today(window)
    page.refresh()
    assert not page.first_steps_area.isVisible()


def test_a_step_not_taken_opens_its_page_and_the_new_dialog(qtbot, window):
    opened: list[QDialog] = []

    def close_the_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        opened.append(dialog)
        dialog.reject()

    QTimer.singleShot(0, close_the_dialog)
    qtbot.mouseClick(today(window).first_steps.rows[Step.HOTELS].button, LEFT)
    assert isinstance(window.current_page(), HotelsPage)
    assert len(opened) == 1 and isinstance(opened[0], HotelDialog)


def test_a_step_taken_opens_its_page_only(qtbot, window, ctx):
    make_hotel(ctx.db)
    page = today(window)
    page.refresh()
    qtbot.mouseClick(page.first_steps.rows[Step.HOTELS].button, LEFT)
    assert isinstance(window.current_page(), HotelsPage)
    assert QApplication.activeModalWidget() is None


def test_the_profile_and_standing_order_steps_open_their_pages(qtbot, window):
    page = today(window)
    qtbot.mouseClick(page.first_steps.rows[Step.PROFILE].button, LEFT)
    assert isinstance(window.current_page(), SettingsPage)
    window.show_page(0)
    # a standing order needs a hotel and a product: its button waits until they exist
    assert not page.first_steps.rows[Step.STANDING_ORDERS].button.isEnabled()
    page.take_step(Step.STANDING_ORDERS.value, False)
    assert isinstance(window.current_page(), StandingOrdersPage)


# --- what an empty list says ----------------------------------------------------------------


def empty_text(page: HotelsPage) -> str:
    assert page.empty.isVisible()
    return page.empty.text()


def test_an_empty_list_says_how_to_add_the_first_and_a_filtered_one_says_it_is_filtered(
    qtbot, window, ctx
):
    window.show_page(window.pages.index(next(p for p in window.pages
                                             if isinstance(p, HotelsPage))))
    page = window.current_page()
    assert isinstance(page, HotelsPage)
    assert empty_text(page) == (
        "Belum ada hotel mitra. Tambahkan yang pertama dengan tombol Hotel baru (Ctrl+N).")

    make_hotel(ctx.db, name="Hotel Emersia")
    page.refresh()
    assert not page.empty.isVisible() and page.model.rowCount() == 1
    page.search.setText("tidak ada hotel seperti ini")
    page.reload()
    assert empty_text(page) == ("Tidak ada yang cocok dengan filter ini. Kosongkan pencarian "
                                "atau tampilkan yang aktif dan nonaktif.")


def test_every_master_list_names_what_it_lacks_when_empty(window):
    texts = {}
    for i, page in enumerate(window.pages):
        if hasattr(page, "count_all_rows"):
            window.show_page(i)
            texts[type(page).__name__] = page.empty.text()  # type: ignore[attr-defined]
    assert texts == {
        "SuppliersPage": "Belum ada UMKM/pemasok. Tambahkan yang pertama dengan tombol "
                         "Pemasok baru (Ctrl+N).",
        "ProductsPage": "Belum ada produk. Tambahkan yang pertama dengan tombol Produk baru "
                        "(Ctrl+N).",
        "HotelsPage": "Belum ada hotel mitra. Tambahkan yang pertama dengan tombol Hotel baru "
                      "(Ctrl+N).",
        "PricesPage": "Belum ada harga kontrak. Tambahkan yang pertama dengan tombol Kontrak "
                      "baru (Ctrl+N).",
    }


def test_the_first_steps_read_in_english_too(qtbot, ctx):
    from hotel_supply import i18n

    i18n.set_language("en")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    page = today(window)
    assert page.first_steps.heading.text() == "First steps: 0 of 6 done"
    assert row_texts(page, Step.HOTELS)[:2] == ("0 hotels", "Add hotel…")
    labels = [w.text() for w in page.first_steps.findChildren(QLabel)]
    assert "1. Office profile" in labels
    assert any(isinstance(b, QPushButton) and b.text() == "Fill in…"
               for b in page.first_steps.findChildren(QPushButton))


@pytest.mark.parametrize("size", [(1024, 600), (1366, 728)])
def test_the_first_steps_fit_a_small_window_and_show_whole_on_the_laptop(qtbot, window, size):
    window.resize(*size)
    qtbot.wait(1)
    page = today(window)
    hint = page.minimumSizeHint()
    assert hint.width() <= 1024 - 220 and hint.height() <= 600
    area = page.first_steps_area
    if size == (1366, 728):  # every step in sight, no scrolling
        assert area.height() >= page.first_steps.sizeHint().height()
        assert area.verticalScrollBar().maximum() == 0
    assert page.table.isVisible() or page.empty.isVisible()
