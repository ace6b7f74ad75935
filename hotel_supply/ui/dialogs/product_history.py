"""Every movement of one product at one hotel, with the balance after each, and the way
back to the document that made it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.formatting import format_date, format_datetime, format_qty
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import MovementKind, ReturnReason, WasteReason, label
from hotel_supply.services.stock_levels import MovementRow, product_history
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.export import export_model
from hotel_supply.ui.table_model import (
    CENTER,
    RIGHT,
    ROW_ROLE,
    Column,
    ListTableModel,
    setup_table,
)
from hotel_supply.ui.widgets import DateEdit, show_error

ZERO = Decimal(0)
KIND_COLORS = {
    MovementKind.RECEIPT: theme.OK,
    MovementKind.RECEIPT_REVERSAL: theme.BAD,
    MovementKind.WASTE: theme.WARN,
    MovementKind.RETURN: theme.WARN,
}


def signed_qty(value: Decimal) -> str:
    return ("+" if value > 0 else "") + format_qty(value)


def reason_text(row: MovementRow) -> str:
    """The outlet of an issue, the labelled reason of waste or a return, else as typed."""
    if row.outlet:
        return row.outlet
    enum = {MovementKind.WASTE: WasteReason, MovementKind.RETURN: ReturnReason}.get(row.kind)
    if enum is not None and row.reason in {r.value for r in enum}:
        return label(enum(row.reason))
    return row.reason


COLUMNS: list[Column[MovementRow]] = [
    Column(N_("Date"), lambda r: format_date(r.day), raw=lambda r: r.day, align=CENTER, width=90),
    Column(
        N_("Kind"),
        lambda r: label(r.kind),
        raw=lambda r: r.kind.value,
        width=180,
        color=lambda r: KIND_COLORS.get(r.kind),
    ),
    Column(N_("Document"), lambda r: r.document, width=140),
    Column(N_("Lot"), lambda r: r.lot_code, width=110),
    Column(N_("Outlet / reason"), reason_text, width=160),
    Column(
        N_("Quantity"),
        lambda r: signed_qty(r.quantity),
        raw=lambda r: r.quantity,
        align=RIGHT,
        width=85,
        color=lambda r: theme.OK if r.quantity > 0 else theme.BAD,
    ),
    Column(
        N_("Balance"),
        lambda r: format_qty(r.balance_after),
        raw=lambda r: r.balance_after,
        align=RIGHT,
        width=85,
        color=lambda r: theme.BAD if r.balance_after < 0 else None,
    ),
    Column(
        N_("Below zero"),
        lambda r: _("confirmed") if r.negative_confirmed else "",
        raw=lambda r: r.negative_confirmed,
        align=CENTER,
        width=115,
        color=lambda r: theme.BAD if r.negative_confirmed else None,
    ),
    Column(N_("By"), lambda r: f"{r.created_by} · {format_datetime(r.created_at)}", width=190),
]


class ProductHistoryDialog(QDialog):
    """Opening balance, then each movement; double-click opens its document."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        hotel_id: int,
        product_id: int,
        title: str = "",
        day: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.hotel_id = hotel_id
        self.product_id = product_id
        self.setWindowTitle(_("Product history") + (f" — {title}" if title else ""))
        self.setMinimumSize(820, 440)
        geometry.fit_to_screen(self, 1160, 620)
        layout = QVBoxLayout(self)
        heading = QLabel(title or _("Product history"))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)

        end = day or clock.today()
        self.date_from = DateEdit(end - dt.timedelta(days=30))
        self.date_to = DateEdit(end)
        self.opening = QLabel()
        self.opening.setStyleSheet("font-weight: 600;")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("From")))
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel(_("to")))
        bar.addWidget(self.date_to)
        bar.addSpacing(18)
        bar.addWidget(self.opening)
        bar.addStretch(1)
        self.hint = QLabel(_("Double-click a movement to open its delivery note or slip."))
        self.hint.setObjectName("pageSubtitle")
        bar.addWidget(self.hint)
        layout.addLayout(bar)

        self.model: ListTableModel[MovementRow] = ListTableModel(
            COLUMNS, key=lambda r: r.id, parent=self
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, COLUMNS, stretch=4)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.doubleClicked.connect(self._open_index)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                key,
                self.table,
                activated=self.open_selected,
                context=Qt.ShortcutContext.WidgetShortcut,
            )
        layout.addWidget(self.table, 1)

        self.summary = QLabel()
        self.summary.setStyleSheet("font-weight: 600;")
        export_button = QPushButton(theme.icon("microsoft-excel"), _("Export…"))
        open_button = QPushButton(theme.icon("folder-open-outline"), _("Open document"))
        close = QPushButton(_("Close"))
        footer = QHBoxLayout()
        footer.addWidget(self.summary)
        footer.addStretch(1)
        footer.addWidget(export_button)
        footer.addWidget(open_button)
        footer.addWidget(close)
        layout.addLayout(footer)
        export_button.clicked.connect(
            lambda: export_model(self.ctx, self.model, title=_("Product history"), parent=self)
        )
        open_button.clicked.connect(self.open_selected)
        close.clicked.connect(self.accept)
        for b in (export_button, open_button, close):
            b.setAutoDefault(False)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.load())
        QShortcut(QKeySequence.StandardKey.Refresh, self, activated=self.load)
        self.load()
        self.table.setFocus()

    def load(self) -> None:
        date_from, date_to = self.date_from.value(), self.date_to.value()
        try:
            opening, rows = product_history(
                self.ctx.db,
                hotel_id=self.hotel_id,
                product_id=self.product_id,
                date_from=date_from,
                date_to=date_to,
            )
        except Exception as exc:
            show_error(self, exc)
            return
        self.model.set_rows(rows)
        self.opening.setText(
            _("Opening balance on {date}: {qty}").format(
                date=format_date(date_from), qty=format_qty(opening)
            )
        )
        came = sum((r.quantity for r in rows if r.quantity > 0), ZERO)
        went = sum((r.quantity for r in rows if r.quantity < 0), ZERO)
        closing = rows[-1].balance_after if rows else opening
        self.summary.setText(
            _("In {came} · out {went} · balance on {date}: {qty}").format(
                came=signed_qty(came),
                went=format_qty(went),
                date=format_date(date_to),
                qty=format_qty(closing),
            )
        )
        if rows:
            self.table.selectRow(len(rows) - 1)
            self.table.scrollToBottom()

    def _open_index(self, index: QModelIndex) -> None:
        self.table.selectRow(index.row())
        self.open_selected()

    def selected(self) -> MovementRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        row: MovementRow = rows[0].data(ROW_ROLE)
        return row

    def open_selected(self) -> None:
        row = self.selected()
        if row is None or row.document_id is None:
            return
        if row.document_kind == "delivery":
            from hotel_supply.ui.dialogs.delivery import DeliveryDialog

            DeliveryDialog(self.ctx, row.document_id, parent=self).exec()
        elif row.document_kind == "stock_document":
            from hotel_supply.ui.dialogs.stock_document import preview_stock_slip

            preview_stock_slip(self.ctx, row.document_id, parent=self)
        elif row.document_kind == "count":
            from hotel_supply.ui.dialogs.stock_count import StockCountDialog

            StockCountDialog(self.ctx, row.document_id, parent=self).exec()
        self.load()
