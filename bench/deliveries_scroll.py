"""The Deliveries page scrolled to the end of every delivery, as a user does it, for
bench_deliveries: prints the growth of the resident memory (MiB) from the page shown to the
end reached.

    python bench/deliveries_scroll.py DATABASE_URL USER PASSWORD

The page shows every date (from the first delivery); then Ctrl+End, the scroll bar dragged
from the top to the bottom in a hundred steps, and Page Up / Page Down pressed near the end,
each painted before the next.
"""

from __future__ import annotations

import gc
import os
import sys


def resident_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(argv: list[str]) -> int:
    url, user, password = argv[:3]

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import func, select

    from hotel_supply.config import Preferences
    from hotel_supply.db import open_database
    from hotel_supply.models import Delivery
    from hotel_supply.services import accounts
    from hotel_supply.ui import theme
    from hotel_supply.ui.context import AppContext
    from hotel_supply.ui.pages.deliveries import DeliveriesPage
    from hotel_supply.ui.widgets import to_qdate

    app = QApplication(sys.argv)
    theme.apply(app)
    db = open_database(url)
    accounts.sign_in(db, username=user, password=password, record=False)
    with db.reader() as session:
        first = session.scalar(select(func.min(Delivery.delivery_date)))
    page = DeliveriesPage(AppContext(db, Preferences.load(), is_demo=True))
    page.resize(1366, 768)
    page.show()
    if first is not None:
        page.date_from.setDate(to_qdate(first))
    page.refresh()
    table, bar = page.table, page.table.verticalScrollBar()

    def painted() -> None:
        table.viewport().repaint()
        app.processEvents()

    painted()
    gc.collect()
    before = resident_mib()
    QTest.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    painted()
    QTest.keyClick(table, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    painted()
    for step in range(101):
        bar.setValue(bar.maximum() * step // 100)
        painted()
    for key in [Qt.Key.Key_PageUp] * 20 + [Qt.Key.Key_PageDown] * 25:
        QTest.keyClick(table, key)
        painted()
    gc.collect()
    after = resident_mib()
    print(f"{after - before:.1f} {page.model.total}")
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
