"""Every window and dialog fits an office laptop: 1366×768 less its taskbar, 1280×720, and
1366×768 at 125% scaling; the main window can be made 1024×600 with every page whole; each
dialog opens inside the screen and reopens at the size it was left at."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from hotel_supply import i18n
from hotel_supply.models import Delivery
from hotel_supply.models.enums import InvoiceKind, StockDocumentKind
from hotel_supply.services import stock_counts
from hotel_supply.services.invoice_printing import invoice_data
from hotel_supply.services.invoicing import generate_drafts, issue_invoices
from hotel_supply.ui import geometry
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.main_window import NAVIGATION_WIDTH, MainWindow
from tests.factories import make_hotel, make_product, make_supplier
from tests.ui.test_month_end import ctx  # noqa: F401

LAPTOP = QRect(0, 0, 1366, 728)  # 1366×768 less a 40-pixel taskbar
SMALL_LAPTOP = QRect(0, 0, 1280, 680)  # 1280×720 less its taskbar
SCALED = QRect(0, 0, 1092, 582)  # the laptop at 125%: Qt lays out in 1366/1.25 × 728/1.25
AREAS = {"1366x728": LAPTOP, "1280x720": SMALL_LAPTOP, "125%": SCALED}


def size_of(widget: QWidget) -> QSize:
    return QWidget.size(widget)  # some dialogs name a combo box ``size``


def inside(widget: QWidget, area: QRect) -> bool:
    return area.contains(QRect(widget.pos(), size_of(widget)))


def fits(size: QSize, area: QRect) -> bool:
    return size.width() <= area.width() and size.height() <= area.height()


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch) -> Callable[[QRect], None]:
    """Pretend the screen's available area is the one given."""

    def use(area: QRect) -> None:
        monkeypatch.setattr(geometry, "available_area", lambda _widget=None: QRect(area))

    use(LAPTOP)
    return use


def test_the_main_window_opens_inside_the_laptop_screen(qtbot, ctx, screen):  # noqa: F811
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert inside(window, LAPTOP)
    assert size_of(window).height() <= LAPTOP.height() - 2 * geometry.MARGIN
    assert fits(window.minimumSizeHint(), QRect(0, 0, 1024, 600))


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_page_fits_a_1024_by_600_window_with_its_buttons_and_the_status_bar(
    qtbot, ctx, screen, language  # noqa: F811
):
    i18n.set_language(language)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.resize(1024, 600)
    assert size_of(window) == QSize(1024, 600)
    room = window.rect()
    for i, page in enumerate(window.pages):
        window.show_page(i)
        qtbot.wait(1)
        name = type(page).__name__
        hint = page.minimumSizeHint()
        assert hint.width() <= 1024 - NAVIGATION_WIDTH, name
        assert hint.height() <= 600, name
        assert page.width() >= hint.width(), name
        for button in page.findChildren(QPushButton):
            if button.isVisible():
                box = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
                assert room.contains(box), (name, button.text(), box)
        bar = window.statusBar()
        assert bar.isVisible() and room.contains(bar.geometry()), name


def _dialogs(ctx: AppContext) -> dict[str, Callable[[], QDialog]]:  # noqa: F811 (the fixture)
    """Every dialog these fixtures can fill, built as the pages build them."""
    from hotel_supply.ui.dialogs.adhoc_order import AdhocOrderDialog
    from hotel_supply.ui.dialogs.credit_note import CreditNoteDialog
    from hotel_supply.ui.dialogs.delivery import DeliveryDialog
    from hotel_supply.ui.dialogs.error import ErrorDialog
    from hotel_supply.ui.dialogs.first_run import FirstRunDialog
    from hotel_supply.ui.dialogs.hotel import HotelDialog
    from hotel_supply.ui.dialogs.import_wizard import ImportWizard
    from hotel_supply.ui.dialogs.invoice import InvoiceDialog, find_row
    from hotel_supply.ui.dialogs.new_delivery import NewDeliveryDialog
    from hotel_supply.ui.dialogs.par_levels import ParLevelsDialog
    from hotel_supply.ui.dialogs.payment import PaymentDialog
    from hotel_supply.ui.dialogs.price import PriceAgreementDialog
    from hotel_supply.ui.dialogs.print_dialog import PrintDialog
    from hotel_supply.ui.dialogs.print_preview import PrintPreviewDialog
    from hotel_supply.ui.dialogs.product import ProductDialog
    from hotel_supply.ui.dialogs.product_history import ProductHistoryDialog
    from hotel_supply.ui.dialogs.stock_count import StartCountDialog, StockCountDialog
    from hotel_supply.ui.dialogs.stock_document import StockDocumentDialog
    from hotel_supply.ui.dialogs.supplier import SupplierDialog
    from hotel_supply.ui.pages.invoices import IssueDateDialog

    db = ctx.db
    hotel = ctx.ids["hotel"]  # type: ignore[attr-defined]
    drafts = generate_drafts(db, year=2026, month=10)
    issued, _refused = issue_invoices(db, invoice_ids=list(drafts.invoice_ids),
                                      issue_date=dt.date(2026, 11, 1))
    invoice = issued[0]
    row = find_row(ctx, invoice.invoice_id, invoice.number, InvoiceKind.INVOICE)
    assert row is not None
    supplier = make_supplier(db, name="UMKM Sambal Bu Rini")
    product = make_product(db, supplier, name="Sambal Roa 200 g")
    other_hotel = make_hotel(db, name="Hotel Andalas Pahoman")
    count = stock_counts.start_count(db, hotel_id=hotel, day=dt.date(2026, 10, 31))
    day = dt.date(2026, 11, 5)

    with db.reader() as s:
        delivery = s.scalars(select(Delivery.id).order_by(Delivery.id)).first()
    assert delivery is not None

    def preview() -> QDialog:
        from hotel_supply.documents.invoice import render_invoice

        data = invoice_data(db, invoice_id=invoice.invoice_id)
        return PrintPreviewDialog(ctx, lambda size, copies: render_invoice(data),
                                  title="Tagihan", filename="tagihan")

    return {
        "receiving": lambda: DeliveryDialog(ctx, delivery),
        "new delivery": lambda: NewDeliveryDialog(ctx, hotel_id=hotel, day=day),
        "ad-hoc order": lambda: AdhocOrderDialog(ctx, hotel_id=hotel, day=day),
        "invoice": lambda: InvoiceDialog(ctx, invoice.invoice_id, row),
        "payment": lambda: PaymentDialog(ctx, row),
        "credit note": lambda: CreditNoteDialog(
            ctx, invoice.invoice_id, invoice_data(db, invoice_id=invoice.invoice_id)),
        "issue date": lambda: IssueDateDialog(3, 2026, 10),
        "print preview": preview,
        "print": lambda: PrintDialog(papers=("A4", "A5", "F4"), paper="F4", page_count=3),
        "stock document": lambda: StockDocumentDialog(
            ctx, StockDocumentKind.WASTE, hotel_id=hotel),
        "start count": lambda: StartCountDialog(ctx, hotel_id=hotel),
        "stock count": lambda: StockCountDialog(ctx, count),
        "product history": lambda: ProductHistoryDialog(
            ctx, hotel_id=hotel, product_id=product, day=day),
        "par levels": lambda: ParLevelsDialog(ctx, hotel_id=hotel, day=day),
        "supplier": lambda: SupplierDialog(ctx, supplier),
        "product": lambda: ProductDialog(ctx, product),
        "hotel": lambda: HotelDialog(ctx, other_hotel),
        "price": lambda: PriceAgreementDialog(ctx, hotel_id=hotel, product_id=product),
        "first run": lambda: FirstRunDialog(ctx),
        "import wizard": lambda: ImportWizard(ctx),
        "error": lambda: ErrorDialog("Database tidak dapat dibuka.", details="x" * 400),
        **_account_dialogs(ctx),
        "restore": lambda: _restore_dialog(ctx),
    }


def _restore_dialog(ctx: AppContext) -> QDialog:  # noqa: F811
    from hotel_supply import backups
    from hotel_supply.ui.dialogs.backups import RestoreDialog

    backups.back_up(ctx.db)  # a row to show, with its long path in the text above
    return RestoreDialog(ctx.db.url)


def _account_dialogs(ctx: AppContext) -> dict[str, Callable[[], QDialog]]:  # noqa: F811
    from hotel_supply.services.accounts import current
    from hotel_supply.ui.dialogs.accounts import (
        AccountDialog,
        ChangePasswordDialog,
        ResetPasswordDialog,
    )

    me = current(ctx.db)
    assert me is not None
    return {
        "new account": lambda: AccountDialog(ctx.db),
        "edit account": lambda: AccountDialog(ctx.db, me),
        "reset password": lambda: ResetPasswordDialog(ctx.db, me),
        "change password": lambda: ChangePasswordDialog(ctx.db),
    }


@pytest.mark.parametrize("area_name", list(AREAS))
def test_every_dialog_opens_inside_the_screen(qtbot, ctx, screen, area_name):  # noqa: F811
    area = AREAS[area_name]
    screen(area)
    for name, build in _dialogs(ctx).items():
        dialog = build()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.wait(1)
        assert fits(dialog.minimumSizeHint(), area), (name, dialog.minimumSizeHint())
        assert fits(size_of(dialog), area), (name, size_of(dialog))
        if dialog.findChild(geometry._SizeKeeper) is not None:  # placed by us, not by Qt
            assert inside(dialog, area), (name, dialog.pos(), size_of(dialog))
        dialog.close()


def test_the_receiving_dialog_opens_no_wider_than_the_laptop(qtbot, ctx, screen):  # noqa: F811
    from hotel_supply.ui.dialogs.delivery import DeliveryDialog

    with ctx.db.reader() as s:
        delivery = s.scalars(select(Delivery.id)).first()
    dialog = DeliveryDialog(ctx, delivery)
    qtbot.addWidget(dialog)
    dialog.show()
    width = LAPTOP.width() - 2 * geometry.MARGIN
    height = LAPTOP.height() - 2 * geometry.MARGIN
    assert size_of(dialog) == QSize(width, height)  # asked 1480×760: as much as there is
    assert dialog.pos().x() == geometry.MARGIN and dialog.pos().y() == geometry.MARGIN


class _Sized(QDialog):
    pass


def test_a_dialog_reopens_at_the_size_it_was_left_at_but_never_past_the_screen(qtbot, screen):
    first = _Sized()
    qtbot.addWidget(first)
    geometry.fit_to_screen(first, 900, 500)
    assert size_of(first) == QSize(900, 500)
    first.show()
    first.resize(700, 450)
    first.hide()  # accepted, rejected or closed: the size is written down

    again = _Sized()
    qtbot.addWidget(again)
    geometry.fit_to_screen(again, 900, 500)
    assert size_of(again) == QSize(700, 450)
    assert abs((LAPTOP.width() - 700) // 2 - again.pos().x()) <= 1  # centred on the screen
    assert abs((LAPTOP.height() - 450) // 2 - again.pos().y()) <= 1

    screen(QRect(0, 0, 640, 400))  # a smaller screen: the remembered size gives way
    small = _Sized()
    qtbot.addWidget(small)
    small.setMinimumSize(800, 300)
    geometry.fit_to_screen(small, 900, 500)
    assert size_of(small) == QSize(640 - 16, 400 - 16)
    assert small.minimumSize() == QSize(640 - 16, 300)

    assert (geometry.settings().fileName()
            .startswith(str(geometry.config.data_dir())))  # never the user's own settings


def test_a_row_of_buttons_too_wide_for_the_window_wraps_and_keeps_its_right_side(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    row = QHBoxLayout()
    count = QLabel("12 pengiriman")
    buttons = [QPushButton(f"Tombol yang cukup panjang {n}") for n in range(6)]
    row.addWidget(count)
    row.addStretch(1)
    for b in buttons:
        row.addWidget(b)
    layout.addLayout(row)
    wide = row.minimumSize().width()
    assert geometry.reflow_wide_rows(page, 400) == 1
    assert page.minimumSizeHint().width() < wide
    page.resize(max(b.sizeHint().width() for b in buttons) * 2 + 40, 300)
    page.show()
    qtbot.wait(1)
    rows = sorted({b.y() for b in buttons})
    assert len(rows) >= 3  # wrapped onto several lines
    for b in buttons:
        assert page.rect().contains(b.geometry()), b.text()
    last = buttons[-1]
    assert last.geometry().right() >= page.width() - 2  # what stood right stays right
    assert count.x() == 0  # the count stays at the left


REAL_SCREEN = """
import json, sys
from PySide6.QtWidgets import QApplication
from hotel_supply import i18n
from hotel_supply.config import Preferences
from hotel_supply.db import Database
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.delivery import DeliveryDialog
from hotel_supply.ui.main_window import MainWindow

app = QApplication([])
i18n.set_language("id")
ctx = AppContext(Database(sys.argv[1], user="tester"), Preferences())
window = MainWindow(ctx)
window.show()
dialog = DeliveryDialog(ctx, int(sys.argv[2]), parent=window)
dialog.show()
app.processEvents()
shown = {}
for name, w in (("window", window), ("dialog", dialog)):
    g = w.frameGeometry()
    shown[name] = [g.x(), g.y(), g.width(), g.height()]
area = app.primaryScreen().availableGeometry()
shown["area"] = [area.x(), area.y(), area.width(), area.height()]
print(json.dumps(shown))
"""


def test_on_a_real_1366_by_728_screen_the_window_and_the_receiving_dialog_stay_inside(
    ctx, tmp_path  # noqa: F811
):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 728,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    with ctx.db.reader() as s:
        delivery = s.scalars(select(Delivery.id)).first()
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    done = subprocess.run(
        [sys.executable, "-c", REAL_SCREEN, ctx.db.url, str(delivery)],
        env=env, capture_output=True, text=True, timeout=120, check=True)
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    area = QRect(*shown["area"])
    assert area == LAPTOP
    for name in ("window", "dialog"):
        assert area.contains(QRect(*shown[name])), (name, shown[name])
