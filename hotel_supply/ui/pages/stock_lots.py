"""The lots of the product selected on the stock page: code, expiry, received, unit cost,
quantity and days left, coloured by how near the expiry is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from hotel_supply.formatting import format_date, format_qty, format_rupiah
from hotel_supply.i18n import N_, _
from hotel_supply.services.stock_levels import LotRow
from hotel_supply.ui import theme
from hotel_supply.ui.table_model import CENTER, RIGHT, Column, ListTableModel, setup_table


def expiry_color(expiry: dt.date | None, day: dt.date, window: int) -> str | None:
    """Red once expired (the day after the expiry date), amber within the warning window."""
    if expiry is None:
        return None
    if expiry < day:
        return theme.BAD
    if expiry <= day + dt.timedelta(days=window):
        return theme.WARN
    return None


class LotsPanel(QWidget):
    """A title and a read-only table of one product's lots on the page's date.

    ``day`` and ``within`` give the page's date and its "expiring soon" window, read
    each time a cell is drawn.
    """

    def __init__(
        self,
        *,
        day: Callable[[], dt.date],
        within: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.day = day
        self.within = within
        self.columns = self._columns()
        self.model: ListTableModel[LotRow] = ListTableModel(
            self.columns, key=lambda r: r.lot_id or 0, parent=self
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, self.columns, stretch=0, row_height=24)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)

    def clear(self) -> None:
        """No product selected: an empty table under a plain title."""
        self.model.set_rows([])
        self.title.setText(_("Lots"))

    def show_lots(self, product_name: str, lots: list[LotRow]) -> None:
        """Show the lots of one product, counted in the title."""
        self.model.set_rows(lots)
        self.title.setText(_("Lots of {product} ({n})").format(product=product_name, n=len(lots)))

    def _columns(self) -> list[Column[LotRow]]:
        def days_left(r: LotRow) -> str:
            left = r.days_left(self.day())
            if left is None:
                return ""
            if left < 0:
                return _("expired {n} day(s) ago").format(n=-left)
            return _("today") if left == 0 else str(left)

        return [
            Column(
                N_("Lot"),
                lambda r: r.lot_code or ("—" if r.lot_id else _("outside any lot")),
                width=180,
            ),
            Column(
                N_("Expiry"),
                lambda r: format_date(r.expiry_date),
                raw=lambda r: r.expiry_date,
                align=CENTER,
                width=115,
                color=lambda r: expiry_color(r.expiry_date, self.day(), self.within()),
            ),
            Column(
                N_("Received"),
                lambda r: format_date(r.received_on),
                raw=lambda r: r.received_on,
                align=CENTER,
                width=110,
            ),
            Column(
                N_("Unit cost"),
                lambda r: format_rupiah(r.unit_cost),
                raw=lambda r: r.unit_cost,
                align=RIGHT,
                width=110,
            ),
            Column(
                N_("Quantity"),
                lambda r: format_qty(r.quantity),
                raw=lambda r: r.quantity,
                align=RIGHT,
                width=90,
                color=lambda r: theme.BAD if r.quantity < 0 else None,
            ),
            Column(
                N_("Days left"),
                days_left,
                raw=lambda r: r.days_left(self.day()),
                align=RIGHT,
                width=190,
                color=lambda r: expiry_color(r.expiry_date, self.day(), self.within()),
            ),
        ]
