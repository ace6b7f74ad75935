"""Screenshots of the app, to look at what a user sees and to illustrate the guide.

    uv run python tools/screenshots.py --database URL --out DIR [--lang en]
        a PNG of every page of the main window on that database (use a demo database,
        ``uv run hotel-supply demo --database URL``, so the pages have data)

    uv run python tools/screenshots.py --guide [--lang id|en|both]
        the pictures of the guide (Bantuan → Panduan): builds a small demo database and an
        empty office in a temporary folder, opens the main window offscreen at 1366×768,
        visits the pages and dialogs the guide shows and saves them into
        resources/guide/img/<lang>/ as small PNGs
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QIODevice, QRect, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hotel_supply import clock  # noqa: E402
from hotel_supply.config import Preferences, sqlite_url  # noqa: E402
from hotel_supply.db import Database, open_database  # noqa: E402
from hotel_supply.i18n import set_language  # noqa: E402
from hotel_supply.ui import geometry, theme  # noqa: E402
from hotel_supply.ui.context import AppContext  # noqa: E402
from hotel_supply.ui.main_window import MainWindow  # noqa: E402

GUIDE_IMAGES = ROOT / "resources" / "guide" / "img"
SCREEN = (1366, 768)
DEMO_TODAY = dt.date(2026, 11, 27)  # a Friday: every hotel expects deliveries
MAX_BYTES = 150_000


def save_png(widget: QWidget, path: Path) -> int:
    """Save what ``widget`` shows as a PNG of at most 256 colours (the UI has few), so a
    whole window stays well under 150 KB; returns the size in bytes."""
    app = QApplication.instance()
    assert app is not None
    app.processEvents()
    pixmap = widget.grab()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buffer, "PNG")
    data = bytes(buffer.data().data())
    try:  # Pillow comes with ReportLab; without it the full-colour PNG is kept
        import io

        from PIL import Image

        image = Image.open(io.BytesIO(data)).convert("RGB")
        small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                               dither=Image.Dither.NONE)
        out = io.BytesIO()
        small.save(out, "PNG", optimize=True)
        data = out.getvalue()
    except ImportError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return len(data)


# --- every page of a database -------------------------------------------------------------


def pages(args: argparse.Namespace) -> int:
    set_language(args.lang)
    app = QApplication([])
    theme.apply(app)
    width, height = (int(x) for x in args.size.split("x"))
    db = open_database(args.database)
    from hotel_supply.services.accounts import sign_in

    # as the demo's administrator unless HOTEL_SUPPLY_USER / _PASSWORD say otherwise
    sign_in(db, username=os.environ.get("HOTEL_SUPPLY_USER", "admin"),
            password=os.environ.get("HOTEL_SUPPLY_PASSWORD", "demo"), record=False)
    window = MainWindow(AppContext(db, Preferences(language=args.lang), is_demo=True))
    window.resize(width, height)
    window.show()
    args.out.mkdir(parents=True, exist_ok=True)
    for i, page in enumerate(window.pages):
        window.show_page(i)
        app.processEvents()
        name = type(page).__name__.removesuffix("Page").lower()
        path = args.out / f"{i + 1:02d}-{name}.png"
        save_png(window, path)
        print(path)
    db.dispose()
    return 0


# --- the guide's pictures -----------------------------------------------------------------


def _demo(folder: Path) -> Database:
    from hotel_supply import demo
    from hotel_supply.services.accounts import sign_in

    db = demo.reset_database(sqlite_url(folder / "demo.sqlite3"))
    demo.build_demo(db, days=45, hotels=2, suppliers=14, today=DEMO_TODAY)
    sign_in(db, username=demo.DEMO_USER, password="demo", record=False)
    # last month's invoices issued, as the month-end pictures show them
    from hotel_supply.services.invoicing import generate_drafts, issue_invoices

    last_month = DEMO_TODAY.replace(day=1) - dt.timedelta(days=1)
    drafts = generate_drafts(db, year=last_month.year, month=last_month.month)
    issue_invoices(db, invoice_ids=list(drafts.invoice_ids), issue_date=DEMO_TODAY.replace(day=1))
    return db


def _window(db: Database, language: str, *, is_demo: bool) -> MainWindow:
    window = MainWindow(AppContext(db, Preferences(language=language), is_demo=is_demo))
    window.resize(*SCREEN)
    window.db_label.setText("hotel-supply.sqlite3")  # not the temporary folder's path
    window.show()
    QApplication.processEvents()
    return window


def _page(window: MainWindow, name: str) -> QWidget:
    for i, page in enumerate(window.pages):
        if type(page).__name__ == name:
            window.show_page(i)
            QApplication.processEvents()
            return page
    raise LookupError(name)


def _dialog(build: Callable[[], QDialog], path: Path) -> int:
    dialog = build()
    dialog.show()
    QApplication.processEvents()
    size = save_png(dialog, path)
    dialog.close()
    dialog.deleteLater()
    return size


def guide(language: str, folder: Path, demo_db: Database) -> list[tuple[Path, int]]:
    """The guide's pictures in one language; (file, bytes) of each."""
    from sqlalchemy import select

    from hotel_supply.models import Hotel, Invoice, Order
    from hotel_supply.models.enums import InvoiceStatus, StockDocumentKind
    from hotel_supply.ui.dialogs.delivery import DeliveryDialog
    from hotel_supply.ui.dialogs.hotel import HotelDialog
    from hotel_supply.ui.dialogs.stock_document import StockDocumentDialog

    set_language(language)
    out = GUIDE_IMAGES / language
    saved: list[tuple[Path, int]] = []

    def keep(name: str, size: int) -> None:
        saved.append((out / name, size))

    # a new office: the first steps, the empty hotel list, the hotel form
    from hotel_supply.services.accounts import create_first_admin

    empty = open_database(sqlite_url(folder / f"empty-{language}.sqlite3"))
    create_first_admin(empty, username="admin", full_name="Admin", password="guide-admin-1",
                       repeated="guide-admin-1")
    window = _window(empty, language, is_demo=False)
    _page(window, "TodayPage")
    keep("first-steps.png", save_png(window, out / "first-steps.png"))
    _page(window, "HotelsPage")
    keep("hotels-empty.png", save_png(window, out / "hotels-empty.png"))
    ctx = window.ctx
    keep("hotel.png", _dialog(lambda: HotelDialog(ctx, None, parent=window), out / "hotel.png"))
    window.close()
    empty.dispose()

    # a working office: the demo
    window = _window(demo_db, language, is_demo=True)
    ctx = window.ctx
    _page(window, "TodayPage")
    keep("today.png", save_png(window, out / "today.png"))
    with demo_db.reader() as s:
        order = s.scalars(
            select(Order.id).where(Order.order_date == DEMO_TODAY).order_by(Order.id)
        ).first()
        hotel = s.scalars(select(Hotel.id).order_by(Hotel.id)).first()
        invoiced = s.scalar(
            select(Invoice.id).where(Invoice.status != InvoiceStatus.DRAFT).limit(1)
        )
    if order is not None:
        keep("receiving.png", _dialog(
            lambda: DeliveryDialog(ctx, None, parent=window, order_id=order),
            out / "receiving.png"))
    _page(window, "StockPage")
    keep("stock.png", save_png(window, out / "stock.png"))
    if hotel is not None:
        keep("issue.png", _dialog(
            lambda: StockDocumentDialog(ctx, StockDocumentKind.ISSUE, hotel_id=hotel,
                                        parent=window),
            out / "issue.png"))
    _page(window, "CountsPage")
    keep("counts.png", save_png(window, out / "counts.png"))
    invoices = _page(window, "InvoicesPage")
    if invoiced is None:
        print("the demo has no issued invoice: the invoices picture shows drafts")
    keep("invoices.png", save_png(invoices.window(), out / "invoices.png"))
    _page(window, "ReconciliationPage")
    keep("reconciliation.png", save_png(window, out / "reconciliation.png"))
    window.close()
    return saved


def _close_message_boxes() -> None:
    """A message box would wait for a click nobody gives: say what it said and close it."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            print("message:", widget.text(), file=sys.stderr)
            widget.reject()


def guide_pictures(args: argparse.Namespace) -> int:
    app = QApplication([])
    theme.apply(app)
    watchdog = QTimer(interval=300)
    watchdog.timeout.connect(_close_message_boxes)
    watchdog.start()
    # dialogs open as on the office laptop, not on the offscreen platform's small screen
    geometry.available_area = lambda _widget=None: QRect(0, 0, SCREEN[0], SCREEN[1] - 40)
    languages = ("id", "en") if args.lang == "both" else (args.lang,)
    clock.set_clock(lambda: dt.datetime.combine(DEMO_TODAY, dt.time(10, 0)))
    too_big = 0
    with tempfile.TemporaryDirectory(prefix="hotel-supply-guide-") as name:
        folder = Path(name)
        os.environ["HOTEL_SUPPLY_DATA_DIR"] = str(folder)  # preferences, window sizes
        demo_db = _demo(folder)
        # the demo's build sets the clock back to the real one: the pictures show its Friday
        clock.set_clock(lambda: dt.datetime.combine(DEMO_TODAY, dt.time(10, 0)))
        try:
            for language in languages:
                for path, size in guide(language, folder, demo_db):
                    flag = "" if size <= MAX_BYTES else "  TOO BIG"
                    too_big += bool(flag)
                    print(f"{path.relative_to(ROOT)}  {size // 1024} KB{flag}")
        finally:
            demo_db.dispose()
    del app
    return 1 if too_big else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--guide", action="store_true", help="make the guide's pictures")
    parser.add_argument("--database", help="the database whose pages to take")
    parser.add_argument("--out", type=Path, help="folder for the pages' PNGs")
    parser.add_argument("--lang", default=None, choices=("id", "en", "both"))
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args()
    if args.guide:
        args.lang = args.lang or "both"
        return guide_pictures(args)
    if not args.database or not args.out:
        parser.error("give --guide, or --database and --out")
    args.lang = args.lang if args.lang in ("id", "en") else "id"
    return pages(args)


if __name__ == "__main__":
    raise SystemExit(main())
